"""LinkedIn Posts API (versioned /rest) for organization pages, with the Images API."""

import re
from datetime import UTC, datetime
from urllib.parse import quote

from django.conf import settings

from platforms.adapters import Adapter, Capabilities, PublishRequest, PublishResult, RemotePost

from .errors import classify
from .oauth import refresh


class LinkedInAdapter(Adapter):
    platform = "linkedin"
    capabilities = Capabilities(
        max_images=20,
        alt_text=True,
        post_metrics=(
            "impressionCount",
            "uniqueImpressionsCount",
            "clickCount",
            "likeCount",
            "commentCount",
            "shareCount",
            "engagement",
        ),
        account_metrics=("followers_count",),
        unavailable={
            "saves": "LinkedIn reports no saves.",
            "views": "Video views only; image and text posts have impressions.",
        },
    )
    classify = staticmethod(classify)

    def auth_headers(self, tokens):
        return {
            "Authorization": f"Bearer {tokens.access_token}",
            "LinkedIn-Version": settings.LINKEDIN_API_VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def refresh_tokens(self, tokens):
        return refresh(tokens)

    @property
    def author(self) -> str:
        return self.account.external_id  # urn:li:organization:<id>

    def publish(self, request: PublishRequest) -> PublishResult:
        self.check_images(request)
        images = [(self._upload(i), i.alt_text) for i in request.images]
        body = {
            "author": self.author,
            "commentary": escape_little(request.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if len(images) == 1:
            body["content"] = {"media": {"id": images[0][0], "altText": images[0][1]}}
        elif images:
            body["content"] = {
                "multiImage": {"images": [{"id": i, "altText": a} for i, a in images]}
            }
        response = self.call("POST", "/rest/posts", json=body)
        urn = response.headers["x-restli-id"]
        return PublishResult(urn, f"https://www.linkedin.com/feed/update/{urn}/")

    def _upload(self, image) -> str:
        value = self.call(
            "POST",
            "/rest/images",
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": self.author}},
        ).json()["value"]
        self.call(
            "PUT", value["uploadUrl"], data=image.content, headers={"Content-Type": image.mime_type}
        )
        return value["image"]

    def recent_posts(self, limit: int = 20) -> list[RemotePost]:
        elements = self.call(
            "GET",
            "/rest/posts",
            params={"q": "author", "author": self.author, "count": limit},
        ).json()["elements"]
        return [
            RemotePost(
                e["id"],
                unescape_little(e.get("commentary", "")),
                datetime.fromtimestamp(e["publishedAt"] / 1000, UTC)
                if e.get("publishedAt")
                else None,
                f"https://www.linkedin.com/feed/update/{e['id']}/",
            )
            for e in elements
        ]

    def delete(self, external_id: str) -> None:
        self.call("DELETE", f"/rest/posts/{quote(external_id, safe='')}")

    def post_metrics(self, external_id: str) -> dict[str, int]:
        key = "ugcPosts" if ":ugcPost:" in external_id else "shares"
        elements = self.call(
            "GET",
            "/rest/organizationalEntityShareStatistics",
            params={
                "q": "organizationalEntity",
                "organizationalEntity": self.author,
                key: f"List({quote(external_id, safe='')})",
            },
        ).json()["elements"]
        stats = elements[0]["totalShareStatistics"] if elements else {}
        return {k: int(v) for k, v in stats.items() if k in self.capabilities.post_metrics}

    def account_metrics(self) -> dict[str, int]:
        data = self.call(
            "GET",
            f"/rest/networkSizes/{quote(self.author, safe='')}",
            params={"edgeType": "COMPANY_FOLLOWED_BY_MEMBER"},
        ).json()
        return {"followers_count": int(data["firstDegreeSize"])}


_RESERVED = re.compile(r"([|{}@\[\]()<>#\\*_~])")


def escape_little(text: str) -> str:
    """LinkedIn's "little" text format: reserved characters are backslash-escaped, except the
    hashtags people write on purpose."""
    escaped = _RESERVED.sub(r"\\\1", text)
    return re.sub(r"\\#(?=\w)", "#", escaped)


def unescape_little(text: str) -> str:
    """The text as written, from LinkedIn's escaped commentary: what reconciliation compares
    with what we sent."""
    return re.sub(r"\\([|{}@\[\]()<>#\\*_~])", r"\1", text)

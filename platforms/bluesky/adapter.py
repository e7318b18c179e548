"""Bluesky over XRPC on the account's PDS: app-password sessions (JWTs with refresh), records
in app.bsky.feed.post with link facets, image blobs with alt text."""

import re
from datetime import UTC, datetime

from platforms.adapters import Adapter, Capabilities, PublishRequest, PublishResult, RemotePost
from platforms.dates import parse_time
from platforms.http import ErrorKind, PlatformError
from platforms.tokens import TokenSet

from .errors import classify
from .oauth import refresh

COLLECTION = "app.bsky.feed.post"
_LINK = re.compile(r"https?://[^\s]+[^\s.,;:!?)\]]")
_RKEY = re.compile(r"[^A-Za-z0-9._:~-]")


def facets(text: str) -> list[dict]:
    """Bluesky does not detect links: each gets a facet with UTF-8 byte offsets."""
    found = []
    for match in _LINK.finditer(text):
        start = len(text[: match.start()].encode())
        found.append(
            {
                "index": {"byteStart": start, "byteEnd": start + len(match.group(0).encode())},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": match.group(0)}],
            }
        )
    return found


class BlueskyAdapter(Adapter):
    platform = "bluesky"
    capabilities = Capabilities(
        max_images=4,
        alt_text=True,
        post_metrics=("likeCount", "repostCount", "replyCount", "quoteCount", "bookmarkCount"),
        account_metrics=("followersCount", "followsCount", "postsCount"),
        unavailable={
            "impressions": "Bluesky has no impressions or views.",
            "reach": "Bluesky has no reach.",
            "clicks": "Bluesky does not count clicks.",
        },
    )
    classify = staticmethod(classify)

    @property
    def api_base(self) -> str:
        return (self.account.credential.config.get("pds") or super().api_base).rstrip("/")

    @property
    def did(self) -> str:
        return self.account.external_id

    def refresh_tokens(self, tokens: TokenSet) -> TokenSet:
        return refresh(tokens, self.api_base, transport=self.transport)

    def publish(self, request: PublishRequest) -> PublishResult:
        self.check_images(request)
        record: dict = {
            "$type": COLLECTION,
            "text": request.text,
            "createdAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "langs": ["en"],
        }
        if links := facets(request.text):
            record["facets"] = links
        if request.images:
            images = []
            for image in request.images:
                blob = self.call(
                    "POST",
                    "/xrpc/com.atproto.repo.uploadBlob",
                    data=image.content,
                    headers={"Content-Type": image.mime_type},
                    idempotent=False,
                ).json()["blob"]
                images.append({"alt": image.alt_text, "image": blob})
            record["embed"] = {"$type": "app.bsky.embed.images", "images": images}
        body = {"repo": self.did, "collection": COLLECTION, "record": record}
        rkey = _RKEY.sub("", request.idempotency_key)[:512]
        if rkey:
            body["rkey"] = rkey  # a repeat of this attempt cannot make a second post
        try:
            uri = self.call("POST", "/xrpc/com.atproto.repo.createRecord", json=body).json()["uri"]
        except PlatformError as exc:
            if exc.kind != ErrorKind.DUPLICATE or not rkey:
                raise
            uri = f"at://{self.did}/{COLLECTION}/{rkey}"  # the earlier attempt went through
        return PublishResult(uri, self._web_url(uri))

    def _web_url(self, uri: str) -> str:
        handle = self.account.handle.lstrip("@")
        return f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[1]}"

    def recent_posts(self, limit: int = 20) -> list[RemotePost]:
        records = self.call(
            "GET",
            "/xrpc/com.atproto.repo.listRecords",
            params={"repo": self.did, "collection": COLLECTION, "limit": min(limit, 100)},
        ).json()["records"]
        return [
            RemotePost(
                r["uri"],
                r["value"].get("text", ""),
                parse_time(r["value"].get("createdAt")),
                self._web_url(r["uri"]),
            )
            for r in records
        ]

    def delete(self, external_id: str) -> None:
        self.call(
            "POST",
            "/xrpc/com.atproto.repo.deleteRecord",
            json={
                "repo": self.did,
                "collection": COLLECTION,
                "rkey": external_id.rsplit("/", 1)[1],
            },
            idempotent=True,
        )

    def post_metrics(self, external_id: str) -> dict[str, int]:
        posts = self.call(
            "GET", "/xrpc/app.bsky.feed.getPosts", params={"uris": external_id}
        ).json()["posts"]
        if not posts:
            raise PlatformError(ErrorKind.PERMANENT, f"Bluesky has no post {external_id}.")
        return {k: int(posts[0].get(k, 0)) for k in self.capabilities.post_metrics}

    def account_metrics(self) -> dict[str, int]:
        profile = self.call(
            "GET", "/xrpc/app.bsky.actor.getProfile", params={"actor": self.did}
        ).json()
        return {k: int(profile[k]) for k in self.capabilities.account_metrics}

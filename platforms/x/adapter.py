"""X API v2: POST /2/tweets, media upload v2 with alt text, reads, deletes and metrics."""

from platforms.adapters import (
    Adapter,
    Capabilities,
    PublishRequest,
    PublishResult,
    RemotePost,
)
from platforms.dates import parse_time
from platforms.tokens import TokenSet

from .errors import classify
from .oauth import refresh


class XAdapter(Adapter):
    platform = "x"
    capabilities = Capabilities(
        max_images=4,
        alt_text=True,
        post_metrics=(
            "impression_count",
            "like_count",
            "retweet_count",
            "reply_count",
            "quote_count",
            "bookmark_count",
            "url_link_clicks",
            "user_profile_clicks",
            "engagements",
        ),
        account_metrics=("followers_count", "following_count", "tweet_count", "listed_count"),
        unavailable={
            "reach": "X reports impressions, not unique reach.",
            "shares": "X counts reposts and quotes, not shares.",
            "saves": "X calls saves bookmarks (bookmark_count).",
        },
    )
    classify = staticmethod(classify)

    def publish(self, request: PublishRequest) -> PublishResult:
        self.check_images(request)
        media_ids = [self._upload(image) for image in request.images]
        body: dict = {"text": request.text}
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        data = self.call("POST", "/2/tweets", json=body).json()["data"]
        return PublishResult(data["id"], self._post_url(data["id"]))

    def _upload(self, image) -> str:
        response = self.call(
            "POST",
            "/2/media/upload",
            data={"media_category": "tweet_image", "media_type": image.mime_type},
            files={"media": ("image", image.content, image.mime_type)},
            idempotent=False,
        )
        media_id = response.json()["data"]["id"]
        if image.alt_text:
            self.call(
                "POST",
                "/2/media/metadata",
                json={"id": media_id, "metadata": {"alt_text": {"text": image.alt_text[:1000]}}},
                idempotent=True,
            )
        return media_id

    def _post_url(self, post_id: str) -> str:
        return f"https://x.com/{self.account.handle.lstrip('@')}/status/{post_id}"

    def recent_posts(self, limit: int = 20) -> list[RemotePost]:
        response = self.call(
            "GET",
            f"/2/users/{self.account.external_id}/tweets",
            params={"max_results": max(5, min(limit, 100)), "tweet.fields": "created_at"},
        )
        return [
            RemotePost(t["id"], t["text"], parse_time(t.get("created_at")), self._post_url(t["id"]))
            for t in response.json().get("data", [])[:limit]
        ]

    def delete(self, external_id: str) -> None:
        self.call("DELETE", f"/2/tweets/{external_id}")

    def post_metrics(self, external_id: str) -> dict[str, int]:
        response = self.call(
            "GET",
            f"/2/tweets/{external_id}",
            params={"tweet.fields": "public_metrics,non_public_metrics,organic_metrics"},
        )
        data = response.json()["data"]
        values = dict(data.get("public_metrics", {}))
        values.update(data.get("non_public_metrics", {}))
        return {k: int(v) for k, v in values.items() if k in self.capabilities.post_metrics}

    def account_metrics(self) -> dict[str, int]:
        response = self.call("GET", "/2/users/me", params={"user.fields": "public_metrics"})
        metrics = response.json()["data"]["public_metrics"]
        return {k: int(metrics[k]) for k in self.capabilities.account_metrics if k in metrics}

    def refresh_tokens(self, tokens: TokenSet) -> TokenSet:
        return refresh(tokens)

"""Mastodon (any instance): statuses with Idempotency-Key, media with descriptions."""

from platforms.adapters import Adapter, Capabilities, PublishRequest, PublishResult, RemotePost
from platforms.dates import parse_time

from .errors import classify


class MastodonAdapter(Adapter):
    platform = "mastodon"
    capabilities = Capabilities(
        max_images=4,
        alt_text=True,
        post_metrics=("replies_count", "reblogs_count", "favourites_count", "quotes_count"),
        account_metrics=("followers_count", "following_count", "statuses_count"),
        unavailable={
            "impressions": "Mastodon has no impressions or views.",
            "reach": "Mastodon has no reach.",
            "clicks": "Mastodon does not count link clicks.",
        },
    )
    classify = staticmethod(classify)

    @property
    def api_base(self) -> str:
        instance = self.account.credential.config.get("instance")
        return (instance or super().api_base).rstrip("/")

    def publish(self, request: PublishRequest) -> PublishResult:
        self.check_images(request)
        media_ids = []
        for image in request.images:
            media = self.call(
                "POST",
                "/api/v2/media",
                data={"description": image.alt_text},
                files={"file": ("image", image.content, image.mime_type)},
            ).json()
            media_ids.append(media["id"])
        headers = {"Idempotency-Key": request.idempotency_key} if request.idempotency_key else {}
        body = {"status": request.text, "visibility": "public"}
        if media_ids:
            body["media_ids"] = media_ids
        status = self.call("POST", "/api/v1/statuses", json=body, headers=headers).json()
        return PublishResult(status["id"], status["url"])

    def recent_posts(self, limit: int = 20) -> list[RemotePost]:
        statuses = self.call(
            "GET",
            f"/api/v1/accounts/{self.account.external_id}/statuses",
            params={"limit": min(limit, 40)},
        ).json()
        return [
            RemotePost(
                s["id"], s.get("text") or s["content"], parse_time(s["created_at"]), s["url"]
            )
            for s in statuses
        ]

    def delete(self, external_id: str) -> None:
        self.call("DELETE", f"/api/v1/statuses/{external_id}")

    def post_metrics(self, external_id: str) -> dict[str, int]:
        status = self.call("GET", f"/api/v1/statuses/{external_id}").json()
        return {k: int(status[k]) for k in self.capabilities.post_metrics if k in status}

    def account_metrics(self) -> dict[str, int]:
        me = self.call("GET", "/api/v1/accounts/verify_credentials").json()
        return {k: int(me[k]) for k in self.capabilities.account_metrics}

"""Facebook Pages through the Graph API, with a page access token."""

import json

from platforms.adapters import Adapter, Capabilities, PublishRequest, PublishResult, RemotePost
from platforms.dates import parse_time

from .errors import classify


class FacebookAdapter(Adapter):
    platform = "facebook"
    capabilities = Capabilities(
        max_images=10,
        alt_text=True,
        post_metrics=(
            "post_media_view",
            "post_total_media_view_unique",
            "post_clicks",
            "post_reactions_by_type_total",
        ),
        account_metrics=("followers_count",),
        unavailable={
            "impressions": "Replaced by views (post_media_view) since November 2025.",
            "saves": "The Pages API reports no saves.",
        },
    )
    classify = staticmethod(classify)

    def publish(self, request: PublishRequest) -> PublishResult:
        self.check_images(request)
        page = self.account.external_id
        if len(request.images) == 1:
            image = request.images[0]
            data = self.call(
                "POST",
                f"/{page}/photos",
                data={"message": request.text, "alt_text_custom": image.alt_text},
                files={"source": ("image", image.content, image.mime_type)},
            ).json()
            return self._result(data["post_id"])
        form = {"message": request.text, "published": "true"}
        for index, image in enumerate(request.images):
            photo = self.call(
                "POST",
                f"/{page}/photos",
                data={"published": "false", "alt_text_custom": image.alt_text},
                files={"source": ("image", image.content, image.mime_type)},
            ).json()
            form[f"attached_media[{index}]"] = json.dumps({"media_fbid": photo["id"]})
        return self._result(self.call("POST", f"/{page}/feed", data=form).json()["id"])

    def _result(self, post_id: str) -> PublishResult:
        page_id, _, story = post_id.partition("_")
        return PublishResult(post_id, f"https://www.facebook.com/{page_id}/posts/{story}")

    def recent_posts(self, limit: int = 20) -> list[RemotePost]:
        data = self.call(
            "GET",
            f"/{self.account.external_id}/published_posts",
            params={"fields": "id,message,created_time,permalink_url", "limit": limit},
        ).json()["data"]
        return [
            RemotePost(
                p["id"],
                p.get("message", ""),
                parse_time(p.get("created_time")),
                p.get("permalink_url", ""),
            )
            for p in data
        ]

    def delete(self, external_id: str) -> None:
        self.call("DELETE", f"/{external_id}")

    def post_metrics(self, external_id: str) -> dict[str, int]:
        data = self.call(
            "GET",
            f"/{external_id}/insights",
            params={"metric": ",".join(self.capabilities.post_metrics), "period": "lifetime"},
        ).json()["data"]
        values = {}
        for metric in data:
            value = metric["values"][-1]["value"]
            values[metric["name"]] = sum(value.values()) if isinstance(value, dict) else int(value)
        return values

    def account_metrics(self) -> dict[str, int]:
        data = self.call(
            "GET", f"/{self.account.external_id}", params={"fields": "followers_count"}
        ).json()
        return {"followers_count": int(data["followers_count"])}

    def auth_headers(self, tokens):
        return {"Authorization": f"Bearer {tokens.access_token}"}

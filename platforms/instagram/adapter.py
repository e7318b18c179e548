"""Instagram professional accounts through the Graph API (Facebook Login): a media container,
then media_publish. Instagram fetches the image from a public URL; it has no text-only posts
and its API cannot delete posts."""

from platforms.adapters import Adapter, Capabilities, PublishRequest, PublishResult, RemotePost
from platforms.dates import parse_time
from platforms.http import ErrorKind, PlatformError

from .errors import classify


class InstagramAdapter(Adapter):
    platform = "instagram"
    capabilities = Capabilities(
        max_images=10,
        alt_text=True,
        text_only=False,
        delete=False,
        post_metrics=(
            "views",
            "reach",
            "likes",
            "comments",
            "saved",
            "shares",
            "total_interactions",
        ),
        account_metrics=("followers_count", "follows_count", "media_count"),
        unavailable={
            "impressions": "Deprecated on 21 April 2025; views replaces it.",
            "clicks": "Instagram reports no link clicks on feed posts.",
        },
    )
    classify = staticmethod(classify)

    def publish(self, request: PublishRequest) -> PublishResult:
        self.check_images(request)
        if any(not image.public_url for image in request.images):
            raise PlatformError(
                ErrorKind.VALIDATION,
                "Instagram fetches images from a public URL; this image has none.",
            )
        ig_user = self.account.external_id
        if len(request.images) == 1:
            image = request.images[0]
            container = self._container(
                {"image_url": image.public_url, "caption": request.text, "alt_text": image.alt_text}
            )
        else:
            children = [
                self._container(
                    {"image_url": i.public_url, "is_carousel_item": "true", "alt_text": i.alt_text}
                )
                for i in request.images
            ]
            container = self._container(
                {"media_type": "CAROUSEL", "children": ",".join(children), "caption": request.text}
            )
        media_id = self.call(
            "POST", f"/{ig_user}/media_publish", data={"creation_id": container}
        ).json()["id"]
        permalink = self.call("GET", f"/{media_id}", params={"fields": "permalink"}).json()
        return PublishResult(media_id, permalink.get("permalink", ""))

    def _container(self, fields: dict) -> str:
        return self.call("POST", f"/{self.account.external_id}/media", data=fields).json()["id"]

    def recent_posts(self, limit: int = 20) -> list[RemotePost]:
        data = self.call(
            "GET",
            f"/{self.account.external_id}/media",
            params={"fields": "id,caption,timestamp,permalink", "limit": limit},
        ).json()["data"]
        return [
            RemotePost(
                m["id"],
                m.get("caption", ""),
                parse_time(m.get("timestamp")),
                m.get("permalink", ""),
            )
            for m in data
        ]

    def delete(self, external_id: str) -> None:
        raise PlatformError(
            ErrorKind.PERMANENT,
            "Instagram's API cannot delete posts: delete it in the Instagram app.",
        )

    def post_metrics(self, external_id: str) -> dict[str, int]:
        data = self.call(
            "GET",
            f"/{external_id}/insights",
            params={"metric": ",".join(self.capabilities.post_metrics)},
        ).json()["data"]
        return {m["name"]: int(m["values"][0]["value"]) for m in data}

    def account_metrics(self) -> dict[str, int]:
        data = self.call(
            "GET",
            f"/{self.account.external_id}",
            params={"fields": ",".join(self.capabilities.account_metrics)},
        ).json()
        return {k: int(data[k]) for k in self.capabilities.account_metrics if k in data}

"""Instagram (content publishing API): no text-only posts; caption 2,200 characters, at most
30 hashtags and 20 @-mentions; JPEG images up to 8 MiB with an aspect ratio from 4:5 to 1.91:1;
carousels of up to 10 items."""

from policies.findings import Finding
from posts.rules.base import MB, MediaInfo, PlatformRules


class InstagramRules(PlatformRules):
    name = "Instagram"
    text_limit = 2_200
    requires_media = True
    max_images = 10
    image_types = frozenset({"image/jpeg"})
    image_max_bytes = 8 * MB
    video_max_bytes = 300 * MB
    max_hashtags = 30
    max_mentions = 20

    def check_image(self, item: MediaInfo) -> list[Finding]:
        found = super().check_image(item)
        if item.width and item.height:
            ratio = item.width / item.height
            if not 0.8 <= ratio <= 1.91:
                found.append(
                    self._whole(
                        "media.aspect_ratio",
                        f"{item.label} is {item.width} by {item.height} pixels: Instagram takes "
                        "images from 4:5 (portrait) to 1.91:1 (landscape).",
                    )
                )
        return found

    def check_text(self, text: str) -> list[Finding]:
        # A caption may be empty on Instagram: the image is the post.
        return [f for f in super().check_text(text) if f.label != "text.empty"]


RULES = InstagramRules()

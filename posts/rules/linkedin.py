"""LinkedIn organization posts (Posts API): commentary up to 3,000 characters, up to 20 images
or one video."""

from posts.rules.base import MB, PlatformRules


class LinkedInRules(PlatformRules):
    name = "LinkedIn"
    text_limit = 3_000
    max_images = 20
    image_types = frozenset({"image/jpeg", "image/png", "image/gif"})
    image_max_bytes = 10 * MB
    video_types = frozenset({"video/mp4"})
    video_max_bytes = 500 * MB


RULES = LinkedInRules()

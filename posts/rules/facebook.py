"""Facebook Pages: a long text limit (63,206 characters, not confirmed in Meta's docs), several
photos or one video."""

from posts.rules.base import MB, PlatformRules


class FacebookRules(PlatformRules):
    name = "Facebook"
    text_limit = 63_206
    max_images = 10
    image_max_bytes = 10 * MB
    video_max_bytes = 1024 * MB


RULES = FacebookRules()

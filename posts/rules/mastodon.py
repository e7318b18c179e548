"""Mastodon: 500 grapheme clusters (the instance default), every URL counts 23 and a remote
mention @user@domain counts as @user (StatusLengthValidator); up to 4 media, images or a video."""

import regex

from posts.rules.base import MB, Count, PlatformRules

URL = regex.compile(r"https?://[^\s<>\"]+")
REMOTE_MENTION = regex.compile(r"(?<![\w@])(@\w+)@[\w.-]+\w")
URL_WEIGHT = "x" * 23


class MastodonRules(PlatformRules):
    name = "Mastodon"
    text_limit = 500
    count_unit = "characters"
    max_images = 4
    image_max_bytes = 16 * MB
    video_types = frozenset({"video/mp4", "video/quicktime", "video/webm"})
    video_max_bytes = 99 * MB
    alt_text_limit = 1_500

    def count(self, text: str) -> Count:
        counted = REMOTE_MENTION.sub(r"\1", URL.sub(URL_WEIGHT, text))
        return Count(len(regex.findall(r"\X", counted)), self.text_limit, self.count_unit)


RULES = MastodonRules()

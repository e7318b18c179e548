"""Bluesky (app.bsky.feed.post lexicon): text up to 300 graphemes and 3,000 UTF-8 bytes; up to
4 images of at most 2,000,000 bytes each (app.bsky.embed.images). SocialOps does not post video
to Bluesky."""

import regex

from policies.findings import Finding, Severity
from posts.rules.base import Count, PlatformRules

MAX_BYTES = 3_000


class BlueskyRules(PlatformRules):
    name = "Bluesky"
    text_limit = 300
    count_unit = "characters"
    max_images = 4
    max_videos = 0
    image_max_bytes = 2_000_000

    def count(self, text: str) -> Count:
        return Count(len(regex.findall(r"\X", text)), self.text_limit, self.count_unit)

    def check_text(self, text: str) -> list[Finding]:
        found = super().check_text(text)
        size = len(text.encode())
        if size > MAX_BYTES:
            found.append(
                Finding(
                    start=None,
                    end=None,
                    label="text.bytes",
                    severity=Severity.BLOCK,
                    reason=f"{size:,} bytes: Bluesky takes at most {MAX_BYTES:,} bytes of text.",
                )
            )
        return found


RULES = BlueskyRules()

"""X: 280 weighted characters counted exactly as twitter-text v3 counts them (URLs 23, emoji 2,
CJK 2), up to 4 images or 1 video (docs: x-api/media/introduction)."""

import json
import warnings
from functools import cache
from pathlib import Path

from posts.rules.base import MB, Count, PlatformRules

with warnings.catch_warnings():
    # twitter-text-parser loads its emoji table through the deprecated pkg_resources.
    warnings.simplefilter("ignore", UserWarning)
    from twitter_text import parse_tweet

CONFIG_FILE = Path(__file__).parent / "data" / "twitter-text-v3.json"


@cache
def twitter_text_config(path: Path = CONFIG_FILE) -> dict:
    """The official config file, in the option names twitter-text-parser reads."""
    raw = json.loads(path.read_text())
    return {
        "version": raw["version"],
        "max_weighted_tweet_length": raw["maxWeightedTweetLength"],
        "scale": raw["scale"],
        "default_weight": raw["defaultWeight"],
        "transformed_url_length": raw["transformedURLLength"],
        "ranges": raw["ranges"],
        "emoji_parsing_enabled": raw.get("emojiParsingEnabled", False),
    }


class XRules(PlatformRules):
    name = "X"
    text_limit = 280
    count_unit = "weighted characters"
    max_images = 4
    image_max_bytes = 5 * MB
    video_max_bytes = 512 * MB
    alt_text_limit = 1000

    def count(self, text: str) -> Count:
        parsed = parse_tweet(text, options=twitter_text_config())
        return Count(parsed.weightedLength, self.text_limit, self.count_unit)

    def image_limit(self, mime: str) -> int:
        # Animated GIFs may be up to 15 MB; other images 5 MB.
        return 15 * MB if mime == "image/gif" else self.image_max_bytes


RULES = XRules()

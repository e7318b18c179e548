"""Platform rules: the X counter against every official twitter-text conformance case, and each
platform's caps."""

import json
from pathlib import Path

import pytest
import yaml

from posts.rules import MediaInfo, rules_for
from posts.rules.x import parse_tweet, twitter_text_config

DATA = Path(__file__).parent / "data"
CASES = yaml.safe_load((DATA / "conformance-validate.yml").read_text())["tests"]
# Which config each group of cases is written for (twitter-text's own test runner does the same).
GROUP_CONFIG = {
    "tweets": DATA / "v1.json",
    "WeightedTweetsCounterTest": DATA / "v2.json",
    "WeightedTweetsWithDiscountedEmojiCounterTest": None,  # v3, the one the product uses
    "UnicodeDirectionalMarkerCounterTest": None,
}


def _cases():
    for group, config in GROUP_CONFIG.items():
        for case in CASES[group]:
            yield pytest.param(group, config, case, id=f"{group}: {case['description']}")


def test_the_conformance_file_has_every_group_we_run():
    assert sum(len(CASES[g]) for g in GROUP_CONFIG) == 52


@pytest.mark.parametrize(("group", "config", "case"), list(_cases()))
def test_the_counter_matches_twitter_text_conformance(group, config, case):
    options = twitter_text_config(config) if config else twitter_text_config()
    result = parse_tweet(case["text"], options=options)
    expected = case["expected"]
    if isinstance(expected, bool):
        assert result.valid is expected
        return
    got = {key: getattr(result, key) for key in expected}
    assert got == expected


def test_the_product_counts_with_the_v3_config():
    assert (
        json.loads((Path(__file__).parents[1] / "rules/data/twitter-text-v3.json").read_text())[
            "version"
        ]
        == 3
    )
    x = rules_for("x")
    assert x.count("Hi http://test.co").used == 26  # a URL counts 23 whatever its length
    assert x.count("😀" * 140).used == 280  # an emoji counts 2
    assert x.count("中" * 141).over  # CJK counts 2


def test_x_says_how_far_over_and_where_the_overflow_starts():
    text = "a" * 285
    [finding] = rules_for("x").check(text, [_image()])
    assert finding.label == "text.length"
    assert finding.severity == "block"
    assert (finding.start, finding.end) == (280, 285)
    assert "5 over X's limit" in finding.reason


def _image(**fields):
    defaults = {
        "kind": "image", "mime": "image/jpeg", "size": 500_000, "width": 1080, "height": 1080,
        "alt_text": "Nurses at the front desk", "label": "team.jpg",
    }  # fmt: skip
    return MediaInfo(**defaults | fields)


def _video(**fields):
    defaults = {"kind": "video", "mime": "video/mp4", "size": 20_000_000, "has_captions": True,
                    "label": "tour.mp4"}  # fmt: skip
    return MediaInfo(**defaults | fields)


def _labels(platform, text="Free flu shots Saturday.", media=()):
    return [f.label for f in rules_for(platform).check(text, list(media))]


def test_instagram_needs_an_image_or_a_video():
    assert _labels("instagram") == ["media.required"]
    assert _labels("instagram", media=[_image()]) == []


def test_instagram_caps_hashtags_mentions_caption_and_takes_only_jpeg():
    assert "text.hashtags" in _labels("instagram", " ".join(["#flu"] * 31), [_image()])
    assert "text.mentions" in _labels("instagram", " ".join(["@a"] * 21), [_image()])
    assert "text.length" in _labels("instagram", "a" * 2201, [_image()])
    assert _labels("instagram", media=[_image(mime="image/png")]) == ["media.type"]


def test_instagram_refuses_an_aspect_ratio_outside_4_5_to_1_91():
    assert _labels("instagram", media=[_image(width=1000, height=2000)]) == ["media.aspect_ratio"]
    assert _labels("instagram", media=[_image(width=1080, height=1350)]) == []


@pytest.mark.parametrize(
    ("platform", "limit"),
    [("facebook", 63_206), ("linkedin", 3_000), ("mastodon", 500), ("bluesky", 300)],
)
def test_each_platform_caps_its_text(platform, limit):
    assert _labels(platform, "a" * limit) == []
    assert _labels(platform, "a" * (limit + 1)) == ["text.length"]


def test_mastodon_counts_a_url_as_23_and_a_remote_mention_as_the_user():
    mastodon = rules_for("mastodon")
    assert mastodon.count("https://riversidehealth.example/a/very/long/path/" + "x" * 80).used == 23
    assert mastodon.count("@nurse@health.social").used == len("@nurse")


def test_bluesky_counts_graphemes_and_caps_bytes():
    bluesky = rules_for("bluesky")
    assert bluesky.count("👩‍⚕️").used == 1  # one grapheme, several code points
    assert "text.bytes" in _labels("bluesky", "👩‍⚕️" * 250)


@pytest.mark.parametrize(
    "platform", ["x", "facebook", "instagram", "linkedin", "mastodon", "bluesky"]
)
def test_every_platform_wants_alt_text_on_images(platform):
    assert "media.alt_text" in _labels(platform, media=[_image(alt_text="")])


def test_videos_need_captions_and_a_platform_video_type():
    assert _labels("x", media=[_video(has_captions=False)]) == ["media.captions"]
    assert _labels("linkedin", media=[_video(mime="video/quicktime")]) == ["media.type"]
    assert "media.count" in _labels("bluesky", media=[_video()])


def test_media_counts_sizes_and_mixing():
    assert _labels("x", media=[_image()] * 5) == ["media.count"]
    assert _labels("x", media=[_image(), _video()]) == ["media.mixed"]
    assert _labels("x", media=[_image(size=6 * 1024 * 1024)]) == ["media.size"]
    # An animated GIF may be bigger on X than a still image.
    assert _labels("x", media=[_image(mime="image/gif", size=12 * 1024 * 1024)]) == []
    assert _labels("bluesky", media=[_image(size=2_000_001)]) == ["media.size"]

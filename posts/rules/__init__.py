"""Each platform's limits, one module per platform. The editor's live counter, the findings
panel, the API and submit all ask `rules_for(platform)`: one implementation."""

from platforms.models import Platform
from posts.rules import bluesky, facebook, instagram, linkedin, mastodon, x
from posts.rules.base import Count, MediaInfo, PlatformRules

RULES: dict[str, PlatformRules] = {
    Platform.X: x.RULES,
    Platform.FACEBOOK: facebook.RULES,
    Platform.INSTAGRAM: instagram.RULES,
    Platform.LINKEDIN: linkedin.RULES,
    Platform.MASTODON: mastodon.RULES,
    Platform.BLUESKY: bluesky.RULES,
}


def rules_for(platform: str) -> PlatformRules:
    return RULES[platform]


__all__ = ["Count", "MediaInfo", "PlatformRules", "rules_for"]

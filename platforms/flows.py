"""The connect flow for each platform (platforms/<kind>/oauth.py)."""

from .bluesky.oauth import BlueskyFlow
from .facebook.oauth import FacebookFlow, InstagramFlow
from .linkedin.oauth import LinkedInFlow
from .mastodon.oauth import MastodonFlow
from .oauth import Flow
from .x.oauth import XFlow

FLOWS: dict[str, type[Flow]] = {
    "x": XFlow,
    "facebook": FacebookFlow,
    "instagram": InstagramFlow,
    "linkedin": LinkedInFlow,
    "mastodon": MastodonFlow,
    "bluesky": BlueskyFlow,
}

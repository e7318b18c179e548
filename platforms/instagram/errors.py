"""Instagram answers through the Graph API, so its failures read like Facebook's (one envelope,
Meta's throttling codes); classify is shared rather than copied."""

from platforms.facebook.errors import classify

__all__ = ["classify"]

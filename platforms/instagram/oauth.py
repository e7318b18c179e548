from platforms.facebook.oauth import InstagramFlow

__all__ = ["InstagramFlow"]

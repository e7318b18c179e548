"""A link to one image that a platform can fetch without logging in (Instagram takes images by
URL, not by upload). The link is signed, names one file by id and content hash, and works for a
day: long enough for the platform to fetch it, not a public gallery of the organization."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from posts.models import Media

SALT = "posts.public_media"
MAX_AGE = 24 * 60 * 60


def signed_url(media: Media) -> str:
    token = signing.dumps({"m": media.pk, "h": media.sha256[:16]}, salt=SALT)
    return settings.SITE_URL.rstrip("/") + reverse("public_media", args=[token])


def media_for_token(token: str) -> Media | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return Media.objects.filter(pk=data.get("m"), sha256__startswith=data.get("h") or "-").first()

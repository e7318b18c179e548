"""Whether a consent record covers a post, and checking the signed document an admin uploads."""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from platforms.models import Platform
from policies.models import ConsentKind, ConsentRecord

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def _as_date(value: dt.date | dt.datetime, zone: ZoneInfo) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value, zone).date()
    return value


def consent_problems(
    consent: ConsentRecord,
    *,
    platforms: Iterable[str],
    kinds: Iterable[str],
    window_start: dt.date | dt.datetime,
    window_end: dt.date | dt.datetime,
) -> list[str]:
    """Why `consent` does not cover a post going to `platforms`, using the patient's `kinds`
    (name, photo, video, quote, story), published between window_start and window_end (dates,
    or aware datetimes read in the organization's time zone). An empty list means it covers.
    Each problem is a phrase that reads after "This consent": "does not cover Instagram"."""
    zone = ZoneInfo(consent.organization.timezone)
    start, end = _as_date(window_start, zone), _as_date(window_end, zone)
    problems = []
    if consent.revoked_at:
        revoked_on = timezone.localtime(consent.revoked_at, zone).date()
        problems.append(f"was revoked on {revoked_on:%b %-d, %Y} ({consent.revoked_reason})")
    for platform in platforms:
        if platform not in consent.platforms:
            problems.append(f"does not cover {Platform(platform).label}")
    for kind in kinds:
        if kind not in consent.kinds:
            problems.append(f"does not cover the patient's {ConsentKind(kind).label.lower()}")
    if start < consent.valid_from:
        problems.append(f"is not valid until {consent.valid_from:%b %-d, %Y}")
    if end > consent.valid_until:
        problems.append(f"ends on {consent.valid_until:%b %-d, %Y}, before the post's window ends")
    return problems


class DocumentError(ValueError):
    pass


def sniff_document(upload) -> str:
    """The content type of an uploaded signed consent, judged by its content (not its name or
    the browser's claim): application/pdf, image/jpeg or image/png. Raises DocumentError."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DocumentError("The file is larger than 10 MB.")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "application/pdf"
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise DocumentError("Upload the signed form as a PDF, JPEG or PNG file.") from exc
    finally:
        upload.seek(0)
    types = {"JPEG": "image/jpeg", "PNG": "image/png"}
    if image_format not in types:
        raise DocumentError("Upload the signed form as a PDF, JPEG or PNG file.")
    return types[image_format]

"""Factories for posts tests: social accounts, posts through the actions, and real image bytes."""

import datetime as dt
import io
import itertools
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.timezone import now
from guardian.shortcuts import assign_perm
from PIL import Image

from platforms.actions import POST_PERMISSION
from platforms.models import SocialAccount
from posts import actions
from posts.models import Post
from socialops.models import Membership, Organization, Role

_counter = itertools.count(1)


def make_account(
    organization: Organization, platform: str = "x", handle: str = "", *, grant_authors=True
) -> SocialAccount:
    """A social account row; every author of the organization may post to it unless told not."""
    n = next(_counter)
    account = SocialAccount.objects.create(
        organization=organization,
        platform=platform,
        handle=handle or f"@{organization.slug}{n}",
        display_name=f"{organization.name} ({platform})",
    )
    if grant_authors:
        for member in organization.memberships.filter(role=Role.AUTHOR).select_related("user"):
            assign_perm(POST_PERMISSION, member.user, account)
    return account


def make_post(
    member: Membership,
    accounts: list[SocialAccount] = (),
    body: str = "Flu shots are free this Saturday at our Main Street clinic.",
    scheduled_at: dt.datetime | None = None,
    **changes,
) -> Post:
    return actions.create_post(
        organization=member.organization,
        by=member.user,
        changes=actions.PostChanges(
            body=body,
            accounts=list(accounts),
            scheduled_at=scheduled_at if scheduled_at is not None else now() + dt.timedelta(days=3),
            **changes,
        ),
    )


def editor_data(post: Post, **overrides) -> dict:
    """What the post editor sends for `post` as saved, with `overrides`."""
    local = post.scheduled_at.astimezone(ZoneInfo(post.organization.timezone))
    data = {
        "body": post.body,
        "accounts": [v.account_id for v in post.variants.all()],
        "language": post.language,
        "scheduled_date": local.date().isoformat(),
        "scheduled_time": local.strftime("%H:%M"),
        "version": post.version,
    }
    return data | overrides


def image_bytes(width: int = 1080, height: int = 1080, format: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 180)).save(buffer, format=format)
    return buffer.getvalue()


def image_upload(name: str = "clinic.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


# The first bytes of real files of these kinds (ISO base media "ftyp" box, AVI RIFF header).
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
AVI_HEAD = b"RIFF\x00\x00\x00\x00AVI LIST" + b"\x00" * 64

"""Posts: one message for one moment, with a variant per target social account, media with alt
text, a campaign and a content pillar, planned on the content calendar."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from platforms.models import SocialAccount
from socialops.models import Organization


class ContentPillar(models.Model):
    """The organization's own themes (education, prevention, services...)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="pillar_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="campaign_name_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Observance(models.Model):
    """A health observance an admin added for their organization. The national ones come from
    the data file in posts/data/observances.json (see posts.observances)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=150)
    starts_on = models.DateField()
    ends_on = models.DateField()
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="observance_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"


class PostState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PUBLISHING = "publishing", "Publishing"
    PUBLISHED = "published", "Published"
    PARTLY_PUBLISHED = "partly_published", "Partly published"
    FAILED = "failed", "Failed"
    UNCONFIRMED = "unconfirmed", "Unconfirmed"
    EXPIRED = "expired", "Expired"
    # Approved, but not sent within the time window it was approved for (a pause, an outage, a
    # held account): never sent late; it needs a new time and a new approval.
    MISSED = "missed", "Missed its time"
    TAKEN_DOWN = "taken_down", "Taken down"


# Every move a post's state may make, and nothing else: move_state refuses the rest, so a
# published post can never fall back to a draft by accident. The publishing states are rolled
# up from the post's publish targets (platforms.publishing.roll_up).
_OUTCOMES = (
    PostState.PUBLISHED, PostState.PARTLY_PUBLISHED, PostState.FAILED, PostState.UNCONFIRMED,
    PostState.MISSED, PostState.TAKEN_DOWN, PostState.PUBLISHING,
)  # fmt: skip
MOVES: dict[str, set[str]] = {
    PostState.DRAFT: {PostState.IN_REVIEW},
    PostState.CHANGES_REQUESTED: {PostState.IN_REVIEW, PostState.EXPIRED, PostState.DRAFT},
    PostState.EXPIRED: {PostState.IN_REVIEW, PostState.DRAFT},
    PostState.MISSED: {PostState.IN_REVIEW, PostState.DRAFT},
    PostState.IN_REVIEW: {
        PostState.IN_REVIEW, PostState.APPROVED, PostState.CHANGES_REQUESTED, PostState.DRAFT,
        PostState.EXPIRED,
    },
    PostState.APPROVED: {
        PostState.IN_REVIEW, PostState.CHANGES_REQUESTED, PostState.DRAFT, PostState.EXPIRED,
        *_OUTCOMES,
    },
    # From publishing on, a post is the record of what went out: only its targets move it.
    # (Not "missed": its round ended, so it may only go back to review, as above.)
    **{state: set(_OUTCOMES) for state in _OUTCOMES if state != PostState.MISSED},
}  # fmt: skip


class IllegalMove(Exception):
    pass


def move_state(post: "Post", state: str) -> None:
    """Move `post` to `state` with a conditional update that refuses a move the table does not
    allow (or a post that moved meanwhile), raising IllegalMove."""
    allowed_from = [start for start, ends in MOVES.items() if state in ends]
    moved = Post.objects.filter(pk=post.pk, state=post.state, state__in=allowed_from).update(
        state=state, updated_at=now()
    )
    if not moved:
        raise IllegalMove(f"Post {post.pk} cannot move from {post.state} to {state}.")
    post.state = state


# Authors may change these. Changing what a post in review or approved sends out voids its
# sign-offs and sends it back to review (approvals.actions.content_changed); from publishing on,
# a post is the record of what went out.
EDITABLE_STATES = (
    PostState.DRAFT, PostState.CHANGES_REQUESTED, PostState.IN_REVIEW, PostState.APPROVED,
    PostState.EXPIRED, PostState.MISSED,
)  # fmt: skip
# Not (or no longer) on its way to review: what the author is still working on.
DRAFT_STATES = (PostState.DRAFT, PostState.CHANGES_REQUESTED, PostState.EXPIRED, PostState.MISSED)


class PostQuerySet(models.QuerySet):
    def for_org(self, organization: Organization) -> "PostQuerySet":
        return self.filter(organization=organization)

    def drafts(self) -> "PostQuerySet":
        return self.filter(state__in=EDITABLE_STATES)

    def scheduled_between(self, start: dt.datetime, end: dt.datetime) -> "PostQuerySet":
        return self.filter(scheduled_at__gte=start, scheduled_at__lt=end)

    def with_card_data(self) -> "PostQuerySet":
        """What a calendar card or a list row shows, in a fixed number of queries."""
        return self.select_related("campaign", "pillar", "created_by").prefetch_related(
            models.Prefetch(
                "variants", queryset=Variant.objects.select_related("account").order_by("id")
            )
        )


class Post(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    # Write once: the text every variant starts from until the author tailors it.
    body = models.TextField(blank=True)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    pillar = models.ForeignKey(
        ContentPillar, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    observance = models.CharField(
        max_length=150, blank=True, help_text="The health observance this post belongs to."
    )
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    # An English post and its Spanish version travel together: same time, rescheduled together.
    paired_with = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="pair_of"
    )
    patient_story = models.BooleanField(
        default=False, help_text="Tells a patient's story: needs a consent record to submit."
    )
    # The patient's signed authorization, and what of the patient the post uses (name, photo,
    # video, quote, story): the consent must cover all of it on every platform.
    consent = models.ForeignKey(
        "policies.ConsentRecord",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
    )
    consent_kinds = models.JSONField(default=list, blank=True)
    # Why a scheduled post must not go out (its consent lapsed, a crisis pause); empty
    # when nothing holds it.
    held_reason = models.CharField(max_length=300, blank=True)
    # A holding statement approved in advance by the full quorum, with no time of its own: during
    # a crisis pause a copy goes out on one reviewer's fast-track sign-off (see approvals).
    crisis_template = models.BooleanField(default=False)
    scheduled_at = models.DateTimeField(null=True, blank=True, db_index=True)
    state = models.CharField(max_length=20, choices=PostState.choices, default=PostState.DRAFT)
    # Optimistic concurrency: every save bumps it; a save that started from an older version is
    # refused instead of silently overwriting the newer text.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_at", "id"]
        indexes = [models.Index(fields=["organization", "scheduled_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(paired_with=models.F("id")), name="post_not_paired_with_itself"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        first_line = (self.body.strip().splitlines() or [""])[0]
        if not first_line:
            return "Untitled draft"
        return first_line if len(first_line) <= 60 else first_line[:57].rstrip() + "…"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_draft(self) -> bool:
        """No sign-offs at stake: dragging it on the calendar voids nothing."""
        return self.state in DRAFT_STATES


class Variant(models.Model):
    """The post as it goes to one social account. Its text starts as the post's body; once the
    author edits it here it is `tailored` and no longer follows the body."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="variants")
    account = models.ForeignKey(SocialAccount, on_delete=models.PROTECT, related_name="variants")
    text = models.TextField(blank=True)
    tailored = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "account"], name="one_variant_per_account")
        ]

    def __str__(self) -> str:
        return f"{self.post} → {self.account}"


def media_path(instance: "Media", filename: str) -> str:
    # Content-addressed under the organization: the file name the author gave is kept only as a
    # label, never trusted for the type.
    name = f"{instance.sha256}.{instance.extension}"
    return f"media/{instance.organization_id}/{instance.sha256[:2]}/{name}"


class MediaKind(models.TextChoices):
    IMAGE = "image", "Image"
    VIDEO = "video", "Video"


class Media(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="media")
    position = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=media_path, max_length=255)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=MediaKind.choices)
    mime = models.CharField(max_length=50)
    size = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64)
    alt_text = models.TextField(blank=True)
    # Videos need captions: a WebVTT or SubRip file.
    captions = models.FileField(upload_to="captions/", blank=True, max_length=255)
    # What the captions say, without the cue timings: the PHI scanner reads it on every check.
    captions_text = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return self.mime.split("/")[1].replace("quicktime", "mov").replace("jpeg", "jpg")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedQuerySet(models.QuerySet):
    def active(self) -> "CalendarFeedQuerySet":
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """A private iCalendar URL for one person's view of one organization's calendar. Only the
    token's hash is stored; revoking it kills the URL at once."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_feed_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user} for {self.organization}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

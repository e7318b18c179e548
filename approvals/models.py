"""Approvals: each round of review of a post (a submission), the sign-offs on it, the comments
that send it back, who counts as an author of it, and the crisis pause.

The rules that matter most live in the database, not only in the actions:

- one live submission (open or approved) per post;
- one sign-off per person per submission;
- a sign-off carries the content hash of its submission (a composite foreign key on
  PostgreSQL, see the migration), so it can only ever be a sign-off on that exact content;
- nobody who wrote any part of a post signs it off (triggers on both tables, see the migration).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from platforms.models import SocialAccount
from policies.models import Acknowledgement
from posts.models import Post
from socialops.models import Organization, Role


class PostAuthor(models.Model):
    """Everyone who wrote any part of a post: whoever created it and whoever changed what goes
    out later (text, media, accounts, time). None of them may sign it off."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    since = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="post_author_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} wrote {self.post}"


class Outcome(models.TextChoices):
    OPEN = "open", "Waiting for sign-offs"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    VOIDED = "voided", "Voided by a change"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"


LIVE_OUTCOMES = (Outcome.OPEN, Outcome.APPROVED)


class SubmissionQuerySet(models.QuerySet):
    def for_org(self, organization: Organization) -> "SubmissionQuerySet":
        return self.filter(organization=organization)

    def open(self) -> "SubmissionQuerySet":
        return self.filter(outcome=Outcome.OPEN)

    def live(self) -> "SubmissionQuerySet":
        return self.filter(outcome__in=LIVE_OUTCOMES)


class Submission(models.Model):
    """One round of review: exactly what was submitted (and its hash), what it needs, and how
    the round ended. A change to what goes out ends the round (voided) and opens the next."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveIntegerField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=now)
    # What goes out, as hashed (see approvals.content), and its SHA-256.
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    # The bar, fixed when the round opens so a rule edited mid-review does not move it.
    required_count = models.PositiveSmallIntegerField()
    required_roles = models.JSONField(default=list)
    required_reviewers = models.PositiveSmallIntegerField(default=0)
    # What raised it.
    patient_story = models.BooleanField(default=False)
    phi_override = models.BooleanField(default=False)
    phi_justification = models.TextField(blank=True)
    crisis = models.BooleanField(default=False)
    # A copy of a pre-approved crisis template: one reviewer's sign-off, during a pause.
    fast_track_of = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The findings when the round opened, per variant: what the reviewers were shown.
    findings = models.JSONField(default=list)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_reason = models.CharField(max_length=300, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["post_id", "number"]
        indexes = [models.Index(fields=["organization", "outcome", "submitted_at"])]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="submission_number_unique"),
            models.UniqueConstraint(
                fields=["post"],
                condition=Q(outcome__in=LIVE_OUTCOMES),
                name="one_live_submission_per_post",
            ),
            # The target of the sign-offs' composite foreign key (id, content_hash).
            models.UniqueConstraint(fields=["id", "content_hash"], name="submission_id_hash"),
            models.CheckConstraint(
                condition=Q(required_count__gte=1) & Q(required_count__lte=5),
                name="submission_count_sane",
            ),
            models.CheckConstraint(
                condition=Q(phi_override=False) | ~Q(phi_justification=""),
                name="phi_override_needs_justification",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=LIVE_OUTCOMES) | Q(closed_at__isnull=False),
                name="closed_submission_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Round {self.number} of {self.post}"

    @property
    def is_live(self) -> bool:
        return self.outcome in LIVE_OUTCOMES

    @property
    def required_role_labels(self) -> list[str]:
        return [Role(r).label for r in self.required_roles if r in Role.values]


class SignOff(models.Model):
    """One person's approval of one submission's exact content. Never changed or deleted: when
    the content changes, the submission is voided and its sign-offs stop counting with it."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="sign_offs")
    # Copied from the submission so the database can refuse an author's sign-off (trigger).
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="+")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=16, choices=Role.choices)
    content_hash = models.CharField(max_length=64)
    # The policy acknowledgement the signer stood on when signing.
    acknowledgement = models.ForeignKey(
        Acknowledgement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A single reviewer's sign-off on a copy of a pre-approved crisis template.
    fast_track = models.BooleanField(default=False)
    signed_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "signer"], name="one_sign_off_per_person"
            ),
            models.CheckConstraint(
                condition=Q(role__in=[Role.ADMIN, Role.REVIEWER]), name="sign_off_role_may_sign"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer} signed {self.submission}"


class CommentKind(models.TextChoices):
    CHANGES_REQUESTED = "changes_requested", "Requested changes"
    COMMENT = "comment", "Comment"
    REPLY = "reply", "Reply"


class ReviewComment(models.Model):
    """What reviewers and authors say about a post, on the whole post or on one account's
    variant. Kept forever: a post that has any is never deleted."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="review_comments")
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    # The variant it is about, by account: variants are rewritten on every save, accounts stay.
    account = models.ForeignKey(
        SocialAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=CommentKind.choices)
    body = models.TextField()
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="review_comment_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.post}: {self.body[:40]}"


class CrisisPauseQuerySet(models.QuerySet):
    def active(self) -> "CrisisPauseQuerySet":
        return self.filter(lifted_at__isnull=True)


class CrisisPause(models.Model):
    """Nothing of the organization goes out while a pause is active, except fast-tracked copies
    of pre-approved crisis templates. A network admin's pause makes one for every center, each
    pointing at the network's."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=now)
    network_pause = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="center_pauses"
    )
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_note = models.TextField(blank=True)

    objects = CrisisPauseQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(lifted_at__isnull=True),
                name="one_active_pause_per_org",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="pause_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"Crisis pause of {self.organization} since {self.started_at:%Y-%m-%d %H:%M}"

"""Social accounts: the organization's presence on each platform. Posts target them; the
publisher and the metric pulls speak to the platform on their behalf."""

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from socialops.models import Organization


class Platform(models.TextChoices):
    X = "x", "X"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    LINKEDIN = "linkedin", "LinkedIn"
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"


class ConnectionState(models.TextChoices):
    CONNECTED = "connected", "Connected"
    NEEDS_REAUTH = "needs_reauth", "Needs reconnecting"
    DISCONNECTED = "disconnected", "Disconnected"


class SocialAccountQuerySet(models.QuerySet):
    def for_org(self, organization: Organization) -> "SocialAccountQuerySet":
        return self.filter(organization=organization)

    def connected(self) -> "SocialAccountQuerySet":
        return self.filter(state=ConnectionState.CONNECTED)


class SocialAccount(models.Model):
    """One account on one platform. It exists as a row before it is connected: comms staff
    plan posts for it while an admin sorts out the OAuth connection."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="social_accounts"
    )
    platform = models.CharField(max_length=20, choices=Platform.choices)
    # The platform's own id for the account (X user id, Facebook page id, LinkedIn
    # organization URN, Bluesky DID...). Empty until the account is connected.
    external_id = models.CharField(max_length=255, blank=True)
    handle = models.CharField(max_length=255)
    display_name = models.CharField(max_length=255, blank=True)
    state = models.CharField(
        max_length=20, choices=ConnectionState.choices, default=ConnectionState.DISCONNECTED
    )
    state_reason = models.CharField(max_length=500, blank=True)
    scopes = models.JSONField(default=list, blank=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    # The platform's rate limit: nothing is sent for this account before then (its targets wait,
    # they do not fail).
    rate_limited_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    objects = SocialAccountQuerySet.as_manager()

    class Meta:
        ordering = ["platform", "handle"]
        # Granted per account with django-guardian: which authors may post to which account.
        permissions = [("post_to_socialaccount", "May post to this social account")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "platform", "handle"],
                name="social_account_handle_unique_per_org",
            ),
            models.UniqueConstraint(
                fields=["organization", "platform", "external_id"],
                condition=~models.Q(external_id=""),
                name="social_account_external_id_unique_per_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle}"

    @property
    def label(self) -> str:
        return self.display_name or self.handle


class Credential(models.Model):
    """The secrets that let SocialOps act for one account. Token fields hold Fernet ciphertext
    (socialops.crypto), never plaintext; read and write them through platforms.tokens only.

    `config` holds what is not secret but belongs to the connection: the API base of a Mastodon
    instance or a Bluesky PDS, the Bluesky DID, the Facebook page behind an Instagram account.
    """

    account = models.OneToOneField(
        SocialAccount, on_delete=models.CASCADE, related_name="credential"
    )
    access_token = models.TextField(blank=True)
    refresh_token = models.TextField(blank=True)
    refresh_expires_at = models.DateTimeField(null=True, blank=True)
    config = models.JSONField(default=dict, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"Credential for {self.account}"


class MastodonApp(models.Model):
    """The OAuth client SocialOps registered on one Mastodon instance (POST /api/v1/apps).
    One per instance, shared by every organization connecting an account there."""

    instance_url = models.URLField(unique=True)
    client_id = models.CharField(max_length=255)
    client_secret = models.TextField()  # Fernet ciphertext
    redirect_uri = models.URLField()
    created_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return self.instance_url


class TargetState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    # Due, but something holds it (a crisis pause, an account to reconnect, a consent): tried
    # again until its time window closes, then missed.
    HELD = "held", "Held"
    PUBLISHING = "publishing", "Publishing"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    # Sent, and no answer came back: read back from the platform, never blindly sent again.
    UNCONFIRMED = "unconfirmed", "Unconfirmed"
    MISSED = "missed", "Missed its time"
    TAKEN_DOWN = "taken_down", "Taken down"


# Waiting for their time (or for what holds them).
WAITING_TARGET_STATES = (TargetState.SCHEDULED, TargetState.HELD)
# Still on their way: the post's outcome is not known yet.
OPEN_TARGET_STATES = (*WAITING_TARGET_STATES, TargetState.PUBLISHING, TargetState.UNCONFIRMED)


class PublishTargetQuerySet(models.QuerySet):
    def for_org(self, organization: Organization) -> "PublishTargetQuerySet":
        return self.filter(organization=organization)

    def needing_a_person(self) -> "PublishTargetQuerySet":
        """What only a person can settle and nobody has (PublishTarget.needs_a_person)."""
        return self.filter(
            models.Q(state__in=[TargetState.FAILED, TargetState.MISSED])
            | models.Q(state=TargetState.UNCONFIRMED, decision_needed=True)
        ).exclude(dismissed_at__isnull=False)


class PublishTarget(models.Model):
    """One post going to one social account, with its own state and attempts. Created when the
    post is approved; the post's own state is rolled up from its targets."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="targets")
    account = models.ForeignKey(SocialAccount, on_delete=models.PROTECT, related_name="targets")
    state = models.CharField(
        max_length=20, choices=TargetState.choices, default=TargetState.SCHEDULED
    )
    # The time the sign-offs cover (the post's scheduled time when it was approved), or the
    # moment a person asked for a retry. The database, not a Celery ETA, says when it is due.
    due_at = models.DateTimeField()
    # Not before this moment (a rate limit's reset, a back-off after a refused connection).
    not_before = models.DateTimeField(null=True, blank=True)
    # When the sweep last handed it to a worker: a lost message is handed out again later.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    # Stable for the target's life: Mastodon's Idempotency-Key, Bluesky's record key.
    idempotency_key = models.CharField(max_length=64)
    external_id = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Why it is held, failed, missed or unconfirmed, in words for a person.
    reason = models.CharField(max_length=500, blank=True)
    error_kind = models.CharField(max_length=30, blank=True)
    unconfirmed_since = models.DateTimeField(null=True, blank=True)
    # Read back and not found within the reconcile window: a person decides (send again or drop).
    decision_needed = models.BooleanField(default=False)
    # A person asked to send it again (failed, missed or unconfirmed): who and when.
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retried_at = models.DateTimeField(null=True, blank=True)
    # A person looked at a failure and let it be (dropped): it leaves the review queue.
    dismissed_at = models.DateTimeField(null=True, blank=True)
    taken_down_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    objects = PublishTargetQuerySet.as_manager()

    class Meta:
        ordering = ["post_id", "account_id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "account"], name="one_target_per_account"),
            models.CheckConstraint(
                condition=~models.Q(state="published") | ~models.Q(external_id=""),
                name="published_target_has_platform_id",
            ),
        ]
        indexes = [
            # The sweep: what is due, by state.
            models.Index(fields=["state", "due_at"], name="target_state_due"),
            models.Index(fields=["organization", "state"], name="target_org_state"),
        ]

    def __str__(self) -> str:
        return f"{self.post} → {self.account}"

    @property
    def awaits_decision(self) -> bool:
        """Failed, missed, or unconfirmed after reading back: a person may send it again or
        drop it."""
        return self.state in (TargetState.FAILED, TargetState.MISSED) or (
            self.state == TargetState.UNCONFIRMED and self.decision_needed
        )

    @property
    def needs_a_person(self) -> bool:
        """The row form of PublishTargetQuerySet.needing_a_person: awaiting a decision nobody
        has made yet."""
        return self.awaits_decision and self.dismissed_at is None


class AttemptKind(models.TextChoices):
    PUBLISH = "publish", "Publish"
    RECONCILE = "reconcile", "Read back"
    TAKE_DOWN = "take_down", "Take down"


class AttemptOutcome(models.TextChoices):
    PENDING = "pending", "In progress"
    ACCEPTED = "accepted", "Accepted"
    FOUND = "found", "Found on the platform"
    NOT_FOUND = "not_found", "Not found on the platform"
    DELETED = "deleted", "Deleted"
    ERROR = "error", "Error"
    WORKER_LOST = "worker_lost", "Worker stopped mid-call"


class PublishAttempt(models.Model):
    """One call to the platform for a target, written before the call and completed after."""

    target = models.ForeignKey(PublishTarget, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(max_length=20, choices=AttemptKind.choices)
    started_at = models.DateTimeField(default=now)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    # What was sent, without the media bytes: text length and hash, media count, the key.
    sent = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(
        max_length=20, choices=AttemptOutcome.choices, default=AttemptOutcome.PENDING
    )
    error_kind = models.CharField(max_length=30, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    message = models.CharField(max_length=1000, blank=True)
    external_id = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_at", "id"]
        indexes = [models.Index(fields=["target", "started_at"], name="attempt_target_started")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.target_id} at {self.started_at:%Y-%m-%d %H:%M}"

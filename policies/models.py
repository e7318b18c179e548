"""Policies and their acknowledgements (training records), content rules, approval rules and
consent records. What an organization allows is data here, not settings."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.timezone import now

from platforms.models import Platform, SocialAccount
from socialops import crypto
from socialops.models import Organization, Role


class PolicyVersionQuerySet(models.QuerySet):
    def for_org(self, organization: Organization) -> "PolicyVersionQuerySet":
        return self.filter(organization=organization)

    def visible_to(self, organization: Organization) -> "PolicyVersionQuerySet":
        """The organization's own versions and its network's (the parent's), which it inherits."""
        ids = [organization.pk] + ([organization.parent_id] if organization.parent_id else [])
        return self.filter(organization_id__in=ids)


class PolicyVersion(models.Model):
    """One published version of an organization's social media policy. Versions are never
    edited: a change is a new version with the next number."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="policy_versions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    effective_date = models.DateField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=now)

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        ordering = ["organization_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="policy_version_number_unique_per_org"
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="policy_number_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class AcknowledgementQuerySet(models.QuerySet):
    def for_org(self, organization: Organization) -> "AcknowledgementQuerySet":
        return self.filter(organization=organization)


class Acknowledgement(models.Model):
    """A training record: a person read the policy they were shown in an organization, ticked
    and typed their name. It covers both halves of what they saw: the organization's own version
    and, for a center in a network, the network's version. Kept at least six years: nothing
    deletes these (PROTECT everywhere), and removing a member keeps their records."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="policy_acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="policy_acknowledgements"
    )
    # The organization's own version and the network's; at least one of the two.
    version = models.ForeignKey(
        PolicyVersion, null=True, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    network_version = models.ForeignKey(
        PolicyVersion, null=True, on_delete=models.PROTECT, related_name="network_acknowledgements"
    )
    typed_name = models.CharField(max_length=150)
    # Who they were then, so the record reads the same after a change of name or address.
    user_email = models.CharField(max_length=254)
    role = models.CharField(max_length=16, choices=Role.choices)
    acknowledged_at = models.DateTimeField(default=now)

    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(version__isnull=False) | models.Q(network_version__isnull=False),
                name="acknowledgement_covers_a_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_email} acknowledged {self.version or self.network_version}"


class PolicyReminder(models.Model):
    """A person was emailed about policies to acknowledge on this day (a reminder, or the
    announcement of a new version). The unique constraint keeps it to one a day per person,
    however often the task runs and however many organizations they belong to."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_policy_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"Reminder to user {self.user_id} on {self.sent_on}"


# Content rules ---------------------------------------------------------------------------------


class Severity(models.TextChoices):
    BLOCK = "block", "Block"
    WARN = "warn", "Warn"


class OrgRuleQuerySet(models.QuerySet):
    def for_org(self, organization: Organization):
        return self.filter(organization=organization)


class LexiconEntry(models.Model):
    class Kind(models.TextChoices):
        WORD = "word", "Word"
        PHRASE = "phrase", "Phrase"
        PATTERN = "pattern", "Pattern (regular expression)"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WORD)
    text = models.CharField(max_length=200)
    severity = models.CharField(max_length=5, choices=Severity.choices, default=Severity.WARN)
    reason = models.CharField(max_length=200, help_text="Shown to the author.")
    created_at = models.DateTimeField(default=now)

    objects = OrgRuleQuerySet.as_manager()

    class Meta:
        ordering = ["text"]
        verbose_name_plural = "lexicon entries"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "text"], name="lexicon_entry_unique_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(severity__in=Severity.values), name="lexicon_severity_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Disclaimer(models.Model):
    """Text a post must carry on the given platforms ("Not medical advice.")."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=500)
    platforms = models.JSONField(default=list, help_text="Platform values, e.g. ['facebook'].")
    # Only posts of this campaign need it; none: every post.
    campaign = models.ForeignKey(
        "posts.Campaign", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=now)

    objects = OrgRuleQuerySet.as_manager()

    class Meta:
        ordering = ["text"]

    def __str__(self) -> str:
        return self.text

    def platform_labels(self) -> list[str]:
        return [Platform(p).label for p in self.platforms if p in Platform.values]


class LinkRule(models.Model):
    """A blocked domain (and its subdomains), or a tracking parameter links to the
    organization's own domains must carry."""

    class Kind(models.TextChoices):
        BLOCKED_DOMAIN = "blocked_domain", "Blocked domain"
        TRACKING_PARAMETER = "tracking_parameter", "Required tracking parameter"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.CharField(max_length=253, help_text="A domain, or a parameter name.")
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=now)

    objects = OrgRuleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "value"], name="link_rule_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class ContactDetail(models.Model):
    """The organization's own published contact details, which are never PHI."""

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone or fax"
        EMAIL = "email", "Email"
        ADDRESS = "address", "Street address"
        DOMAIN = "domain", "Web domain"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=300)
    label = models.CharField(max_length=100, blank=True, help_text='e.g. "Main clinic".')
    created_at = models.DateTimeField(default=now)

    objects = OrgRuleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "value"], name="contact_detail_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class StaffMember(models.Model):
    """A member of staff who appears publicly in their professional role."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=150)
    title = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=now)

    objects = OrgRuleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="staff_unique_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name


# Approval rules --------------------------------------------------------------------------------


class ApprovalRule(models.Model):
    """How many sign-offs a post needs and from whom. One rule for the organization (no social
    account) and, optionally, stricter ones per social account; the strictest applicable rule
    wins (see policies.rules.approval_requirement)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    social_account = models.ForeignKey(
        SocialAccount, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    campaign = models.ForeignKey(
        "posts.Campaign", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sign_offs = models.PositiveSmallIntegerField(default=2)
    required_roles = models.JSONField(
        default=list, help_text="Roles that must be among the sign-offs, e.g. ['reviewer']."
    )
    patient_story_raises = models.BooleanField(default=True)
    phi_override_raises = models.BooleanField(default=True)
    crisis_raises = models.BooleanField(default=True)
    # The organization's rule only: how long a post may wait for its sign-offs before the
    # review queue flags it and the reviewers are reminded.
    review_target_hours = models.PositiveSmallIntegerField(default=24)
    updated_at = models.DateTimeField(default=now)

    objects = OrgRuleQuerySet.as_manager()

    class Meta:
        ordering = ["social_account_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sign_offs__in=[2, 3]), name="approval_rule_two_or_three"
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(social_account__isnull=True, campaign__isnull=True),
                name="one_org_approval_rule",
            ),
            models.UniqueConstraint(
                fields=["organization", "campaign"],
                condition=models.Q(campaign__isnull=False),
                name="one_approval_rule_per_campaign",
            ),
            models.CheckConstraint(
                condition=models.Q(social_account__isnull=True) | models.Q(campaign__isnull=True),
                name="approval_rule_account_or_campaign",
            ),
            models.UniqueConstraint(
                fields=["organization", "social_account"],
                condition=models.Q(social_account__isnull=False),
                name="one_approval_rule_per_account",
            ),
        ]

    def __str__(self) -> str:
        where = (
            str(self.social_account)
            if self.social_account_id
            else f"Campaign {self.campaign}"
            if self.campaign_id
            else "All posts"
        )
        return f"{where}: {self.sign_offs} sign-offs"

    def required_role_labels(self) -> list[str]:
        return [Role(r).label for r in self.required_roles if r in Role.values]


# Consent records -------------------------------------------------------------------------------


class ConsentKind(models.TextChoices):
    NAME = "name", "Name"
    PHOTO = "photo", "Photo"
    VIDEO = "video", "Video"
    QUOTE = "quote", "Quote"
    STORY = "story", "Story"


class ConsentRecordQuerySet(models.QuerySet):
    def for_org(self, organization: Organization) -> "ConsentRecordQuerySet":
        return self.filter(organization=organization)

    def active(self, on=None) -> "ConsentRecordQuerySet":
        on = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True, valid_from__lte=on, valid_until__gte=on)

    def expiring_within(self, days: int, on=None) -> "ConsentRecordQuerySet":
        on = on or timezone.localdate()
        return self.active(on).filter(valid_until__lte=on + dt.timedelta(days=days))

    def lapsed_unannounced(self, on=None) -> "ConsentRecordQuerySet":
        """Expired or revoked, and nobody has been told yet."""
        on = on or timezone.localdate()
        return self.filter(lapse_notified_at__isnull=True).filter(
            models.Q(revoked_at__isnull=False) | models.Q(valid_until__lt=on)
        )


def _consent_document_path(instance, filename: str) -> str:
    # A random name: the patient's name must not end up in a file name.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
    suffix = extension.get(instance.document_type, "bin")
    return f"consents/{instance.organization_id}/{uuid.uuid4().hex}.{suffix}"


class ConsentRecord(models.Model):
    """A patient's written authorization to use their name, photo, video, quote or story on
    some platforms for a period. The subject's name and contact are encrypted at rest and never
    searchable in plaintext; lists show the reference and the title."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="consent_records"
    )
    title = models.CharField(
        max_length=200,
        help_text='What it is for, without the patient\'s name (e.g. "Diabetes program story").',
    )
    subject_name_encrypted = models.TextField()
    subject_contact_encrypted = models.TextField(blank=True)
    platforms = models.JSONField(default=list)
    kinds = models.JSONField(default=list)
    valid_from = models.DateField()
    valid_until = models.DateField()
    document = models.FileField(upload_to=_consent_document_path, max_length=200)
    document_type = models.CharField(max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_reason = models.CharField(max_length=500, blank=True)
    lapse_notified_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        ordering = ["valid_until", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="consent_valid_until_after_from",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoked_reason=""),
                name="consent_revocation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"C-{self.pk:05d}" if self.pk else "C-new"

    @property
    def subject_name(self) -> str:
        return crypto.decrypt(self.subject_name_encrypted)

    @property
    def subject_contact(self) -> str:
        return crypto.decrypt(self.subject_contact_encrypted)

    def status(self, on=None) -> str:
        on = on or timezone.localdate()
        if self.revoked_at:
            return "revoked"
        if self.valid_until < on:
            return "expired"
        if self.valid_from > on:
            return "not yet valid"
        return "active"

    def ends_soon(self, on=None, days: int = 30) -> bool:
        on = on or timezone.localdate()
        return self.status(on) == "active" and (self.valid_until - on).days <= days

    def platform_labels(self) -> list[str]:
        return [Platform(p).label for p in self.platforms if p in Platform.values]

    def kind_labels(self) -> list[str]:
        return [ConsentKind(k).label for k in self.kinds if k in ConsentKind.values]

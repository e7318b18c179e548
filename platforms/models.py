"""Social accounts: the organization's presence on each platform. Posts target them; the
publisher and the metric pulls speak to the platform on their behalf."""

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

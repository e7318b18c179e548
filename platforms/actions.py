"""Verbs on social accounts: connect (and reconnect), disconnect, mark for re-authorization,
grant who may post, and re-encrypt every token under the newest key. Each is one transaction
with its audit event."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from socialops import audit, crypto
from socialops.actions import ActionError
from socialops.models import Membership, Organization, Role, User
from socialops.notify import notify

from .models import ConnectionState, Credential, MastodonApp, SocialAccount
from .targets import hold_scheduled
from .tokens import TokenSet, write_tokens

POST_PERMISSION = "platforms.post_to_socialaccount"


def _snapshot(account: SocialAccount) -> dict:
    return {
        "platform": account.platform,
        "handle": account.handle,
        "external_id": account.external_id,
        "state": account.state,
        "state_reason": account.state_reason,
        "scopes": list(account.scopes),
    }


@transaction.atomic
def connect_account(
    *,
    organization: Organization,
    platform: str,
    external_id: str,
    handle: str,
    display_name: str,
    tokens: TokenSet,
    by: User | None,
    reconnecting: SocialAccount | None = None,
) -> SocialAccount:
    """Store a fresh connection. The same platform account connected again (same external id)
    updates its row, so posts that target it keep pointing at it. Reconnecting a given row
    refuses a different platform account: that would silently redirect its scheduled posts."""
    if not external_id or not tokens.access_token:
        raise ActionError("The platform did not say which account was authorized.")
    if reconnecting is not None and reconnecting.external_id not in ("", external_id):
        raise ActionError(
            f"You signed in as {handle}, but this row is {reconnecting.handle}. Sign in to the "
            "platform as that account to reconnect it, or connect the other one as a new account."
        )
    account = reconnecting or (
        SocialAccount.objects.select_for_update()
        .filter(organization=organization, platform=platform, external_id=external_id)
        .first()
    )
    if account is None:
        # An unconnected row planned under the same handle becomes this connection.
        account = (
            SocialAccount.objects.select_for_update()
            .filter(organization=organization, platform=platform, handle=handle, external_id="")
            .first()
        )
    before = _snapshot(account) if account else None
    if account is None:
        account = SocialAccount(organization=organization, platform=platform)
    account.external_id = external_id
    account.handle = handle
    account.display_name = display_name
    account.state = ConnectionState.CONNECTED
    account.state_reason = ""
    account.scopes = list(tokens.scopes)
    account.token_expires_at = tokens.expires_at
    account.save()
    write_tokens(account, tokens)
    verb = "social_account.connected" if before is None else "social_account.reconnected"
    audit.record(
        organization=organization,
        actor=by,
        verb=verb,
        target=account,
        before=before,
        after=_snapshot(account),
    )
    return account


@transaction.atomic
def disconnect_account(*, account: SocialAccount, by: User | None) -> SocialAccount:
    """Forget the tokens; the row stays so history and planned posts keep their account."""
    if account.state == ConnectionState.DISCONNECTED:
        raise ActionError(f"{account} is already disconnected.")
    before = _snapshot(account)
    Credential.objects.filter(account=account).update(
        access_token="", refresh_token="", refresh_expires_at=None, updated_at=timezone.now()
    )
    account.state = ConnectionState.DISCONNECTED
    account.state_reason = "Disconnected by an administrator."
    account.token_expires_at = None
    account.save(update_fields=["state", "state_reason", "token_expires_at"])
    audit.record(
        organization=account.organization,
        actor=by,
        verb="social_account.disconnected",
        target=account,
        before=before,
        after=_snapshot(account),
    )
    return account


@transaction.atomic
def mark_needs_reauth(*, account: SocialAccount, reason: str) -> None:
    """The platform no longer accepts the account's token (or it cannot be read). Targets on
    this account are blocked with `reason` until an admin reconnects."""
    updated = (
        SocialAccount.objects.filter(pk=account.pk)
        .exclude(state=ConnectionState.DISCONNECTED)
        .exclude(state=ConnectionState.NEEDS_REAUTH, state_reason=reason[:500])
        .update(state=ConnectionState.NEEDS_REAUTH, state_reason=reason[:500])
    )
    if not updated:
        return
    before = _snapshot(account)
    account.state, account.state_reason = ConnectionState.NEEDS_REAUTH, reason[:500]
    held = hold_scheduled(f"{account} needs reconnecting: {reason}", account=account)
    audit.record(
        organization=account.organization,
        actor=None,
        verb="social_account.needs_reauth",
        target=account,
        before=before,
        after={**_snapshot(account), "targets_held": held},
    )
    organization = account.organization
    notify(
        organization=organization,
        users=User.objects.filter(
            memberships__organization=organization, memberships__role=Role.ADMIN
        ),
        message=f"{account} needs reconnecting: nothing goes out on it until then",
        url=reverse("platforms:accounts", args=[organization.slug]),
        details=f"{reason}\n\n{held} scheduled post(s) on this account are held. Reconnect it "
        "before their time to send them; past their time window they are missed, never sent late.",
    )


@transaction.atomic
def set_posters(*, account: SocialAccount, members: list[Membership], by: User) -> None:
    """Exactly these members (authors of the account's organization) may post to it. Admins
    always may and are not listed."""
    for member in members:
        if member.organization_id != account.organization_id or member.role != Role.AUTHOR:
            raise ActionError("Only authors of this organization can be granted.", field="posters")
    wanted = {member.user for member in members}
    current = set(get_users_with_perms(account, only_with_perms_in=["post_to_socialaccount"]))
    for user in wanted - current:
        assign_perm(POST_PERMISSION, user, account)
    for user in current - wanted:
        remove_perm(POST_PERMISSION, user, account)
    if wanted != current:
        audit.record(
            organization=account.organization,
            actor=by,
            verb="social_account.posters_changed",
            target=account,
            before={"posters": sorted(u.email for u in current)},
            after={"posters": sorted(u.email for u in wanted)},
        )


def rotate_token_keys() -> tuple[int, int]:
    """Re-encrypt every stored secret under the newest key in ENCRYPTION_KEYS; answer (rotated,
    unreadable). Row by row, each under its own lock, so a refresh running meanwhile is neither
    lost nor overwritten. A credential no key opens is cleared and its account marked
    needs_reauth (fail closed)."""
    rotated = unreadable = 0
    for pk in Credential.objects.values_list("pk", flat=True):
        with transaction.atomic():
            credential = Credential.objects.select_for_update().select_related("account").get(pk=pk)
            try:
                credential.access_token = crypto.rotate(credential.access_token)
                credential.refresh_token = crypto.rotate(credential.refresh_token)
            except crypto.DecryptionError:
                unreadable += 1
                mark_needs_reauth(
                    account=credential.account,
                    reason="The stored credentials could not be decrypted (encryption key "
                    "missing); reconnect the account.",
                )
                continue
            credential.save(update_fields=["access_token", "refresh_token"])
            rotated += 1
    for pk in MastodonApp.objects.values_list("pk", flat=True):
        with transaction.atomic():
            app = MastodonApp.objects.select_for_update().get(pk=pk)
            try:
                app.client_secret = crypto.rotate(app.client_secret)
            except crypto.DecryptionError:
                unreadable += 1
                app.delete()  # registered again on the next connect to that instance
                continue
            app.save(update_fields=["client_secret"])
            rotated += 1
    return rotated, unreadable

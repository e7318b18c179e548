"""Verbs that change organizations, memberships and invitations. The HTML views, the API, tasks
and management commands all call these; each is one transaction with its audit event."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from socialops import audit
from socialops.models import Invitation, Membership, Organization, Role, User, normalize_email

log = logging.getLogger(__name__)


class ActionError(Exception):
    """A request that cannot be carried out, with a message for the person who asked. `field`
    names the form field it belongs to, when there is one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@transaction.atomic
def create_organization(
    *,
    name: str,
    slug: str,
    timezone_name: str = "America/New_York",
    parent: Organization | None = None,
    admin: User | None = None,
) -> Organization:
    organization = Organization.objects.create(
        name=name, slug=slug, timezone=timezone_name, parent=parent
    )
    audit.record(
        organization=organization,
        actor=admin,
        verb="organization.created",
        target=organization,
        after={"name": name, "slug": slug, "timezone": timezone_name},
    )
    if admin is not None:
        add_member(organization=organization, user=admin, role=Role.ADMIN, by=admin)
    return organization


@transaction.atomic
def add_member(*, organization: Organization, user: User, role: str, by: User | None) -> Membership:
    if Membership.objects.filter(organization=organization, user=user).exists():
        raise ActionError(f"{user.email} is already a member.", field="email")
    membership = Membership.objects.create(organization=organization, user=user, role=role)
    audit.record(
        organization=organization,
        actor=by,
        verb="member.added",
        target=membership,
        after={"email": user.email, "role": role},
    )
    return membership


@transaction.atomic
def invite_member(
    *, organization: Organization, email: str, role: str, by: User | None
) -> Invitation:
    """Invite someone by email. Inviting the same address again replaces the pending invitation
    (the old link stops working) and sends a fresh link."""
    email = normalize_email(email)
    if role not in Role.values:
        raise ActionError("Choose a role.", field="role")
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ActionError(f"{email} is already a member of {organization}.", field="email")
    now = timezone.now()
    for old in (
        Invitation.objects.select_for_update()
        .filter(organization=organization, email=email)
        .pending()
    ):
        _revoke(old, by=by, now=now, verb="invitation.replaced")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=Invitation.hash_token(token),
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_TTL_DAYS),
    )
    audit.record(
        organization=organization,
        actor=by,
        verb="invitation.sent",
        target=invitation,
        after={"email": email, "role": role, "expires_at": invitation.expires_at},
    )
    transaction.on_commit(lambda: _send_invitation_email(invitation, token))
    return invitation


def _send_invitation_email(invitation: Invitation, token: str) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[token])
    context = {"invitation": invitation, "link": link}
    try:
        send_mail(
            subject=f"You're invited to {invitation.organization} on SocialOps",
            message=render_to_string("socialops/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
    except OSError:
        # The invitation stands and the admin can send it again; the reason is in the log.
        log.exception("Could not send the invitation email for invitation %s", invitation.pk)


def _revoke(invitation: Invitation, *, by: User | None, now, verb: str) -> None:
    invitation.revoked_at = now
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        organization=invitation.organization,
        actor=by,
        verb=verb,
        target=invitation,
        before={"email": invitation.email, "role": invitation.role},
    )


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ActionError("This invitation is no longer pending.")
    _revoke(invitation, by=by, now=timezone.now(), verb="invitation.revoked")


def find_invitation(token: str) -> Invitation:
    """The pending invitation behind a link, or ActionError saying plainly why the link is
    no good (unknown, used, withdrawn or expired)."""
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None:
        raise ActionError("This invitation link is not valid. Check that you copied all of it.")
    if invitation.accepted_at:
        raise ActionError("This invitation has already been used.")
    if invitation.revoked_at:
        raise ActionError("This invitation was withdrawn. Ask your admin for a new one.")
    if invitation.is_expired():
        raise ActionError("This invitation has expired. Ask your admin to send a new one.")
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Membership:
    """Turn a pending invitation into a membership for `user`, whose email must be the one the
    invitation was sent to: the link is a secret sent to that address, not to anyone holding it."""
    invitation = find_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    # Re-check under the lock: two tabs accepting at once must not both succeed.
    if invitation.accepted_at or invitation.revoked_at:
        raise ActionError("This invitation has already been used.")
    if normalize_email(user.email) != invitation.email:
        raise ActionError(
            f"This invitation was sent to {invitation.email}. Log in as that person to accept it."
        )
    membership = add_member(
        organization=invitation.organization, user=user, role=invitation.role, by=user
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        organization=invitation.organization,
        actor=user,
        verb="invitation.accepted",
        target=invitation,
        after={"email": user.email, "role": invitation.role},
    )
    return membership


@transaction.atomic
def register_and_accept(*, token: str, full_name: str, password: str) -> Membership:
    """A person new to SocialOps accepts an invitation: their account is made with the invited
    email address, and the membership with it."""
    invitation = find_invitation(token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ActionError("You already have an account: log in to accept this invitation.")
    user = User.objects.create_user(invitation.email, password, full_name=full_name)
    return accept_invitation(token=token, user=user)


def _lock_admins(organization: Organization) -> list[Membership]:
    # Locking every admin row makes two admins demoting each other at once take turns, so the
    # second sees the first's change and the organization always keeps an admin.
    return list(
        Membership.objects.select_for_update().filter(organization=organization, role=Role.ADMIN)
    )


@transaction.atomic
def change_role(*, membership: Membership, role: str, by: User) -> Membership:
    if role not in Role.values:
        raise ActionError("Choose a role.", field="role")
    admins = _lock_admins(membership.organization)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    if membership.role == Role.ADMIN and len(admins) <= 1:
        raise ActionError(
            "This is the organization's last admin. Make someone else an admin first.",
            field="role",
        )
    before = {"role": membership.role}
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        organization=membership.organization,
        actor=by,
        verb="member.role_changed",
        target=membership,
        before=before,
        after={"role": role},
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by: User) -> None:
    admins = _lock_admins(membership.organization)
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.role == Role.ADMIN and len(admins) <= 1:
        raise ActionError("This is the organization's last admin and cannot be removed.")
    audit.record(
        organization=membership.organization,
        actor=by,
        verb="member.removed",
        target=membership,
        before={"email": membership.user.email, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def update_organization(*, organization: Organization, by: User, name: str, timezone_name: str):
    before = {"name": organization.name, "timezone": organization.timezone}
    organization.name = name
    organization.timezone = timezone_name
    organization.full_clean(exclude=["slug", "parent"])
    organization.save(update_fields=["name", "timezone"])
    audit.record(
        organization=organization,
        actor=by,
        verb="organization.updated",
        target=organization,
        before=before,
        after={"name": name, "timezone": timezone_name},
    )
    return organization


def set_publishing_emails(*, user: User, on: bool) -> User:
    """The person's own choice: email when their posts go out, fail or miss their time (they
    are always told in the app)."""
    user.publishing_emails = on
    user.save(update_fields=["publishing_emails"])
    return user

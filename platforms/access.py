"""Tenant lookups for social accounts, and who may post where."""

from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from socialops.models import Membership, Role

from .models import PublishTarget, SocialAccount


def get_account_for_member(membership: Membership, account_id: int) -> SocialAccount:
    try:
        return SocialAccount.objects.for_org(membership.organization).get(pk=account_id)
    except SocialAccount.DoesNotExist:
        raise Http404("No such social account.") from None


def accounts_user_may_post_to(membership: Membership):
    """The organization's connected accounts this member may publish to: every one for an
    admin, the ones granted per account (django-guardian) for an author, none otherwise."""
    accounts = SocialAccount.objects.for_org(membership.organization).connected()
    if membership.role == Role.ADMIN:
        return accounts
    if membership.role != Role.AUTHOR:
        return accounts.none()
    return get_objects_for_user(
        membership.user,
        "platforms.post_to_socialaccount",
        klass=accounts,
        with_superuser=False,
        accept_global_perms=False,
    )


def get_target_for_member(membership: Membership, target_id: int) -> PublishTarget:
    found = PublishTarget.objects.for_org(membership.organization).select_related(
        "post__organization", "account"
    )
    try:
        return found.get(pk=target_id)
    except PublishTarget.DoesNotExist:
        raise Http404("No such publish target.") from None

"""Who may see what under policies/, and the acknowledgement gate other apps apply.

The gate: a member who may draft, submit, sign off or connect accounts (authors, reviewers,
admins) must have acknowledged the policy they are shown (their organization's current version
and, for a center in a network, the network's) before doing any of it. Pages use
`policy_acknowledged_required`, API write endpoints `PolicyAcknowledged`, actions
`require_acknowledged`; `PolicyGateMiddleware` sends such a member to the acknowledgement page
from any page of the organization.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect
from rest_framework.permissions import SAFE_METHODS, BasePermission

from policies.models import Acknowledgement, PolicyVersion
from socialops.actions import ActionError
from socialops.models import Membership, Organization, Role

# Roles whose work the gate stops; viewers only read.
GATED_ROLES = (Role.ADMIN, Role.AUTHOR, Role.REVIEWER)


@dataclass(frozen=True)
class CurrentPolicy:
    """What a member of an organization is shown: the network's current version (if the
    organization is a center in a network that has one) and the organization's own."""

    network: PolicyVersion | None
    local: PolicyVersion | None

    @property
    def versions(self) -> list[PolicyVersion]:
        return [v for v in (self.network, self.local) if v is not None]

    def __bool__(self) -> bool:
        return bool(self.versions)


def current_policy(organization: Organization) -> CurrentPolicy:
    latest: dict[int, PolicyVersion] = {}
    for version in PolicyVersion.objects.visible_to(organization).order_by("-number"):
        latest.setdefault(version.organization_id, version)
    network = latest.get(organization.parent_id) if organization.parent_id else None
    return CurrentPolicy(network=network, local=latest.get(organization.pk))


def acknowledgement_for(membership: Membership, policy: CurrentPolicy) -> Acknowledgement | None:
    """The member's acknowledgement of exactly this pair of versions, if they gave one."""
    if not policy:
        return None
    return (
        Acknowledgement.objects.filter(
            organization_id=membership.organization_id,
            user_id=membership.user_id,
            version=policy.local,
            network_version=policy.network,
        )
        .order_by("-acknowledged_at")
        .first()
    )


def pending_policy(membership: Membership) -> PolicyVersion | None:
    """The version this member still has to acknowledge before they may draft, submit, sign off
    or connect, or None. Viewers are never held. When both halves are new, the organization's
    own version is named."""
    if membership.role not in GATED_ROLES:
        return None
    policy = current_policy(membership.organization)
    if not policy or acknowledgement_for(membership, policy) is not None:
        return None
    acknowledged = Acknowledgement.objects.filter(
        organization_id=membership.organization_id, user_id=membership.user_id
    )
    if policy.local and not acknowledged.filter(version=policy.local).exists():
        return policy.local
    if policy.network and not acknowledged.filter(network_version=policy.network).exists():
        return policy.network
    return policy.local or policy.network


def pending_message(version: PolicyVersion) -> str:
    return (
        f'Acknowledge "{version.title}" (version {version.number}) before you draft, submit, '
        "sign off or connect accounts."
    )


def require_acknowledged(membership: Membership) -> None:
    """For actions: raise ActionError naming the version while the member has one pending."""
    version = pending_policy(membership)
    if version is not None:
        raise ActionError(pending_message(version))


def acknowledge_url(organization: Organization, next_url: str = "") -> str:
    url = reverse("policies:acknowledge", args=[organization.slug])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def redirect_to_acknowledge(request: HttpRequest, organization: Organization, version):
    """Send the member to the acknowledgement page, saying why, and back here afterwards. An
    htmx request gets a whole-page redirect rather than the page swapped into a fragment."""
    messages.warning(request, pending_message(version))
    next_url = request.get_full_path() if request.method == "GET" and not request.htmx else ""
    url = acknowledge_url(organization, next_url)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def policy_acknowledged_required(view: Callable) -> Callable:
    """For page views that draft, submit, sign off or connect. Goes under (after)
    org_member_required, which sets request.membership: a member with a pending version is sent
    to the acknowledgement page with ?next= and a message saying why."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        version = pending_policy(request.membership)
        if version is not None:
            return redirect_to_acknowledge(request, request.organization, version)
        return view(request, *args, **kwargs)

    wrapper.policy_gated = True
    return wrapper


class PolicyAcknowledged(BasePermission):
    """For API write endpoints under /api/v1/orgs/<org_slug>/: 403 naming the version while the
    caller has one pending. Reads pass."""

    message = "Acknowledge the current policy first."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or "org_slug" not in view.kwargs:
            return True
        membership = getattr(view, "membership", None)
        if membership is None:
            membership = (
                Membership.objects.select_related("organization")
                .filter(user=request.user, organization__slug=view.kwargs["org_slug"])
                .first()
            )
        if membership is None:
            return True  # the organization check that follows answers 404
        version = pending_policy(membership)
        if version is None:
            return True
        self.message = pending_message(version)
        return False


# Object lookups ---------------------------------------------------------------------------------


def get_version_for_member(membership: Membership, version_id: int) -> PolicyVersion:
    """A version the member's organization shows: its own, or its network's."""
    try:
        return PolicyVersion.objects.visible_to(membership.organization).get(pk=version_id)
    except PolicyVersion.DoesNotExist:
        raise Http404("No such policy version.") from None


def get_org_object_for_member(
    model: type[models.Model], membership: Membership, pk: int
) -> models.Model:
    """One of the organization's rule or consent rows (`model` has an `organization` field)."""
    try:
        return model.objects.get(organization=membership.organization, pk=pk)
    except model.DoesNotExist:
        raise Http404("Not found.") from None

"""The one way pages reach tenant objects.

Every view under /o/<org_slug>/ gets its organization and the user's membership from
`org_member_required`, and every object through a `get_*_for_member` helper here (or in the app
that owns the object). Not a member and not found look the same: 404. A member whose role does
not allow the request gets 403.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone

from socialops.models import Invitation, Membership, Role

ALL_ROLES = tuple(Role.values)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def get_membership(user, org_slug: str) -> Membership:
    """The user's membership in the organization, or 404 whether it does not exist or the user
    is not in it."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("organization", "user")
        .filter(user=user, organization__slug=org_slug)
        .first()
    )
    if membership is None:
        raise Http404("No such organization.")
    return membership


def require_role(membership: Membership, roles: Iterable[str]) -> None:
    if membership.role not in roles:
        raise PermissionDenied("Your role in this organization does not allow this.")


def org_member_required(
    roles: Iterable[str] = ALL_ROLES, write_roles: Iterable[str] | None = None
) -> Callable:
    """Decorate a view that takes `org_slug`: resolve the membership (404 for outsiders), check
    the role for reads (`roles`) and, for POST/PUT/PATCH/DELETE, `write_roles` (default: the
    same as `roles` less viewers). Sets request.membership and request.organization."""
    roles = tuple(roles)
    # Viewers only look, unless a view says otherwise (e.g. acknowledging a policy).
    if write_roles is None:
        write_roles = tuple(role for role in roles if role != Role.VIEWER)
    write_roles = tuple(write_roles)

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, org_slug: str, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = get_membership(request.user, org_slug)
            require_role(membership, roles if request.method in SAFE_METHODS else write_roles)
            request.membership = membership
            request.organization = membership.organization
            # Remember the organization the person last worked in, for the next login.
            if request.session.get("org_slug") != org_slug:
                request.session["org_slug"] = org_slug
            # Times on the organization's pages read in the organization's own time zone.
            with timezone.override(ZoneInfo(membership.organization.timezone)):
                return view(request, *args, **kwargs)

        wrapper.org_roles = roles
        wrapper.org_write_roles = write_roles
        return wrapper

    return decorator


def get_member_for_member(membership: Membership, member_id: int) -> Membership:
    """Another membership row of the same organization."""
    found = Membership.objects.select_related("user").filter(
        organization=membership.organization, pk=member_id
    )
    try:
        return found.get()
    except Membership.DoesNotExist:
        raise Http404("No such member.") from None


def get_invitation_for_member(membership: Membership, invitation_id: int) -> Invitation:
    try:
        return Invitation.objects.get(organization=membership.organization, pk=invitation_id)
    except Invitation.DoesNotExist:
        raise Http404("No such invitation.") from None

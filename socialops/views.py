import csv
import json

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from socialops import actions
from socialops.access import (
    ALL_ROLES,
    get_invitation_for_member,
    get_member_for_member,
    org_member_required,
)
from socialops.filters import AuditEventFilter
from socialops.forms import AcceptInvitationForm, InviteForm, OrganizationForm, RoleForm
from socialops.models import AuditEvent, Notification, Role, User
from socialops.navigation import home_url, roles_for


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Where a login lands: the organization worked in last (or the first one), at the page
    the person's role starts from."""
    memberships = request.user.memberships.select_related("organization").order_by(
        "organization__name"
    )
    last = request.session.get("org_slug")
    membership = next((m for m in memberships if m.organization.slug == last), None)
    membership = membership or memberships.first()
    if membership is None:
        return render(request, "socialops/no_organization.html")
    return redirect(home_url(membership))


@org_member_required()
@require_GET
def org_home(request: HttpRequest) -> HttpResponse:
    return redirect(home_url(request.membership))


def _members_context(request) -> dict:
    organization = request.organization
    return {
        "memberships": organization.memberships.select_related("user").order_by(
            "user__full_name", "user__email"
        ),
        "roles": Role.choices,
    }


def _members_page(request, invite_form=None, status=200):
    context = {
        **_members_context(request),
        "invitations": request.organization.invitations.pending().select_related("invited_by"),
        "invite_form": invite_form or InviteForm(),
    }
    return render(request, "socialops/members.html", context, status=status)


def _after_member_change(request) -> HttpResponse:
    """htmx swaps in the refreshed members table with its message; a plain form post goes
    back to the page."""
    if request.htmx:
        return render(request, "socialops/partials/members_section.html", _members_context(request))
    return redirect("members", request.organization.slug)


@org_member_required(roles_for("members"))
@require_GET
def members(request: HttpRequest) -> HttpResponse:
    return _members_page(request)


@org_member_required(roles_for("members"))
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = actions.invite_member(
                organization=request.organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except actions.ActionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("members", request.organization.slug)
    return _members_page(request, invite_form=form, status=400)


@org_member_required(roles_for("members"))
@require_POST
def change_role(request: HttpRequest, member_id: int) -> HttpResponse:
    membership = get_member_for_member(request.membership, member_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles.")
        return _after_member_change(request)
    try:
        actions.change_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
    except actions.ActionError as error:
        messages.error(request, f"{membership.user}: {error.message}")
    else:
        messages.success(
            request, f"{membership.user} is now {Role(form.cleaned_data['role']).label.lower()}."
        )
    return _after_member_change(request)


@org_member_required(roles_for("members"))
@require_POST
def remove_member(request: HttpRequest, member_id: int) -> HttpResponse:
    membership = get_member_for_member(request.membership, member_id)
    try:
        actions.remove_member(membership=membership, by=request.user)
    except actions.ActionError as error:
        messages.error(request, f"{membership.user}: {error.message}")
    else:
        messages.success(request, f"{membership.user} was removed from {request.organization}.")
        if membership.user_id == request.user.id:
            # They removed themselves: this organization's pages are closed to them now.
            return HttpResponseClientRedirect(reverse("home")) if request.htmx else redirect("home")
    return _after_member_change(request)


@org_member_required(roles_for("members"))
@require_POST
def revoke_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = get_invitation_for_member(request.membership, invitation_id)
    try:
        actions.revoke_invitation(invitation=invitation, by=request.user)
    except actions.ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The invitation to {invitation.email} was withdrawn.")
    return redirect("members", request.organization.slug)


@org_member_required(roles_for("members"))
@require_http_methods(["GET", "POST"])
def organization_settings(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        actions.update_organization(
            organization=organization,
            by=request.user,
            name=form.cleaned_data["name"],
            timezone_name=form.cleaned_data["timezone"],
        )
        messages.success(request, "Organization settings saved.")
        return redirect("organization_settings", organization.slug)
    if request.method == "POST":
        # A failed ModelForm has already written the bad values onto the instance; show the
        # shell with the stored name, not the rejected one.
        organization.refresh_from_db()
    status = 400 if form.errors else 200
    return render(request, "socialops/organization.html", {"form": form}, status=status)


def _audit_filter(request) -> AuditEventFilter:
    events = AuditEvent.objects.for_org(request.organization).order_by("-seq")
    return AuditEventFilter(request.GET or None, queryset=events)


@org_member_required(roles_for("audit"))
@require_GET
def audit(request: HttpRequest) -> HttpResponse:
    event_filter = _audit_filter(request)
    page = Paginator(event_filter.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "socialops/audit.html",
        {"filter": event_filter, "page": page, "query": query.urlencode()},
    )


# Notifications -----------------------------------------------------------------------------------

NOTIFICATIONS_PER_PAGE = 50


def _notifications_context(request) -> dict:
    mine = Notification.objects.filter(user=request.user, organization=request.organization)
    return {
        "page": Paginator(mine, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page")),
        "unread": mine.unread().count(),
    }


@org_member_required()
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """The person's own notifications in this organization, newest first."""
    return render(request, "socialops/notifications.html", _notifications_context(request))


# Everyone reads their own notifications, viewers included: marking them read is theirs to do.
@org_member_required(write_roles=ALL_ROLES)
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, organization=request.organization).mark_read()
    if request.htmx:
        # The list, and the bell in the header swapped out of band, both at zero.
        return render(
            request, "socialops/partials/notifications_list.html", _notifications_context(request)
        )
    messages.success(request, "All notifications marked read.")
    return redirect("notifications", request.organization.slug)


# Everyone sets their own email preference, viewers included: it is theirs alone.
@org_member_required(write_roles=ALL_ROLES)
@require_POST
def email_preferences(request: HttpRequest) -> HttpResponse:
    on = request.POST.get("publishing_emails") == "on"
    actions.set_publishing_emails(user=request.user, on=on)
    said = "Saved: " + ("we email you" if on else "no more emails") + " about your posts going out."
    if request.htmx:
        context = {"saved": said, "user": request.user}
        return render(request, "socialops/partials/email_preferences.html", context)
    messages.success(request, said)
    return redirect("notifications", request.organization.slug)


class _Echo:
    def write(self, value):
        return value


@org_member_required(roles_for("audit"))
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered trail as CSV, streamed so a long history does not sit in memory."""
    events = _audit_filter(request).qs.order_by("seq")
    writer = csv.writer(_Echo())
    header = [
        "seq", "time_utc", "actor_email", "verb", "target_type", "target_id", "target",
        "before", "after", "prev_hash", "hash",
    ]  # fmt: skip

    def rows():
        yield writer.writerow(header)
        for e in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.seq,
                    e.created_at.isoformat(),
                    e.actor_email,
                    e.verb,
                    e.target_type,
                    e.target_id,
                    e.target_label,
                    _json(e.before),
                    _json(e.after),
                    e.prev_hash,
                    e.hash,
                ]
            )

    filename = f"audit-{request.organization.slug}.csv"
    return StreamingHttpResponse(
        rows(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _json(value) -> str:
    return "" if value is None else json.dumps(value, sort_keys=True)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email. A logged-in invitee accepts with one click; someone new
    to SocialOps sets their name and password; an existing user who is logged out logs in first."""
    try:
        invitation = actions.find_invitation(token)
    except actions.ActionError as error:
        return render(request, "socialops/invitation_invalid.html", {"error": error}, status=410)

    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                membership = actions.accept_invitation(token=token, user=request.user)
            except actions.ActionError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, f"Welcome to {membership.organization}.")
                return redirect(home_url(membership))
    elif not has_account:
        # Someone who has an account but is logged out gets a login link that comes back here.
        form = AcceptInvitationForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and form.is_valid():
            try:
                membership = actions.register_and_accept(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except actions.ActionError as error:
                form.add_error(None, error.message)
            else:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, f"Welcome to {membership.organization}.")
                return redirect(home_url(membership))
    return render(
        request,
        "socialops/invitation_accept.html",
        {"invitation": invitation, "form": form, "has_account": has_account},
        status=400 if form is not None and form.errors else 200,
    )

from collections import defaultdict

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approvals import actions
from approvals.context_processors import pause_for
from approvals.forms import FastTrackForm, LiftForm, PauseForm
from approvals.models import CrisisPause, Submission
from posts.access import get_post_for_member
from posts.models import Post, PostState
from socialops.access import org_member_required
from socialops.actions import ActionError
from socialops.forms import add_action_error
from socialops.models import Role
from socialops.navigation import roles_for


@org_member_required(roles_for("approvals:queue"))
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "approvals/queue.html")


# Crisis pause ------------------------------------------------------------------------------------

# Everyone sees the crisis page; admins and reviewers pause and lift; only a reviewer fast-tracks
# (the action's rule: one reviewer's sign-off stands in for the template's quorum).
CRISIS_ROLES = roles_for("approvals:pause")
PAUSE_HISTORY = 20


def _may_pause_network(request) -> bool:
    return request.membership.role == Role.ADMIN and request.organization.centers.exists()


def _copy_url(request, post: Post) -> str | None:
    """Where a member opens a fast-tracked copy: authors and admins its editor, reviewers its
    review page; viewers read it on the calendar."""
    slug = request.organization.slug
    if request.membership.role in roles_for("posts:drafts"):
        return reverse("posts:edit", args=[slug, post.pk])
    if request.membership.role == Role.REVIEWER:
        return reverse("approvals:review", args=[slug, post.pk])
    return None


def _crisis_templates(request, pause, bound: dict[int, FastTrackForm]) -> list[Post]:
    """The organization's crisis templates, each with its fast-tracked copies and, for a
    reviewer during a pause, a fast-track form on the approved ones."""
    organization = request.organization
    templates = list(
        Post.objects.for_org(organization).filter(crisis_template=True).order_by("-updated_at")
    )
    copies: dict[int, list[Post]] = defaultdict(list)
    fast_tracked = (
        Submission.objects.for_org(organization)
        .filter(fast_track_of__in=templates)
        .select_related("post")
        .order_by("-submitted_at")
    )
    for submission in fast_tracked:
        if submission.post not in copies[submission.fast_track_of_id]:
            submission.post.open_url = _copy_url(request, submission.post)
            copies[submission.fast_track_of_id].append(submission.post)
    may_fast_track = pause is not None and request.membership.role == Role.REVIEWER
    for template in templates:
        template.copies = copies[template.pk]
        template.fast_track_form = bound.get(template.pk)
        ready = may_fast_track and template.state == PostState.APPROVED
        if template.fast_track_form is None and ready:
            template.fast_track_form = FastTrackForm(
                prefix=f"template-{template.pk}", zone=organization.timezone
            )
    return templates


def _crisis_page(
    request,
    *,
    pause_form: PauseForm | None = None,
    lift_form: LiftForm | None = None,
    fast_track_forms: dict[int, FastTrackForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    organization = request.organization
    pause = pause_for(request)
    network = _may_pause_network(request)
    history = (
        CrisisPause.objects.filter(organization=organization)
        .select_related("started_by", "lifted_by", "network_pause__organization")
        .order_by("-started_at")[:PAUSE_HISTORY]
    )
    centers_paused = []
    if pause is not None and pause.network_pause_id is None:
        centers_paused = list(
            pause.center_pauses.active()
            .select_related("organization")
            .order_by("organization__name")
        )
    context = {
        "pause": pause,
        "centers_paused": centers_paused,
        # A center's pause made by its network is lifted by the network, with all the others.
        "held_by_network": pause is not None
        and pause.network_pause_id is not None
        and pause.network_pause.lifted_at is None,
        "can_act": request.membership.role in actions.SIGNER_ROLES,
        "pause_form": pause_form or PauseForm(network=network),
        "lift_form": lift_form or LiftForm(),
        "templates": _crisis_templates(request, pause, fast_track_forms or {}),
        "history": history,
    }
    return render(request, "approvals/crisis.html", context, status=status)


@org_member_required(CRISIS_ROLES, write_roles=actions.SIGNER_ROLES)
@require_http_methods(["GET", "POST"])
def crisis(request: HttpRequest) -> HttpResponse:
    """The crisis page; a POST pauses publishing."""
    if request.method != "POST":
        return _crisis_page(request)
    form = PauseForm(request.POST, network=_may_pause_network(request))
    if form.is_valid():
        try:
            actions.pause_publishing(
                organization=request.organization,
                by=request.user,
                reason=form.cleaned_data["reason"],
                whole_network=form.cleaned_data.get("whole_network", False),
            )
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(
                request, "Publishing is paused: nothing goes out until the pause is lifted."
            )
            return redirect("approvals:pause", request.organization.slug)
    return _crisis_page(request, pause_form=form, status=400)


@org_member_required(CRISIS_ROLES, write_roles=actions.SIGNER_ROLES)
@require_POST
def lift_pause(request: HttpRequest) -> HttpResponse:
    form = LiftForm(request.POST)
    if form.is_valid():
        try:
            actions.resume_publishing(
                organization=request.organization, by=request.user, note=form.cleaned_data["note"]
            )
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(request, "The pause is lifted: scheduled posts go out again.")
            return redirect("approvals:pause", request.organization.slug)
    return _crisis_page(request, lift_form=form, status=400)


@org_member_required(CRISIS_ROLES, write_roles=(Role.REVIEWER,))
@require_POST
def fast_track(request: HttpRequest, template_id: int) -> HttpResponse:
    template = get_post_for_member(request.membership, template_id)
    if not template.crisis_template:
        raise Http404("No such crisis template.")
    form = FastTrackForm(
        request.POST, prefix=f"template-{template.pk}", zone=request.organization.timezone
    )
    if form.is_valid():
        try:
            copy = actions.fast_track(
                template=template, by=request.user, when=form.cleaned_data["when"]
            )
        except ActionError as error:
            form.add_action_error(error)
        else:
            when = timezone.localtime(copy.scheduled_at)
            messages.success(
                request,
                f"Fast-tracked on your sign-off: a copy of “{template.title}” goes out "
                f"{when:%a %b} {when.day} at {when:%H:%M}.",
            )
            return redirect("approvals:pause", request.organization.slug)
    return _crisis_page(request, fast_track_forms={template.pk: form}, status=400)

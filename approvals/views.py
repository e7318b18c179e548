from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import now
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approvals import actions, content, evidence
from approvals.context_processors import pause_for
from approvals.forms import ApproveForm, FastTrackForm, LiftForm, PauseForm, RequestChangesForm
from approvals.models import CrisisPause, Outcome, SignOff, Submission
from approvals.panel import comments_by_account
from approvals.queue import ReviewQueueFilter, publishing_problems, rows
from approvals.quorum import Bar, shortfall
from platforms.views import targets_context
from policies.rules import review_target_hours
from posts.access import get_post_for_member
from posts.forms import CommentForm, PostForm, SubmitForm
from posts.models import Post, PostState, Variant
from posts.views import render_editor, save_editor
from socialops.access import org_member_required
from socialops.actions import ActionError
from socialops.forms import add_action_error
from socialops.models import Role
from socialops.navigation import roles_for

REVIEWERS = roles_for("approvals:queue")
QUEUE_PER_PAGE = 50


@org_member_required(REVIEWERS)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    filters = ReviewQueueFilter(
        request.GET or None, organization=request.organization, user=request.user
    )
    page = Paginator(filters.qs, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    target_hours = review_target_hours(request.organization)
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "approvals/queue.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(name) for name in filters.filters),
            "page": page,
            "rows": rows(page.object_list, user=request.user, at=now(), target_hours=target_hours),
            "target_hours": target_hours,
            "query": kept.urlencode(),
            "problems": publishing_problems(request.organization),
        },
    )


@dataclass(frozen=True)
class VariantView:
    """One variant as the review page shows it: its preview and its live findings, each with
    the words it is about."""

    variant: Variant
    findings: list[tuple[dict, str]]

    @property
    def account(self):
        return self.variant.account


def _round_under_review(post: Post) -> Submission | None:
    """The live round (open or approved), or else the last one, to say how it ended."""
    return actions.live_submission(post) or post.submissions.order_by("-number").first()


def _last_reviewed_round(submission: Submission) -> Submission | None:
    """The latest earlier round that anyone acted on: signed off or sent back. Rounds voided
    before anyone looked at them are skipped, so the diff covers everything since a reviewer
    last saw the post."""
    return (
        Submission.objects.filter(post_id=submission.post_id, number__lt=submission.number)
        .filter(
            Q(outcome=Outcome.CHANGES_REQUESTED)
            | Exists(SignOff.objects.filter(submission=OuterRef("pk")))
        )
        .order_by("-number")
        .first()
    )


def _review_context(request, post: Post, changes_form=None) -> dict:
    submission = _round_under_review(post)
    variants = list(post.variants.select_related("account").order_by("account_id"))
    accounts = [v.account for v in variants]
    check = actions.check_post(post)
    found = {entry["account"]: entry["findings"] for entry in check.findings}
    views = [
        VariantView(
            variant=v,
            findings=[
                (f, v.text[f["start"] : f["end"]] if f["start"] is not None else "")
                for f in found.get(v.account_id, [])
            ],
        )
        for v in variants
    ]
    wrote = request.user.pk in actions.author_ids(post)
    sign_offs, previous, lines, missing = [], None, [], ""
    is_open = False
    if submission is not None:
        sign_offs = list(submission.sign_offs.select_related("signer"))
        is_open = submission.outcome == Outcome.OPEN and post.state == PostState.IN_REVIEW
        missing = shortfall(Bar.of(submission), actions.counting_sign_offs(submission))
        previous = _last_reviewed_round(submission)
        if previous is not None:
            lines = content.diff(
                previous.content, submission.content, tz=timezone.get_current_timezone()
            )
    signed = any(s.signer_id == request.user.pk for s in sign_offs)
    may_request = (
        submission is not None
        and submission.is_live
        and post.state in (PostState.IN_REVIEW, PostState.APPROVED)
        and not wrote
    )
    return {
        "post": post,
        "submission": submission,
        "variants": views,
        "media": list(post.media.all()),
        "phi_overridden": bool(submission and submission.phi_override),
        "sign_offs": sign_offs,
        "missing": missing,
        "previous": previous,
        "diff_lines": lines,
        "comments": post.review_comments.select_related("author", "account", "submission"),
        "wrote": wrote,
        "signed": signed,
        "can_approve": is_open and not wrote and not signed,
        "can_request_changes": may_request,
        "can_edit": request.membership.role == Role.ADMIN,
        "approve_form": ApproveForm(
            initial={"content_hash": submission.content_hash if submission else ""}
        ),
        "changes_form": changes_form or RequestChangesForm(accounts=accounts),
        **targets_context(request.membership, post),
    }


@org_member_required(REVIEWERS)
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_member(request.membership, pk)
    return render(request, "approvals/review.html", _review_context(request, post))


@org_member_required(REVIEWERS)
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_member(request.membership, pk)
    form = ApproveForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError("Reload the page and review the post before signing it off.")
        actions.sign_off(post=post, by=request.user, content_hash=form.cleaned_data["content_hash"])
    except ActionError as exc:
        # The page shows the post as it is now, with the hash of what it shows now.
        post.refresh_from_db()
        context = _review_context(request, post)
        context["approve_error"] = exc.message
        return render(request, "approvals/review.html", context, status=400)
    post.refresh_from_db()
    if post.state == PostState.APPROVED:
        messages.success(request, f"Approved: “{post.title}”.")
    else:
        submission = actions.live_submission(post)
        missing = shortfall(Bar.of(submission), actions.counting_sign_offs(submission))
        messages.success(request, f"Signed off “{post.title}”: {missing.describe()}")
    return redirect("approvals:queue", request.organization.slug)


@org_member_required(REVIEWERS)
@require_POST
def request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_member(request.membership, pk)
    accounts = [v.account for v in post.variants.select_related("account").order_by("account_id")]
    form = RequestChangesForm(request.POST, accounts=accounts)
    form.is_valid()
    try:
        actions.request_changes(
            post=post,
            by=request.user,
            comment=form.cleaned_data.get("comment", ""),
            variant_comments=form.variant_comments(),
        )
    except ActionError as exc:
        add_action_error(form, exc)
        if "comment" in form.errors:
            # Back to the page with the cursor where the reviewer has to write.
            form.fields["comment"].widget.attrs["autofocus"] = True
        post.refresh_from_db()
        context = _review_context(request, post, changes_form=form)
        return render(request, "approvals/review.html", context, status=400)
    messages.success(request, f"Sent back to the author with your comments: “{post.title}”.")
    return redirect("approvals:queue", request.organization.slug)


# Evidence ----------------------------------------------------------------------------------------

EVIDENCE_ROLES = (Role.ADMIN, Role.REVIEWER, Role.AUTHOR)


def _evidence_post(request: HttpRequest, pk: int) -> Post:
    post = get_post_for_member(request.membership, pk)
    evidence.require_readable(request.membership, post)
    return post


@org_member_required(EVIDENCE_ROLES)
@require_GET
def evidence_page(request: HttpRequest, pk: int) -> HttpResponse:
    post = _evidence_post(request, pk)
    document = evidence.export(post=post, by=request.user, fmt="html")
    return render(
        request,
        "approvals/evidence.html",
        {"post": post, "evidence": document, "org_timezone": request.organization.timezone},
    )


@org_member_required(EVIDENCE_ROLES)
@require_GET
def evidence_json(request: HttpRequest, pk: int) -> HttpResponse:
    post = _evidence_post(request, pk)
    document = evidence.export(post=post, by=request.user, fmt="json")
    response = HttpResponse(evidence.as_json(document), content_type="application/json")
    name = f"evidence-{request.organization.slug}-post-{post.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Author side -------------------------------------------------------------------------------------
# Submit for review, withdraw and comments, from the post editor (posts/.../editor.html).


def _back_to_editor(request: HttpRequest, post: Post, anchor: str = "") -> HttpResponse:
    url = reverse("posts:edit", args=[request.organization.slug, post.pk])
    return redirect(url + (f"#{anchor}" if anchor else ""))


@org_member_required(roles_for("posts:drafts"))
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit for review. The editor's button posts the whole editor here, so what is on the
    screen is saved first and exactly that is submitted; a post without the editor's fields
    submits the post as saved."""
    post = get_post_for_member(request.membership, pk)
    submit_form = SubmitForm(request.POST)
    submit_form.is_valid()
    if "version" in request.POST:
        form = PostForm(request.POST, organization=request.organization)
        status = save_editor(request, post, form)
        if status != 200:
            submit_form.add_error(None, "Not submitted: the post could not be saved.")
            return render_editor(request, post, form, status, submit_form=submit_form)
        post.refresh_from_db()
    try:
        submission = actions.submit_post(
            post=post,
            by=request.user,
            phi_justification=submit_form.cleaned_data["phi_justification"],
        )
    except ActionError as exc:
        add_action_error(submit_form, exc)
        return render_editor(request, post, PostForm.for_post(post), 400, submit_form=submit_form)
    needed = shortfall(Bar.of(submission), []).describe()
    if submission.phi_override:
        messages.success(
            request,
            "Submitted for review with your PHI justification, so one more reviewer has to "
            f"sign off than usual: {needed}",
        )
    else:
        messages.success(request, f"Submitted for review: {needed}")
    return _back_to_editor(request, post)


@org_member_required(roles_for("posts:drafts"))
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the post back out of review. What the editor holds is saved after, as a draft, so
    nothing typed is lost and no sign-off round is opened for it."""
    post = get_post_for_member(request.membership, pk)
    try:
        actions.withdraw(post=post, by=request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
        return _back_to_editor(request, post)
    if "version" in request.POST:
        post.refresh_from_db()
        form = PostForm(request.POST, organization=request.organization)
        status = save_editor(request, post, form)
        if status != 200:
            messages.warning(request, "Taken out of review, but your changes were not saved.")
            return render_editor(request, post, form, status)
    messages.success(request, "Taken out of review: it is a draft again.")
    return _back_to_editor(request, post)


@org_member_required(
    (Role.ADMIN, Role.AUTHOR, Role.REVIEWER), write_roles=(Role.ADMIN, Role.AUTHOR, Role.REVIEWER)
)
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment or an answer on the post or on one variant (`account`). The editor sends it
    with htmx and gets its thread back, so nothing typed in the editor meanwhile is lost;
    without JavaScript a refused one re-renders the editor with the error next to the reply
    box. From elsewhere (the review page) the person goes back there."""
    post = get_post_for_member(request.membership, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    account_id = form.cleaned_data.get("account")
    variant = None
    if account_id:
        variant = post.variants.select_related("account").filter(account_id=account_id).first()
    anchor = f"variant-{account_id}-thread" if account_id else "review-thread"
    from_editor = request.membership.role in roles_for("posts:drafts")
    if (account_id and variant is None) or "account" in form.errors:
        # No thread of this post to show the error next to.
        messages.error(request, "Comment on an account this post goes to.")
        return _back_to_editor(request, post)
    try:
        actions.add_comment(
            post=post,
            by=request.user,
            body=form.cleaned_data.get("body", ""),
            account=variant.account if variant else None,
        )
    except ActionError as exc:
        add_action_error(form, exc)
        if from_editor and request.htmx:
            return _thread(request, post, account_id, form)
        if from_editor:
            return render_editor(request, post, PostForm.for_post(post), 400, comment_form=form)
        messages.error(request, exc.message)
        return redirect(actions.review_url(post))
    if from_editor and request.htmx:
        return _thread(request, post, account_id, CommentForm())
    if not from_editor:
        return redirect(actions.review_url(post) + f"#{anchor}")
    return _back_to_editor(request, post, anchor)


def _thread(
    request: HttpRequest, post: Post, account_id: int | None, form: CommentForm
) -> HttpResponse:
    """One thread of the editor, after a comment was added (or refused, with its error)."""
    on_post, by_account = comments_by_account(post)
    key = str(account_id or "post")
    return render(
        request,
        "posts/partials/thread.html",
        {
            "post": post,
            "comments": by_account.get(account_id, []) if account_id else on_post,
            "thread_key": key,
            "thread_id": f"variant-{account_id}-thread" if account_id else "review-thread",
            "can_comment": True,
            "comment_form": form,
            "comment_key": key,
        },
    )


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

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.timezone import now
from django.views.decorators.http import require_GET, require_POST

from approvals import actions, content
from approvals.forms import ApproveForm, RequestChangesForm
from approvals.models import Outcome, SignOff, Submission
from approvals.queue import ReviewQueueFilter, rows
from approvals.quorum import Bar, shortfall
from policies.rules import review_target_hours
from posts.access import get_post_for_member
from posts.models import Post, PostState, Variant
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
            "filter_query": "&" + kept.urlencode() if kept else "",
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
        missing = shortfall(Bar.of(submission), [(s.signer_id, s.role) for s in sign_offs])
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
        missing = shortfall(Bar.of(submission), actions.signer_roles(submission))
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

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from approvals import actions, evidence
from approvals.panel import comments_by_account
from approvals.quorum import Bar, shortfall
from posts.access import get_post_for_member
from posts.forms import CommentForm, PostForm, SubmitForm
from posts.models import Post
from posts.views import render_editor, save_editor
from socialops.access import org_member_required
from socialops.actions import ActionError
from socialops.forms import add_action_error
from socialops.models import Role
from socialops.navigation import roles_for


@org_member_required(roles_for("approvals:queue"))
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "approvals/queue.html")


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

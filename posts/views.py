import datetime as dt

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approvals.actions import live_submission
from approvals.context_processors import pause_for
from approvals.models import Outcome, Submission
from approvals.panel import PastRound, comments_by_account, review_panel
from platforms.models import SocialAccount
from platforms.views import targets_context
from posts import actions, observances
from posts.access import (
    feed_owner,
    get_media_for_member,
    get_post_for_member,
    postable_account_ids,
)
from posts.calendar import CalendarFilter, build_view
from posts.feed import render_feed
from posts.findings import check_variant, context_for
from posts.forms import (
    CampaignForm,
    DescribeMediaForm,
    MediaForm,
    ObservanceForm,
    PillarForm,
    PostForm,
    RescheduleForm,
    SubmitForm,
)
from posts.models import CalendarFeed, Campaign, ContentPillar, Post, Variant
from posts.public_media import media_for_token
from posts.schedule import local_to_aware
from socialops.access import org_member_required
from socialops.actions import ActionError
from socialops.forms import add_action_error
from socialops.models import Role
from socialops.navigation import roles_for

AUTHORS = roles_for("posts:drafts")
DRAFTS_PER_PAGE = 50


@org_member_required(AUTHORS)
@require_GET
def drafts(request: HttpRequest) -> HttpResponse:
    posts = (
        Post.objects.for_org(request.organization)
        .drafts()
        .with_card_data()
        .prefetch_related(
            # The live round and how many have signed it, for the "1 of 2" on the badge.
            Prefetch(
                "submissions",
                queryset=Submission.objects.live().annotate(signed=Count("sign_offs")),
                to_attr="live_rounds",
            )
        )
        .order_by("-updated_at", "-id")
    )
    page = Paginator(posts, DRAFTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "posts/drafts.html", {"posts": page.object_list, "page": page})


@org_member_required(AUTHORS)
@require_POST
def new_post(request: HttpRequest) -> HttpResponse:
    post = actions.create_post(organization=request.organization, by=request.user)
    return redirect("posts:edit", request.organization.slug, post.pk)


def editor_context(request, post: Post, form: PostForm, **extra) -> dict:
    """Everything the editor page shows; `extra` carries forms re-rendered with errors (the
    submit form, a comment form)."""
    findings_context = context_for(post)
    accounts = list(SocialAccount.objects.for_org(request.organization))
    variants = {v.account_id: v for v in post.variants.select_related("account")}
    media = list(post.media.all())
    panel = review_panel(post, request.membership)
    return {
        "post": post,
        "form": form,
        "accounts": accounts,
        "postable": postable_account_ids(request.membership),
        "selected": {int(pk) for pk in form["accounts"].value() or [] if str(pk).isdigit()},
        "rows": _rows(
            [check_variant(v, media, findings_context) for v in variants.values()],
            panel.variant_comments,
        ),
        "media": media,
        "media_form": MediaForm(),
        "observance_names": observances.names_for(request.organization, timezone.localdate()),
        "pair": post.paired_with or Post.objects.filter(paired_with=post).first(),
        "panel": panel,
        "comment_key": _comment_key(extra.get("comment_form")),
        "reply_keys": ["post", *(str(pk) for pk in panel.variant_comments)],
        # While the post is in review or approved, a save voids sign-offs: only the Save
        # button saves then, under the warning, never a keystroke.
        "autosave": post.is_editable and not panel.in_review,
        "can_delete": not actions.deletion_refusal(post),
        "submit_form": extra.get("submit_form") or SubmitForm(),
        "comment_form": extra.get("comment_form"),
        **targets_context(request.membership, post),
    }


def _rows(checks: list, threads: dict[int, list]) -> list[tuple]:
    """Each variant's check with the review comments on its account, side by side."""
    return [(c, threads.get(c.variant.account_id, [])) for c in checks]


def _comment_key(form) -> str:
    """Which thread a refused comment came from, to show its error there."""
    if form is None:
        return ""
    return str(form.cleaned_data.get("account") or "post")


def render_editor(request, post: Post, form: PostForm, status: int = 200, **extra) -> HttpResponse:
    return render(
        request, "posts/editor.html", editor_context(request, post, form, **extra), status=status
    )


# Reviewers are sent here too (a notification about a post links to its page): they read posts
# on the review page, so they are passed on to it.
@org_member_required((*AUTHORS, Role.REVIEWER), write_roles=AUTHORS)
@require_http_methods(["GET", "POST"])
def edit_post(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor. JavaScript autosaves drafts through `autosave`; this POST is the Save button
    and the no-JavaScript path, and re-renders with errors next to the fields."""
    post = get_post_for_member(request.membership, pk)
    if request.membership.role == Role.REVIEWER:
        return redirect("approvals:review", request.organization.slug, post.pk)
    if request.method == "GET":
        return render_editor(request, post, PostForm.for_post(post))
    form = PostForm(request.POST, organization=request.organization)
    before = live_submission(post)
    status = save_editor(request, post, form)
    if status == 200:
        voided = voided_round(before, post)
        if voided:
            messages.warning(request, f"Saved. {voided}")
        else:
            messages.success(request, "Saved.")
        return redirect("posts:edit", request.organization.slug, post.pk)
    return render_editor(request, post, form, status=status)


def save_editor(request, post: Post, form: PostForm) -> int:
    """Save what the editor sent: 200 saved, 400 invalid (errors on the form), 409 someone saved
    first. The Save button, autosave, and Submit and Withdraw (which save first) all use it."""
    if not form.is_valid():
        return 400
    changes = form.changes()
    if post.scheduled_at and changes.scheduled_at == post.scheduled_at.replace(
        second=0, microsecond=0
    ):
        # The time field holds minutes: a time set to the second elsewhere (the API) is kept,
        # so a save that changed nothing doesn't move the post or void its sign-offs.
        changes.scheduled_at = post.scheduled_at
    try:
        actions.save_post(
            post=post,
            by=request.user,
            expected_version=form.cleaned_data["version"] or 0,
            changes=changes,
        )
    except actions.EditConflict as exc:
        form.add_error(None, exc.message)
        return 409
    except ActionError as exc:
        add_action_error(form, exc)
        return 400
    return 200


def voided_round(before: Submission | None, post: Post) -> str:
    """What a save did to the review round that was live before it ("" if nothing)."""
    if before is None:
        return ""
    before.refresh_from_db(fields=["outcome", "closed_reason"])
    if before.outcome != Outcome.VOIDED:
        return ""
    summary = PastRound(before, list(before.sign_offs.select_related("signer"))).summary
    return f"{summary} The post is back in review."


@org_member_required(AUTHORS)
@require_POST
def autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: save what the editor holds and answer with the save status, the new version and
    the findings. The textareas are never replaced, so no keystroke typed meanwhile is lost."""
    post = get_post_for_member(request.membership, pk)
    form = PostForm(request.POST, organization=request.organization)
    before = live_submission(post)
    status = save_editor(request, post, form)
    post.refresh_from_db()
    context = editor_context(request, post, form)
    context["save_status"] = status
    # Only when a round ended does the review panel change under the author (out of band).
    context["voided"] = voided_round(before, post) if status == 200 else ""
    # 200 even for a refused save: htmx swaps the status in, which says what happened.
    return render(request, "posts/partials/autosave.html", context)


@org_member_required(AUTHORS)
@require_POST
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx, as the author types: counters, previews and findings for the text in the editor,
    from the same rules the server enforces. Nothing is saved."""
    post = get_post_for_member(request.membership, pk)
    form = PostForm(request.POST, organization=request.organization)
    form.is_valid()
    data = form.cleaned_data
    body = data.get("body", "").replace("\r\n", "\n")
    media = list(post.media.all())
    # The findings for the post as the editor holds it now, saved or not.
    findings_context = context_for(
        post,
        patient_story=data.get("patient_story", False),
        consent=data.get("consent"),
        kinds=data.get("consent_kinds", []),
        campaign=data.get("campaign"),
    )
    checks = [
        check_variant(
            Variant(post=post, account=account, text=form.variant_texts.get(account.id, body)),
            media,
            findings_context,
        )
        for account in data.get("accounts", [])
    ]
    _on_post, by_account = comments_by_account(post)
    return render(
        request,
        "posts/partials/variants.html",
        {"post": post, "rows": _rows(checks, by_account), "media": media},
    )


@org_member_required(AUTHORS)
@require_POST
def duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_member(request.membership, pk)
    copy = actions.duplicate_post(post=post, by=request.user)
    messages.success(request, "Duplicated: this is the copy, without a time.")
    return redirect("posts:edit", request.organization.slug, copy.pk)


@org_member_required(AUTHORS)
@require_POST
def translate(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_member(request.membership, pk)
    try:
        translation = actions.add_translation(post=post, by=request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("posts:edit", request.organization.slug, post.pk)
    messages.success(request, f"{translation.get_language_display()} version added.")
    return redirect("posts:edit", request.organization.slug, translation.pk)


@org_member_required(AUTHORS)
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_member(request.membership, pk)
    if request.method == "GET":
        return render(
            request,
            "posts/delete.html",
            {"post": post, "refusal": actions.deletion_refusal(post)},
        )
    try:
        actions.delete_draft(post=post, by=request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("posts:edit", request.organization.slug, post.pk)
    messages.success(request, "Draft deleted.")
    return redirect("posts:drafts", request.organization.slug)


def _media_section(request, post: Post, media_form=None, status=200) -> HttpResponse:
    context = editor_context(request, post, PostForm.for_post(post))
    if media_form is not None:
        context["media_form"] = media_form
    template = "posts/partials/media.html" if request.htmx else "posts/editor.html"
    return render(request, template, context, status=status)


@org_member_required(AUTHORS)
@require_POST
def upload_media(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_member(request.membership, pk)
    form = MediaForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_media(
                post=post,
                by=request.user,
                upload=form.cleaned_data["file"],
                alt_text=form.cleaned_data["alt_text"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
    if form.errors:
        return _media_section(request, post, form, status=400 if not request.htmx else 200)
    if not request.htmx:
        return redirect("posts:edit", request.organization.slug, post.pk)
    return _media_section(request, post)


@org_member_required(AUTHORS)
@require_POST
def describe_media(request: HttpRequest, pk: int, media_id: int) -> HttpResponse:
    post = get_post_for_member(request.membership, pk)
    item = get_media_for_member(request.membership, post, media_id)
    form = DescribeMediaForm(request.POST, request.FILES)
    form.is_valid()
    try:
        actions.describe_media(
            item=item,
            by=request.user,
            alt_text=form.cleaned_data.get("alt_text", ""),
            captions=form.cleaned_data.get("captions"),
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    if not request.htmx:
        return redirect("posts:edit", request.organization.slug, post.pk)
    return _media_section(request, post)


@org_member_required(AUTHORS)
@require_POST
def remove_media(request: HttpRequest, pk: int, media_id: int) -> HttpResponse:
    post = get_post_for_member(request.membership, pk)
    item = get_media_for_member(request.membership, post, media_id)
    try:
        actions.remove_media(item=item, by=request.user)
    except ActionError as exc:
        messages.error(request, exc.message)
    if not request.htmx:
        return redirect("posts:edit", request.organization.slug, post.pk)
    return _media_section(request, post)


@org_member_required(roles_for("posts:calendar"))
@require_GET
def media_file(request: HttpRequest, pk: int, media_id: int) -> HttpResponse:
    """Media are private until published: served only to members, never from a public URL."""
    post = get_post_for_member(request.membership, pk)
    item = get_media_for_member(request.membership, post, media_id)
    if not default_storage.exists(item.file.name):
        raise Http404("The file is missing from storage.")
    response = FileResponse(item.file.open("rb"), content_type=item.mime)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def public_media(request: HttpRequest, token: str) -> HttpResponse:
    """An image a platform fetches while publishing (Instagram): the signed, day-long token in
    the URL is the credential (posts.public_media)."""
    item = media_for_token(token)
    if item is None or not default_storage.exists(item.file.name):
        raise Http404("No such file.")
    response = FileResponse(item.file.open("rb"), content_type=item.mime)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@org_member_required(AUTHORS)
@require_http_methods(["GET", "POST"])
def campaigns(request: HttpRequest) -> HttpResponse:
    """The organization's campaigns and content pillars."""
    organization = request.organization
    campaign_form, pillar_form = CampaignForm(prefix="campaign"), PillarForm(prefix="pillar")
    status = 200
    if request.method == "POST":
        which = request.POST.get("add")
        form = (
            CampaignForm(request.POST, prefix="campaign")
            if which == "campaign"
            else PillarForm(request.POST, prefix="pillar")
        )
        if form.is_valid():
            try:
                if which == "campaign":
                    actions.create_campaign(
                        organization=organization, by=request.user, **form.cleaned_data
                    )
                else:
                    actions.create_pillar(
                        organization=organization, by=request.user, **form.cleaned_data
                    )
            except ActionError as exc:
                add_action_error(form, exc)
        if not form.errors:
            messages.success(request, f"{form.cleaned_data['name']} added.")
            return redirect("posts:campaigns", organization.slug)
        status = 400
        if which == "campaign":
            campaign_form = form
        else:
            pillar_form = form
    return render(
        request,
        "posts/campaigns.html",
        {
            "campaigns": Campaign.objects.filter(organization=organization),
            "pillars": ContentPillar.objects.filter(organization=organization),
            "campaign_form": campaign_form,
            "pillar_form": pillar_form,
        },
        status=status,
    )


# The calendar ------------------------------------------------------------------------------


def _calendar_context(request) -> dict:
    membership = request.membership
    filters = CalendarFilter(request.GET, organization=request.organization)
    view = build_view(
        organization=request.organization,
        mode=request.GET.get("view", "month"),
        anchor=request.GET.get("date"),
        posts=filters.qs,
        pause=pause_for(request),
    )
    return {
        "view": view,
        "filters": filters,
        "can_move": membership.role in AUTHORS,
        "can_add_observance": membership.role == Role.ADMIN,
        "observance_form": ObservanceForm(),
        "has_feed": _has_feed(request),
        "feed_url": request.session.pop("feed_url", None),
        "filter_query": _filter_query(request),
    }


def _filter_query(request) -> str:
    """The calendar's filters, to carry over to the previous/next/mode links."""
    kept = request.GET.copy()
    for key in ("view", "date"):
        kept.pop(key, None)
    return "&" + kept.urlencode() if kept else ""


def _has_feed(request) -> bool:
    return (
        CalendarFeed.objects.active()
        .filter(organization=request.organization, user=request.user)
        .exists()
    )


@org_member_required(roles_for("posts:calendar"))
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    context = _calendar_context(request)
    if request.htmx and request.htmx.target == "calendar":
        return render(request, "posts/partials/calendar_body.html", context)
    return render(request, "posts/calendar.html", context)


@org_member_required(roles_for("posts:calendar"), write_roles=AUTHORS)
@require_POST
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """A drop on the calendar. The server checks it like any other change of time."""
    post = get_post_for_member(request.membership, pk)
    form = RescheduleForm(request.POST)
    error = None
    if not form.is_valid():
        error = "That is not a day on the calendar."
    else:
        current = timezone.localtime(post.scheduled_at) if post.scheduled_at else None
        time = form.cleaned_data["time"] or (current.time() if current else dt.time(9, 0))
        try:
            when = local_to_aware(form.cleaned_data["date"], time, request.organization.timezone)
            post = actions.reschedule_post(post=post, by=request.user, when=when)
        except ActionError as exc:
            error = exc.message
    if error:
        messages.error(request, f"“{post.title}” was not moved: {error}")
    else:
        moved = timezone.localtime(post.scheduled_at)
        messages.success(
            request, f"“{post.title}” moved to {moved:%a %b} {moved.day}, {moved:%H:%M}."
        )
    if request.htmx:
        return render(request, "posts/partials/calendar_body.html", _calendar_context(request))
    return redirect(
        reverse("posts:calendar", args=[request.organization.slug]) + "?" + request.GET.urlencode()
    )


@org_member_required(roles_for("posts:calendar"), write_roles=(Role.ADMIN,))
@require_POST
def add_observance(request: HttpRequest) -> HttpResponse:
    form = ObservanceForm(request.POST)
    if form.is_valid():
        try:
            actions.add_observance(
                organization=request.organization, by=request.user, **form.cleaned_data
            )
            messages.success(request, f"{form.cleaned_data['name']} added to the calendar.")
        except ActionError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "The observance needs a name and its dates.")
    return redirect("posts:calendar", request.organization.slug)


# Everyone may subscribe to their own view of the calendar, viewers included: it is a read.
@org_member_required(roles_for("posts:calendar"), write_roles=roles_for("posts:calendar"))
@require_POST
def calendar_feed(request: HttpRequest) -> HttpResponse:
    if request.POST.get("action") == "revoke":
        actions.revoke_calendar_feed(organization=request.organization, user=request.user)
        messages.success(request, "Your calendar feed URL no longer works.")
    else:
        token = actions.issue_calendar_feed(organization=request.organization, user=request.user)
        # Shown once, on the next page: only its hash is kept.
        request.session["feed_url"] = request.build_absolute_uri(
            reverse("calendar_ics", args=[token])
        )
        messages.success(
            request, "Your private calendar feed URL is ready. Any earlier one stopped working."
        )
    return redirect("posts:calendar", request.organization.slug)


@require_GET
def calendar_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed Outlook and Google Calendar poll. The token in the URL is the only
    credential, so a wrong one gets the same 404 as a revoked one."""
    owner = feed_owner(token)
    if owner is None:
        raise Http404("No such calendar.")
    organization, user = owner
    return HttpResponse(
        render_feed(organization, user), content_type="text/calendar; charset=utf-8"
    )

"""Settings → Accounts: connect, reconnect and disconnect social accounts, and choose who may
post to each. The OAuth state and PKCE verifier wait in the Django session; tokens that wait
for a page pick are kept there encrypted."""

import json
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from guardian.shortcuts import get_users_with_perms

from posts.access import get_post_for_member
from posts.models import Post
from socialops import crypto
from socialops.access import get_membership, org_member_required
from socialops.actions import ActionError
from socialops.models import Role

from . import actions, health, publishing
from .access import get_account_for_member, get_target_for_member
from .flows import FLOWS
from .models import Platform, SocialAccount, TargetState
from .oauth import Candidate, ConnectError, denial_message
from .tokens import TokenSet

ADMINS = (Role.ADMIN,)
SESSION_KEY = "platform_connect"
PICK_KEY = "platform_pick"


def _platform(name: str) -> str:
    if name not in FLOWS:
        raise Http404("No such platform.")
    return name


@org_member_required(ADMINS)
@require_GET
def accounts(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    rows = []
    authors = organization.memberships.filter(role=Role.AUTHOR).select_related("user")
    for account in SocialAccount.objects.for_org(organization):
        posters = set(get_users_with_perms(account, only_with_perms_in=["post_to_socialaccount"]))
        rows.append({"account": account, "posters": [a for a in authors if a.user in posters]})
    return render(
        request,
        "platforms/accounts.html",
        {"rows": rows, "platforms": Platform.choices, "authors": authors},
    )


@org_member_required(ADMINS)
@require_http_methods(["GET", "POST"])
def connect(request: HttpRequest) -> HttpResponse:
    """POST starts the connection for `platform` (a form first for Mastodon's instance and
    Bluesky's app password). `account` in the form reconnects that row."""
    platform = request.POST.get("platform") or request.GET.get("platform", "")
    if platform not in FLOWS:
        messages.error(request, "Choose a platform to connect.")
        return redirect("platforms:accounts", request.organization.slug)
    flow = FLOWS[platform]()
    if request.method == "GET":
        return render(request, "platforms/connect_form.html", _form_context(request, platform))
    reconnecting = None
    if request.POST.get("account"):
        reconnecting = get_account_for_member(request.membership, int(request.POST["account"]))
    if flow.needs_form and "submitted" not in request.POST:
        return render(request, "platforms/connect_form.html", _form_context(request, platform))
    redirect_uri = request.build_absolute_uri(reverse("platform_callback", args=[platform]))
    try:
        url, data = flow.begin(redirect_uri, request.POST.dict())
        if not url:  # Bluesky: the session is made at once
            return _finish(
                request, request.organization.slug, platform, flow.finish({}, {}, ""), reconnecting
            )
    except ConnectError as exc:
        return render(
            request,
            "platforms/connect_form.html",
            {**_form_context(request, platform), "error": exc.message},
            status=400,
        )
    request.session[SESSION_KEY] = {
        **data,
        "platform": platform,
        "org_slug": request.organization.slug,
        "account": reconnecting.pk if reconnecting else None,
    }
    return redirect(url)


def _form_context(request, platform):
    return {
        "platform": platform,
        "platform_label": Platform(platform).label,
        "account": request.POST.get("account") or request.GET.get("account", ""),
    }


@login_required
@require_GET
def callback(request: HttpRequest, platform: str) -> HttpResponse:
    """Where the platform sends the person back. Only acts on the state this person's own
    session started, for an organization they are still an admin of."""
    pending = request.session.pop(SESSION_KEY, None)
    if not pending or pending.get("platform") != platform:
        messages.error(request, "That connection attempt has expired. Start again.")
        return redirect("home")
    slug = pending["org_slug"]
    membership = get_membership(request.user, slug)
    if membership.role != Role.ADMIN:
        raise Http404
    back = redirect("platforms:accounts", slug)
    brand = Platform(platform).label
    if not secrets.compare_digest(str(request.GET.get("state", "")), str(pending.get("state"))):
        messages.error(
            request, f"{brand} sent back an answer we did not ask for. Nothing was saved."
        )
        return back
    if denied := denial_message(request.GET, brand):
        messages.error(request, denied)
        return back
    redirect_uri = request.build_absolute_uri(reverse("platform_callback", args=[platform]))
    try:
        candidates = FLOWS[platform]().finish(request.GET.dict(), pending, redirect_uri)
    except ConnectError as exc:
        messages.error(request, exc.message)
        return back
    reconnecting = None
    if pending.get("account"):
        reconnecting = get_account_for_member(membership, pending["account"])
    request.membership, request.organization = membership, membership.organization
    return _finish(request, slug, platform, candidates, reconnecting)


def _finish(request, slug, platform, candidates: list[Candidate], reconnecting):
    if len(candidates) == 1:
        return _connect(request, slug, platform, candidates[0], reconnecting)
    request.session[PICK_KEY] = {
        "platform": platform,
        "org_slug": slug,
        "account": reconnecting.pk if reconnecting else None,
        "candidates": crypto.encrypt(json.dumps([_dump(c) for c in candidates])),
    }
    return redirect("platforms:pick", slug)


def _connect(request, slug, platform, candidate: Candidate, reconnecting):
    try:
        account = actions.connect_account(
            organization=request.organization,
            platform=platform,
            external_id=candidate.external_id,
            handle=candidate.handle,
            display_name=candidate.display_name,
            tokens=candidate.tokens,
            by=request.user,
            reconnecting=reconnecting,
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{account} is connected.")
    return redirect("platforms:accounts", slug)


def _dump(c: Candidate) -> dict:
    t = c.tokens
    return {
        "external_id": c.external_id,
        "handle": c.handle,
        "display_name": c.display_name,
        "access_token": t.access_token,
        "refresh_token": t.refresh_token,
        "expires_at": t.expires_at.isoformat() if t.expires_at else None,
        "scopes": list(t.scopes),
        "config": t.config,
    }


def _load(d: dict) -> Candidate:
    from datetime import datetime

    expires = datetime.fromisoformat(d["expires_at"]) if d["expires_at"] else None
    tokens = TokenSet(
        d["access_token"], d["refresh_token"], expires, None, tuple(d["scopes"]), d["config"]
    )
    return Candidate(d["external_id"], d["handle"], d["display_name"], tokens)


@org_member_required(ADMINS)
@require_http_methods(["GET", "POST"])
def pick(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PICK_KEY)
    if not pending or pending["org_slug"] != request.organization.slug:
        messages.error(request, "Nothing is waiting to be picked. Start the connection again.")
        return redirect("platforms:accounts", request.organization.slug)
    candidates = [_load(d) for d in json.loads(crypto.decrypt(pending["candidates"]))]
    if request.method == "POST":
        chosen = next((c for c in candidates if c.external_id == request.POST.get("choice")), None)
        if chosen is None:
            messages.error(request, "Choose one of the accounts.")
        else:
            del request.session[PICK_KEY]
            reconnecting = None
            if pending.get("account"):
                reconnecting = get_account_for_member(request.membership, pending["account"])
            return _connect(
                request, request.organization.slug, pending["platform"], chosen, reconnecting
            )
    return render(
        request,
        "platforms/pick.html",
        {"candidates": candidates, "platform_label": Platform(pending["platform"]).label},
    )


@org_member_required(ADMINS)
@require_POST
def disconnect(request: HttpRequest, account_id: int) -> HttpResponse:
    account = get_account_for_member(request.membership, account_id)
    try:
        actions.disconnect_account(account=account, by=request.user)
        messages.success(request, f"{account} is disconnected; its tokens are deleted.")
    except ActionError as exc:
        messages.error(request, exc.message)
    return redirect("platforms:accounts", request.organization.slug)


@org_member_required(ADMINS)
@require_POST
def posters(request: HttpRequest, account_id: int) -> HttpResponse:
    account = get_account_for_member(request.membership, account_id)
    ids = [int(i) for i in request.POST.getlist("posters") if i.isdigit()]
    members = list(request.organization.memberships.filter(pk__in=ids).select_related("user"))
    try:
        actions.set_posters(account=account, members=members, by=request.user)
        messages.success(request, f"Saved who may post to {account}.")
    except ActionError as exc:
        messages.error(request, exc.message)
    return redirect("platforms:accounts", request.organization.slug)


# Publishing: each target of a post, what a person may do about it, and the health page --------

PUBLISH_MANAGERS = publishing.PUBLISH_MANAGERS


def targets_context(membership, post: Post, error: dict | None = None) -> dict:
    """The post's publish targets with their attempts, for the post page, the review page and
    the queue's links: three queries whatever the number of targets. Retry and Drop are offered
    for exactly what the queue lists (PublishTarget.needs_a_person)."""
    targets = list(
        post.targets.select_related("account", "retried_by").prefetch_related("attempts__by")
    )
    return {
        "post": post,
        "targets": targets,
        "can_manage": membership.role in PUBLISH_MANAGERS,
        "live_count": sum(t.state == TargetState.PUBLISHED for t in targets),
        "target_error": error or {},
    }


def post_page_url(membership, post: Post) -> str:
    """Reviewers read a post on its review page; admins and authors in the editor."""
    name = "approvals:review" if membership.role == Role.REVIEWER else "posts:edit"
    return reverse(name, args=[post.organization.slug, post.pk])


def _after_target_action(
    request, post: Post, error: dict | None = None, done: str = "", failed: bool = False
) -> HttpResponse:
    """htmx: the targets panel again, saying what happened (or the refusal beside its field).
    Without JavaScript: back to where the person came from, or a page with the panel and the
    refusal."""
    post.refresh_from_db(fields=["state"])
    context = targets_context(request.membership, post, error)
    if request.htmx:
        context["notice"], context["notice_failed"] = done, failed
        # 200 even for a refusal: htmx swaps the panel in, which says what went wrong.
        return render(request, "platforms/partials/targets.html", context)
    if error:
        context["back_url"] = post_page_url(request.membership, post)
        return render(request, "platforms/target_refused.html", context, status=400)
    (messages.error if failed else messages.success)(request, done)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = post_page_url(request.membership, post) + "#publishing"
    return redirect(back)


def _refusal(target, action: str, error: ActionError) -> dict:
    """Which form the refusal belongs beside: the target's (or "all") and the action's."""
    return {"target": target, "action": action, "message": error.message}


@org_member_required(PUBLISH_MANAGERS)
@require_POST
def retry_target(request: HttpRequest, target_id: int) -> HttpResponse:
    target = get_target_for_member(request.membership, target_id)
    try:
        publishing.retry_target(target=target, by=request.user)
    except ActionError as exc:
        return _after_target_action(request, target.post, _refusal(target.pk, "retry", exc))
    return _after_target_action(request, target.post, done=f"Sending it again to {target.account}.")


@org_member_required(PUBLISH_MANAGERS)
@require_POST
def drop_target(request: HttpRequest, target_id: int) -> HttpResponse:
    target = get_target_for_member(request.membership, target_id)
    try:
        reason = request.POST.get("reason", "")
        publishing.drop_target(target=target, by=request.user, reason=reason)
    except ActionError as exc:
        return _after_target_action(request, target.post, _refusal(target.pk, "drop", exc))
    done = f"Dropped: it will not go out to {target.account}."
    return _after_target_action(request, target.post, done=done)


@org_member_required(PUBLISH_MANAGERS)
@require_POST
def take_down(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the post down from one account (`target` in the form) or from every account."""
    post = get_post_for_member(request.membership, pk)
    accounts = None
    target_id = request.POST.get("target", "")
    if target_id.isdigit():
        target = get_target_for_member(request.membership, int(target_id))
        if target.post_id != post.pk:
            raise Http404("No such publish target.")
        accounts = [target.account]
    which = int(target_id) if accounts else "all"
    try:
        done = publishing.take_down(
            post=post, by=request.user, reason=request.POST.get("reason", ""), accounts=accounts
        )
    except ActionError as exc:
        return _after_target_action(request, post, _refusal(which, "take_down", exc))
    failed = [t for t in done if t.state != TargetState.TAKEN_DOWN]
    if failed:
        said = "Not taken down from " + ", ".join(str(t.account) for t in failed) + ": see why."
    else:
        said = "Taken down from " + ", ".join(str(t.account) for t in done) + "."
    return _after_target_action(request, post, done=said, failed=bool(failed))


@org_member_required(ADMINS)
@require_GET
def publishing_health(request: HttpRequest) -> HttpResponse:
    return render(request, "platforms/health.html", {"health": health.health(request.organization)})

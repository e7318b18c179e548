"""Tenant isolation over every route the project has.

The routes come from the URL resolver, not from a list kept by hand, so a route added by any
later change is walked automatically. A route is either under an organization (it takes
`org_slug`) and then walked with every persona, or named in PUBLIC_ROUTES with the reason it
needs no organization; anything else fails this test.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from platforms.models import PublishTarget, SocialAccount, TargetState
from policies.models import ApprovalRule, ConsentRecord, LexiconEntry, PolicyVersion
from policies.testing import seed_tenancy_sample
from posts.actions import add_media
from posts.models import Media, Post
from posts.testing import image_upload, make_account, make_post
from socialops.actions import invite_member
from socialops.models import Role

# Routes that belong to no organization, and why that is safe.
PUBLIC_ROUTES = {
    "home": "log-in required; redirects to the person's own organization",
    "login": "the log-in page",
    "logout": "log out (POST)",
    "password_change": "log-in required; changes only the person's own password",
    "password_change_done": "log-in required; static confirmation",
    "password_reset": "answers the same whether or not the email has an account",
    "password_reset_done": "static confirmation",
    "password_reset_confirm": "guarded by Django's signed, single-use token",
    "password_reset_complete": "static confirmation",
    "invitation_accept": "guarded by the invitation's secret token and the invited email",
    "token": "exchanges the person's own email and password for their API token",
    "organization-list": "lists only the caller's own organizations",
    "schema": "the OpenAPI description of the API (no data)",
    "api_docs": "the API documentation page (no data)",
    "calendar_ics": "guarded by the feed's secret token (hashed at rest, revocable)",
    "public_media": "one image, by a signed token that expires in a day (Instagram fetches it)",
    "platform_callback": "log-in required; acts only on the OAuth state in the caller's own "
    "session, for an organization the caller is still an admin of",
}
# Django's admin site: is_staff guards everything under admin/ (see test_the_admin_site_...).
ADMIN_PREFIX = "admin/"
WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    kwargs: tuple[str, ...]
    callback: object

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    @property
    def view_class(self):
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)


def _kwarg_names(pattern) -> list[str]:
    # path() patterns compile to a regex too, so one rule covers them, re_path() and DRF routers.
    return list(pattern.regex.groupindex)


def walk(resolver=None, prefix="", namespace="", kwargs=()):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        names = tuple(kwargs) + tuple(_kwarg_names(entry.pattern))
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from walk(entry, prefix + str(entry.pattern), ns, names)
        elif isinstance(entry, URLPattern):
            yield Route(
                name=f"{namespace}{entry.name}" if entry.name else "",
                pattern=prefix + str(entry.pattern),
                kwargs=tuple(dict.fromkeys(names)),
                callback=entry.callback,
            )


ALL_ROUTES = list(walk())
TENANT_ROUTES = [r for r in ALL_ROUTES if "org_slug" in r.kwargs]


def _sample(route: Route, kwarg: str, people) -> str:
    """A real object of `people.org` for each URL argument a route can take. A new kind of
    argument needs a line here; until then this test fails and says so."""
    org = people.org
    if kwarg == "org_slug":
        return org.slug
    if kwarg == "member_id":
        return str(people.author.pk)
    if kwarg == "invitation_id":
        return str(org.invitations.pending().first().pk)
    if kwarg == "pk" and route.name.startswith(("posts:", "approvals:", "platforms:")):
        return str(Media.objects.filter(organization=org).first().post_id)
    if kwarg == "media_id":
        return str(Media.objects.filter(organization=org).first().pk)
    if kwarg == "account_id":
        return str(org.social_accounts.order_by("pk").first().pk)
    if kwarg == "version_id":
        return str(PolicyVersion.objects.for_org(org).first().pk)
    if kwarg == "kind":
        return "lexicon"
    if kwarg == "rule_id":
        return str(LexiconEntry.objects.for_org(org).first().pk)
    if kwarg == "approval_rule_id":
        return str(ApprovalRule.objects.for_org(org).filter(social_account__isnull=False)[0].pk)
    if kwarg == "template_id":
        # Any post of the organization: the fast-track view answers 404 for one that is not a
        # crisis template, after the same membership and role checks.
        return str(Post.objects.for_org(org).first().pk)
    if kwarg == "target_id":
        return str(PublishTarget.objects.for_org(org).first().pk)
    if kwarg == "consent_id":
        return str(ConsentRecord.objects.for_org(org).first().pk)
    if kwarg == "pk" and route.view_class is not None:
        model = route.view_class.queryset.model
        obj = model.objects.filter(organization=org).order_by("pk").first()
        assert obj is not None, f"add a {model.__name__} of the org to the tenancy fixture"
        return str(obj.pk)
    pytest.fail(
        f"Route {route.name or route.pattern!r} takes {kwarg!r}, which tests/test_tenancy.py "
        "cannot fill yet: teach _sample to make one for the organization."
    )


def _url(route: Route, people, slug_of=None) -> str:
    kwargs = {k: _sample(route, k, people) for k in route.kwargs}
    if slug_of is not None:
        kwargs["org_slug"] = slug_of.slug
    return reverse(route.name, kwargs=kwargs)


def _write_roles(route: Route) -> tuple[str, ...]:
    if route.view_class is not None and hasattr(route.view_class, "write_roles"):
        return tuple(route.view_class.write_roles)
    return tuple(getattr(route.callback, "org_write_roles", ()))


@pytest.fixture
def world(riverside, harbor):
    # One pending invitation per organization so invitation routes have an object to aim at.
    for people in (riverside, harbor):
        invite_member(
            organization=people.org, email=f"new@{people.org.slug}.example", role=Role.AUTHOR,
            by=people.admin.user,
        )  # fmt: skip
        # A post with a variant and an image, for the post and media routes.
        account = make_account(people.org)
        post = make_post(people.author, [account])
        add_media(post=post, by=people.author.user, upload=image_upload(), alt_text="A clinic")
        # A publish target that failed, for the retry, drop and take-down routes.
        PublishTarget.objects.create(
            organization=people.org, post=post, account=account, state=TargetState.FAILED,
            due_at=post.scheduled_at or timezone.now(), idempotency_key=f"tenancy-{post.pk}",
        )  # fmt: skip
        SocialAccount.objects.create(organization=people.org, platform="x", handle="@planned")
        # A policy the admin has acknowledged (the others have not), a lexicon entry, an
        # account with its own approval rule and a consent record, for the policies routes.
        seed_tenancy_sample(people.org, admin=people.admin)
    return riverside, harbor


def _methods(route: Route):
    return ("get", *WRITE_METHODS) if route.is_api else ("get", "post")


def test_every_route_is_either_under_an_organization_or_declared_public():
    unaccounted = [
        r.pattern
        for r in ALL_ROUTES
        if "org_slug" not in r.kwargs
        and r.name not in PUBLIC_ROUTES
        and not r.pattern.startswith(ADMIN_PREFIX)
    ]
    assert not unaccounted, (
        f"Routes outside /o/<org_slug>/ and /api/v1/orgs/<org_slug>/ that PUBLIC_ROUTES does "
        f"not explain: {unaccounted}"
    )
    unnamed = [r.pattern for r in TENANT_ROUTES if not r.name]
    assert not unnamed, f"Name these routes so the tenancy walk can reach them: {unnamed}"
    # The walk must really find the app's routes, not an empty list.
    assert len(TENANT_ROUTES) >= 20


def test_every_public_route_still_exists():
    names = {r.name for r in ALL_ROUTES}
    assert set(PUBLIC_ROUTES) <= names, set(PUBLIC_ROUTES) - names


@pytest.mark.parametrize("route", TENANT_ROUTES, ids=lambda r: r.name)
def test_an_outsider_gets_404_on_every_method(route, world, client):
    riverside, harbor = world
    client.force_login(harbor.admin.user)  # an admin, but of another organization
    url = _url(route, riverside)
    for method in _methods(route):
        response = getattr(client, method)(url)
        assert response.status_code == 404, f"{method.upper()} {url} gave {response.status_code}"


@pytest.mark.parametrize(
    "route", [r for r in TENANT_ROUTES if set(r.kwargs) - {"org_slug"}], ids=lambda r: r.name
)
def test_a_member_cannot_reach_another_organizations_object_through_their_own_slug(
    route, world, client
):
    riverside, harbor = world
    client.force_login(harbor.admin.user)
    url = _url(route, riverside, slug_of=harbor.org)
    for method in _methods(route):
        response = getattr(client, method)(url)
        # 405: the route does not take this method and says so before any lookup; 403: nobody
        # in this role may write here, refused before any lookup. Neither reveals the object.
        allowed = (404, 405) if method == "get" else (403, 404, 405)
        assert response.status_code in allowed, (
            f"{method.upper()} {url} gave {response.status_code}"
        )


@pytest.mark.parametrize("route", TENANT_ROUTES, ids=lambda r: r.name)
def test_a_viewer_may_look_but_gets_403_on_writes(route, world, client):
    riverside, _ = world
    client.force_login(riverside.viewer.user)
    url = _url(route, riverside)
    response = client.get(url)
    assert response.status_code in (200, 302, 403, 405), f"GET {url} gave {response.status_code}"
    if Role.VIEWER in _write_roles(route):
        return  # a route that says viewers may write (e.g. acknowledging a policy)
    for method in _methods(route)[1:]:
        response = getattr(client, method)(url)
        assert response.status_code == 403, f"{method.upper()} {url} gave {response.status_code}"


@pytest.mark.parametrize("route", TENANT_ROUTES, ids=lambda r: r.name)
def test_an_admin_of_the_organization_is_let_through_everywhere(route, world, client):
    riverside, _ = world
    client.force_login(riverside.admin.user)
    url = _url(route, riverside)
    response = client.get(url)
    # 405: a form endpoint that takes POST only, reached past the membership and role checks.
    assert response.status_code in (200, 302, 405), f"GET {url} gave {response.status_code}"


@pytest.mark.parametrize("route", TENANT_ROUTES, ids=lambda r: r.name)
def test_an_anonymous_visitor_is_sent_to_log_in(route, world, client):
    riverside, _ = world
    url = _url(route, riverside)
    response = client.get(url)
    if route.is_api:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(PUBLIC_ROUTES))
def test_public_routes_answer_an_anonymous_visitor_without_error(name, world, client):
    route = next(r for r in ALL_ROUTES if r.name == name)
    kwargs = dict.fromkeys(route.kwargs, "x" * 8)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code < 500


def test_the_admin_site_is_for_staff_only(world, client):
    riverside, _ = world
    client.force_login(riverside.admin.user)  # an org admin is not SocialOps staff
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_organization_list_shows_only_your_own(world, client):
    riverside, _harbor = world
    client.force_login(riverside.viewer.user)
    response = client.get(reverse("organization-list"))
    assert [o["slug"] for o in response.json()] == ["riverside"]
    assert response.json()[0]["role"] == "viewer"


def test_an_org_slug_that_does_not_exist_gives_404(world, client):
    riverside, _ = world
    client.force_login(riverside.admin.user)
    assert client.get("/o/no-such-center/settings/members/").status_code == 404
    assert client.get("/api/v1/orgs/no-such-center/members/").status_code == 404

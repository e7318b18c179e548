"""Publishing over the API, against the simulator over real HTTP: every member reads a post's
targets and their attempts; reviewers and admins retry, drop and take down (the others get 403,
another organization 404); bad input is a 400 at its field; admins read publishing health."""

import datetime as dt

import pytest
import yaml
from django.urls import reverse
from django.utils.timezone import now
from rest_framework.test import APIClient

from platforms import publishing
from platforms.health import publishing_health
from platforms.models import (
    AttemptKind,
    AttemptOutcome,
    ConnectionState,
    PublishTarget,
    SocialAccount,
    TargetState,
)
from platforms.testing import approved_post, connect_simulated
from posts.models import PostState
from socialops.models import AuditEvent


@pytest.fixture
def api():
    return APIClient()


def url(name, org="riverside", **kwargs):
    return reverse(name, kwargs={"org_slug": org, **kwargs})


def _send(post):
    """Sweep and publish the post's targets, as the workers do. Due a second ago rather than
    at the post's time (minutes ahead): the attempts then start on the real clock, which the
    health figures and the order of attempts read."""
    post.targets.update(due_at=now() - dt.timedelta(seconds=1))
    for target_id in publishing.sweep():
        publishing.publish(target_id)
    post.refresh_from_db()
    return post


@pytest.fixture
def accounts(riverside, simulator):
    return [
        connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url),
        connect_simulated(riverside.org, "mastodon", "riverside", simulator_url=simulator.url),
    ]


@pytest.fixture
def published(riverside, accounts):
    post = _send(approved_post(riverside, accounts))
    assert post.state == PostState.PUBLISHED
    return post


@pytest.fixture
def stuck(riverside, accounts, simulator, settings):
    """Partly out: Mastodon published; X answered 500 (which may have posted), was read back,
    not found, and now waits for a person to send it again or drop it."""
    settings.PUBLISH_RECONCILE_WINDOW = 0
    simulator.fault("x", "server_error")
    post = _send(approved_post(riverside, accounts))
    x_target = post.targets.get(account=accounts[0])
    assert x_target.state == TargetState.UNCONFIRMED
    publishing.reconcile(x_target.pk)
    x_target.refresh_from_db()
    assert x_target.decision_needed
    return post, x_target


# Reading targets ----------------------------------------------------------------------------------


def test_every_member_sees_a_posts_targets_with_their_attempts(api, riverside, published):
    api.force_authenticate(riverside.viewer.user)
    response = api.get(url("post-publishing-targets", pk=published.pk))
    assert response.status_code == 200, response.json()
    targets = response.json()
    assert [(t["account"]["platform"], t["state"]) for t in targets] == [
        ("x", "published"),
        ("mastodon", "published"),
    ]
    x = targets[0]
    assert x["post"] == published.pk and x["post_title"] == published.title
    assert x["account"]["handle"] and x["external_id"] and x["url"].startswith("http")
    assert x["published_at"] and x["due_at"]
    assert x["decision_needed"] is False and x["retried_by"] is None
    (attempt,) = x["attempts"]
    assert attempt["kind"] == AttemptKind.PUBLISH
    assert attempt["outcome"] == AttemptOutcome.ACCEPTED
    assert attempt["external_id"] == x["external_id"]
    assert attempt["duration_ms"] is not None and attempt["worker"]
    assert attempt["sent"]["text_length"] == len(published.variants.first().text)


def test_an_outsider_finds_no_targets(api, harbor, published):
    api.force_authenticate(harbor.admin.user)
    assert api.get(url("post-publishing-targets", pk=published.pk)).status_code == 404
    response = api.get(url("post-publishing-targets", org="harbor-point", pk=published.pk))
    assert response.status_code == 404
    target = published.targets.first()
    assert api.get(url("publish-target-detail", pk=target.pk)).status_code == 404
    response = api.get(url("publish-target-detail", org="harbor-point", pk=target.pk))
    assert response.status_code == 404
    assert api.get(url("publish-target-list", org="harbor-point")).json()["count"] == 0


def test_the_target_list_filters_by_state_account_and_needing_a_person(
    api, riverside, accounts, stuck
):
    post, x_target = stuck
    api.force_authenticate(riverside.viewer.user)

    def ids(**params):
        response = api.get(url("publish-target-list"), params)
        assert response.status_code == 200, response.json()
        return [t["id"] for t in response.json()["results"]]

    mastodon_target = post.targets.get(account=accounts[1])
    assert sorted(ids()) == sorted([x_target.pk, mastodon_target.pk])
    assert ids(state="unconfirmed") == [x_target.pk]
    assert ids(account=accounts[1].pk) == [mastodon_target.pk]
    assert ids(needs_person="true") == [x_target.pk]
    assert ids(needs_person="false") == [mastodon_target.pk]
    assert ids(post=post.pk + 1000) == []


def test_a_filter_that_makes_no_sense_is_a_400(api, riverside, published):
    api.force_authenticate(riverside.admin.user)
    response = api.get(url("publish-target-list"), {"state": "gone"})
    assert response.status_code == 400
    assert "state" in response.json()


def test_the_target_list_stays_within_its_query_budget(
    api, riverside, accounts, django_assert_max_num_queries
):
    for n in range(4):
        _send(approved_post(riverside, accounts, body=f"Clinic news number {n}."))
    api.force_authenticate(riverside.reviewer.user)
    with django_assert_max_num_queries(5):
        response = api.get(url("publish-target-list"))
    assert response.json()["count"] == 8
    assert all(len(t["attempts"]) == 1 for t in response.json()["results"])


# Retry --------------------------------------------------------------------------------------------


def test_a_reviewer_retries_a_target_nobody_found_and_it_goes_out_once(
    api, riverside, simulator, stuck
):
    post, x_target = stuck
    assert simulator.posts("x") == []
    api.force_authenticate(riverside.reviewer.user)
    response = api.post(url("publish-target-retry", pk=x_target.pk))
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["state"] == TargetState.SCHEDULED
    assert data["retried_by"] == riverside.reviewer.user.email
    assert data["decision_needed"] is False
    assert AuditEvent.objects.filter(verb="publish_target.retried", target_id=str(x_target.pk))

    for target_id in publishing.sweep():
        publishing.publish(target_id)
    assert len(simulator.posts("x")) == 1
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED


@pytest.mark.parametrize("role", ["author", "viewer"])
def test_only_reviewers_and_admins_may_retry(api, riverside, stuck, role):
    _post, x_target = stuck
    api.force_authenticate(getattr(riverside, role).user)
    assert api.post(url("publish-target-retry", pk=x_target.pk)).status_code == 403
    x_target.refresh_from_db()
    assert x_target.state == TargetState.UNCONFIRMED and x_target.retried_at is None


def test_an_outsider_cannot_retry(api, harbor, stuck):
    _post, x_target = stuck
    api.force_authenticate(harbor.admin.user)
    assert api.post(url("publish-target-retry", pk=x_target.pk)).status_code == 404
    response = api.post(url("publish-target-retry", org="harbor-point", pk=x_target.pk))
    assert response.status_code == 404
    x_target.refresh_from_db()
    assert x_target.state == TargetState.UNCONFIRMED and x_target.retried_at is None


def test_retrying_what_went_out_is_refused(api, riverside, simulator, published):
    target = published.targets.first()
    api.force_authenticate(riverside.admin.user)
    response = api.post(url("publish-target-retry", pk=target.pk))
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["It is published: nothing to retry."]}
    assert len(simulator.posts("x")) == 1


# Drop ---------------------------------------------------------------------------------------------


def test_an_admin_drops_a_target_with_a_reason(api, riverside, stuck):
    post, x_target = stuck
    api.force_authenticate(riverside.admin.user)
    response = api.post(
        url("publish-target-drop", pk=x_target.pk), {"reason": "Posted by hand."}, format="json"
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["state"] == TargetState.FAILED
    assert data["dismissed_at"] and data["decision_needed"] is False
    assert "Posted by hand." in data["reason"]
    assert not PublishTarget.objects.needing_a_person().filter(pk=x_target.pk).exists()
    post.refresh_from_db()
    assert post.state == PostState.PARTLY_PUBLISHED


@pytest.mark.parametrize("body", [{"reason": "  "}, {}])
def test_a_drop_without_a_reason_is_a_field_error(api, riverside, stuck, body):
    _post, x_target = stuck
    api.force_authenticate(riverside.admin.user)
    response = api.post(url("publish-target-drop", pk=x_target.pk), body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    x_target.refresh_from_db()
    assert x_target.dismissed_at is None


def test_only_reviewers_and_admins_may_drop_and_an_outsider_finds_nothing(
    api, riverside, harbor, stuck
):
    _post, x_target = stuck
    body = {"reason": "Not needed."}
    api.force_authenticate(riverside.viewer.user)
    assert api.post(url("publish-target-drop", pk=x_target.pk), body).status_code == 403
    api.force_authenticate(harbor.admin.user)
    assert api.post(url("publish-target-drop", pk=x_target.pk), body).status_code == 404
    x_target.refresh_from_db()
    assert x_target.dismissed_at is None


# Take down ----------------------------------------------------------------------------------------


def test_a_reviewer_takes_a_post_down_from_every_platform(api, riverside, simulator, published):
    api.force_authenticate(riverside.reviewer.user)
    response = api.post(
        url("post-publishing-take-down", pk=published.pk),
        {"reason": "The patient withdrew consent."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert [t["state"] for t in response.json()] == [TargetState.TAKEN_DOWN] * 2
    for target in response.json():
        assert target["taken_down_at"]
        publish, take_down = target["attempts"]
        assert (publish["kind"], publish["outcome"]) == ("publish", "accepted")
        assert (take_down["kind"], take_down["outcome"]) == ("take_down", "deleted")
        assert take_down["by"] == riverside.reviewer.user.email
    assert [p["deleted"] for p in simulator.posts("x")] == [True]
    assert [p["deleted"] for p in simulator.posts("mastodon")] == [True]
    published.refresh_from_db()
    assert published.state == PostState.TAKEN_DOWN
    assert AuditEvent.objects.filter(verb="publish_target.taken_down").count() == 2


def test_a_take_down_can_be_limited_to_some_accounts(
    api, riverside, simulator, accounts, published
):
    api.force_authenticate(riverside.admin.user)
    response = api.post(
        url("post-publishing-take-down", pk=published.pk),
        {"reason": "Wrong audience on X.", "accounts": [accounts[0].pk]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert [t["state"] for t in response.json()] == [TargetState.TAKEN_DOWN, "published"]
    assert [p["deleted"] for p in simulator.posts("x")] == [True]
    assert [p["deleted"] for p in simulator.posts("mastodon")] == [False]


def test_a_platform_refusing_the_delete_is_recorded_and_the_post_stays_up(
    api, riverside, simulator, published
):
    simulator.fault("x", "server_error", count=5)
    api.force_authenticate(riverside.admin.user)
    response = api.post(
        url("post-publishing-take-down", pk=published.pk), {"reason": "Typo."}, format="json"
    )
    assert response.status_code == 200, response.json()
    x, mastodon = response.json()
    assert (x["state"], mastodon["state"]) == (TargetState.PUBLISHED, TargetState.TAKEN_DOWN)
    (failed,) = [a for a in x["attempts"] if a["kind"] == AttemptKind.TAKE_DOWN]
    assert failed["outcome"] == AttemptOutcome.ERROR and failed["http_status"] >= 500
    assert [p["deleted"] for p in simulator.posts("x")] == [False]
    assert AuditEvent.objects.filter(verb="publish_target.take_down_failed").count() == 1


@pytest.mark.parametrize("role", ["author", "viewer"])
def test_only_reviewers_and_admins_may_take_down(api, riverside, simulator, published, role):
    api.force_authenticate(getattr(riverside, role).user)
    response = api.post(
        url("post-publishing-take-down", pk=published.pk), {"reason": "Oops."}, format="json"
    )
    assert response.status_code == 403
    assert [p["deleted"] for p in simulator.posts("x")] == [False]


def test_an_outsider_cannot_take_a_post_down(api, harbor, simulator, published):
    api.force_authenticate(harbor.admin.user)
    for org in ("riverside", "harbor-point"):
        response = api.post(
            url("post-publishing-take-down", org=org, pk=published.pk),
            {"reason": "Oops."},
            format="json",
        )
        assert response.status_code == 404
    assert [p["deleted"] for p in simulator.posts("x")] == [False]


def test_a_take_down_without_a_reason_is_a_field_error(api, riverside, simulator, published):
    api.force_authenticate(riverside.admin.user)
    response = api.post(
        url("post-publishing-take-down", pk=published.pk), {"reason": ""}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"reason": ["Say why the post is taken down."]}
    assert [p["deleted"] for p in simulator.posts("x")] == [False]


def test_taking_down_what_is_not_live_is_refused(api, riverside, accounts):
    post = approved_post(riverside, accounts)
    api.force_authenticate(riverside.admin.user)
    response = api.post(
        url("post-publishing-take-down", pk=post.pk), {"reason": "Too late."}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Nothing of this post is live on a platform."]}


def test_a_take_down_names_only_the_organizations_own_accounts(
    api, riverside, harbor, simulator, published
):
    elsewhere = SocialAccount.objects.create(organization=harbor.org, platform="x", handle="hp")
    api.force_authenticate(riverside.admin.user)
    response = api.post(
        url("post-publishing-take-down", pk=published.pk),
        {"reason": "Oops.", "accounts": [elsewhere.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["accounts"]
    assert [p["deleted"] for p in simulator.posts("x")] == [False]


# Health -------------------------------------------------------------------------------------------


def test_an_admin_reads_publishing_health(api, riverside, accounts, stuck):
    x, mastodon = accounts
    SocialAccount.objects.filter(pk=x.pk).update(
        state=ConnectionState.NEEDS_REAUTH, state_reason="The token was refused."
    )
    until = now() + dt.timedelta(minutes=15)
    SocialAccount.objects.filter(pk=mastodon.pk).update(rate_limited_until=until)
    api.force_authenticate(riverside.admin.user)
    response = api.get(url("publishing-health"))
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["published_last_24h"] == 1
    assert data["failures_last_7d"] == {"transient": 1}
    assert data["needing_a_person"] == 1
    assert data["unconfirmed_awaiting_person"] == 1
    assert data["queue_depth"] == 0 and data["lag_seconds"] == 0
    assert data["accounts_needing_reconnection"] == [
        {
            "id": x.pk,
            "platform": "x",
            "handle": x.handle,
            "label": x.label,
            "reason": "The token was refused.",
        }
    ]
    (limited,) = data["rate_limited_accounts"]
    assert limited["id"] == mastodon.pk and limited["until"]


@pytest.mark.parametrize("role", ["reviewer", "author", "viewer"])
def test_publishing_health_is_for_admins(api, riverside, role):
    api.force_authenticate(getattr(riverside, role).user)
    assert api.get(url("publishing-health")).status_code == 403


def test_an_outsider_finds_no_publishing_health(api, riverside, harbor):
    api.force_authenticate(harbor.admin.user)
    assert api.get(url("publishing-health")).status_code == 404


def test_health_counts_what_is_due_and_how_late_it_is(riverside, harbor, accounts):
    post = approved_post(riverside, accounts)
    before = publishing_health(riverside.org, at=post.scheduled_at - dt.timedelta(seconds=1))
    assert (before["queue_depth"], before["lag_seconds"]) == (0, 0)
    later = publishing_health(riverside.org, at=post.scheduled_at + dt.timedelta(seconds=42))
    assert (later["queue_depth"], later["held"], later["lag_seconds"]) == (2, 0, 42)
    post.targets.filter(account=accounts[0]).update(state=TargetState.HELD)
    held = publishing_health(riverside.org, at=post.scheduled_at + dt.timedelta(seconds=42))
    assert (held["queue_depth"], held["held"], held["lag_seconds"]) == (2, 1, 42)
    # Another organization's figures know nothing of it.
    assert publishing_health(harbor.org, at=post.scheduled_at + dt.timedelta(seconds=42)) == {
        **publishing_health(harbor.org, at=post.scheduled_at + dt.timedelta(seconds=42)),
        "queue_depth": 0,
        "lag_seconds": 0,
    }


def test_the_openapi_schema_describes_publishing(db, client):
    response = client.get(reverse("schema"))
    assert response.status_code == 200
    paths = yaml.safe_load(response.content)["paths"]
    base = "/api/v1/orgs/{org_slug}/"
    for path, method in [
        ("posts/{id}/targets/", "get"),
        ("posts/{id}/take-down/", "post"),
        ("publish-targets/", "get"),
        ("publish-targets/{id}/", "get"),
        ("publish-targets/{id}/retry/", "post"),
        ("publish-targets/{id}/drop/", "post"),
        ("publishing/health/", "get"),
    ]:
        assert method in paths[base + path], path
    health = paths[base + "publishing/health/"]["get"]["responses"]["200"]
    assert health["content"]["application/json"]["schema"]["$ref"].endswith("/PublishingHealth")

"""What people see of publishing, through HTTP: the targets on the post, review and evidence
pages with what a reviewer or admin may do, the queue's publishing problems, the health page,
the email toggle and a revoked consent's live posts. Three personas each: a member who may act,
one who may only look, an outsider who gets 404."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import now

from platforms import publishing
from platforms.models import PublishTarget, SocialAccount, TargetState
from platforms.testing import approved_post, connect_simulated
from policies import actions as policy_actions
from policies.testing import make_consent
from posts.models import Post, PostState
from socialops.models import Notification

HTMX = {"HTTP_HX_REQUEST": "true"}


def _published(people, simulator):
    """A post really sent to the simulator's X: published, with the platform's link."""
    account = connect_simulated(people.org, "x", "riverside", simulator_url=simulator.url)
    post = approved_post(people, [account])
    at = post.scheduled_at + dt.timedelta(seconds=1)
    (target_id,) = publishing.sweep(at=at)
    assert publishing.publish(target_id, at=at) == TargetState.PUBLISHED
    return post, PublishTarget.objects.get(pk=target_id)


def _failed(people, simulator):
    account = connect_simulated(people.org, "x", "riverside", simulator_url=simulator.url)
    post = approved_post(people, [account])
    target = post.targets.get()
    # As the publisher leaves a target the platform refused for good.
    PublishTarget.objects.filter(pk=target.pk).update(
        state=TargetState.FAILED, reason="X refused it: duplicate content.", error_kind="permanent"
    )
    Post.objects.filter(pk=post.pk).update(state=PostState.FAILED)
    return post, target


def edit_url(post) -> str:
    return reverse("posts:edit", args=[post.organization.slug, post.pk])


def retry_url(target) -> str:
    return reverse("platforms:retry_target", args=[target.organization.slug, target.pk])


def drop_url(target) -> str:
    return reverse("platforms:drop_target", args=[target.organization.slug, target.pk])


def take_down_url(post) -> str:
    return reverse("platforms:take_down", args=[post.organization.slug, post.pk])


def health_url(people) -> str:
    return reverse("platforms:health", args=[people.org.slug])


# The post page -----------------------------------------------------------------------------------


def test_the_post_page_shows_the_platforms_link_and_each_attempt(
    riverside, harbor, simulator, client
):
    post, target = _published(riverside, simulator)

    client.force_login(riverside.admin.user)
    page = client.get(edit_url(post)).content.decode()
    assert target.url in page
    assert "Accepted" in page and "Take down" in page
    assert target.attempts.get().worker[:20] in page

    # The author looks: the link and the calls, no take-down.
    client.force_login(riverside.author.user)
    page = client.get(edit_url(post)).content.decode()
    assert target.url in page and "Take down" not in page

    # A reviewer reads posts on the review page, with the actions.
    client.force_login(riverside.reviewer.user)
    response = client.get(edit_url(post))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert target.url in page and "Take down" in page

    client.force_login(harbor.admin.user)
    assert client.get(edit_url(post)).status_code == 404


def test_a_reviewer_retries_a_failed_target_and_an_author_may_not(
    riverside, harbor, simulator, client
):
    _post, target = _failed(riverside, simulator)

    client.force_login(riverside.author.user)
    assert client.post(retry_url(target), **HTMX).status_code == 403
    client.force_login(harbor.admin.user)
    assert client.post(retry_url(target), **HTMX).status_code == 404
    target.refresh_from_db()
    assert target.state == TargetState.FAILED

    client.force_login(riverside.reviewer.user)
    response = client.post(retry_url(target), **HTMX)
    assert response.status_code == 200
    assert "Sending it again" in response.content.decode()
    target.refresh_from_db()
    assert target.state == TargetState.SCHEDULED
    assert target.retried_by == riverside.reviewer.user

    # Retrying again is refused beside the button, not with a 500.
    response = client.post(retry_url(target), **HTMX)
    assert response.status_code == 200
    assert "nothing to retry" in response.content.decode()


def test_a_drop_without_a_reason_is_refused_beside_its_field(riverside, simulator, client):
    _post, target = _failed(riverside, simulator)
    client.force_login(riverside.admin.user)

    response = client.post(drop_url(target), {"reason": "  "})
    assert response.status_code == 400
    assert "Say why it is dropped." in response.content.decode()

    response = client.post(drop_url(target), {"reason": "Posted by hand instead"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.dismissed_at is not None
    assert "Posted by hand instead" in target.reason


def test_an_admin_takes_a_published_post_down_with_a_reason(riverside, simulator, client):
    post, target = _published(riverside, simulator)
    client.force_login(riverside.admin.user)

    response = client.post(take_down_url(post), {"target": target.pk, "reason": ""}, **HTMX)
    assert "Say why the post is taken down." in response.content.decode()
    target.refresh_from_db()
    assert target.state == TargetState.PUBLISHED

    client.force_login(riverside.author.user)
    assert client.post(take_down_url(post), {"reason": "Oops"}).status_code == 403

    client.force_login(riverside.admin.user)
    response = client.post(take_down_url(post), {"target": target.pk, "reason": "Wrong date"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.state == TargetState.TAKEN_DOWN
    assert simulator.posts("x") == [] or all(p.get("deleted") for p in simulator.posts("x"))


def test_the_evidence_lists_each_target_and_what_the_platform_answered(
    riverside, simulator, client
):
    post, target = _published(riverside, simulator)
    client.force_login(riverside.reviewer.user)
    page = client.get(reverse("approvals:evidence", args=[riverside.org.slug, post.pk]))
    assert target.url in page.content.decode()
    document = client.get(
        reverse("approvals:evidence_json", args=[riverside.org.slug, post.pk])
    ).json()
    (entry,) = document["publishing"]["targets"]
    assert entry["url"] == target.url and entry["state"] == "published"
    assert entry["attempts"][0]["outcome"] == "accepted"
    assert entry["attempts"][0]["http_status"] is None or entry["attempts"][0]["http_status"] < 300


# The review queue --------------------------------------------------------------------------------


def test_failed_targets_wait_in_the_review_queue_until_settled(
    riverside, harbor, simulator, client
):
    _post, target = _failed(riverside, simulator)
    queue = reverse("approvals:queue", args=[riverside.org.slug])

    client.force_login(riverside.reviewer.user)
    page = client.get(queue).content.decode()
    assert "Publishing problems" in page and "duplicate content" in page
    response = client.post(drop_url(target), {"reason": "Not needed", "next": queue})
    assert response["Location"] == queue
    assert "Publishing problems" not in client.get(queue).content.decode()

    client.force_login(riverside.author.user)
    assert client.get(queue).status_code == 403
    client.force_login(harbor.admin.user)
    assert client.get(queue).status_code == 404


# The health page ---------------------------------------------------------------------------------


def test_the_health_page_shows_failures_and_rate_limits_to_admins_only(
    riverside, harbor, simulator, client
):
    _failed(riverside, simulator)
    account = SocialAccount.objects.get(organization=riverside.org, platform="x")
    account.rate_limited_until = now() + dt.timedelta(minutes=15)
    account.save(update_fields=["rate_limited_until"])

    client.force_login(riverside.admin.user)
    page = client.get(health_url(riverside)).content.decode()
    assert "duplicate content" in page
    assert "Rate limited" in page and "nothing is sent before" in page
    assert "Publishing health" in page

    client.force_login(riverside.reviewer.user)
    assert client.get(health_url(riverside)).status_code == 403
    client.force_login(harbor.admin.user)
    assert client.get(health_url(riverside)).status_code == 404


@pytest.mark.parametrize("extra", [0, 6])
def test_the_health_page_costs_the_same_queries_however_many_targets(
    riverside, simulator, client, extra
):
    post, _target = _failed(riverside, simulator)
    for n in range(extra):
        account = SocialAccount.objects.create(
            organization=riverside.org, platform="mastodon", handle=f"@more{n}"
        )
        PublishTarget.objects.create(
            organization=riverside.org, post=post, account=account, state=TargetState.FAILED,
            due_at=now(), idempotency_key=f"more-{n}", reason=f"Reason {n}",
        )  # fmt: skip
    client.force_login(riverside.admin.user)
    client.get(health_url(riverside))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(health_url(riverside)).status_code == 200
    assert len(queries) <= 16, [q["sql"][:120] for q in queries]


# Email preference --------------------------------------------------------------------------------


def test_a_person_turns_publishing_emails_off_for_themselves(riverside, harbor, client):
    url = reverse("email_preferences", args=[riverside.org.slug])
    client.force_login(riverside.author.user)
    page = client.get(reverse("notifications", args=[riverside.org.slug])).content.decode()
    assert "Email me when my posts go out, fail or miss their time" in page

    response = client.post(url, {}, **HTMX)
    assert "no more emails" in response.content.decode()
    riverside.author.user.refresh_from_db()
    assert riverside.author.user.publishing_emails is False
    client.post(url, {"publishing_emails": "on"})
    riverside.author.user.refresh_from_db()
    assert riverside.author.user.publishing_emails is True

    client.force_login(harbor.admin.user)
    assert client.post(url, {}).status_code == 404


# A revoked consent -------------------------------------------------------------------------------


def test_revoking_a_consent_puts_its_live_posts_in_front_of_the_admins(riverside, simulator):
    post, _target = _published(riverside, simulator)
    consent = make_consent(riverside.org, riverside.reviewer.user, platforms=("x",))
    Post.objects.filter(pk=post.pk).update(patient_story=True, consent=consent)

    policy_actions.revoke_consent(
        consent=consent, by=riverside.reviewer.user, reason="The patient asked"
    )

    (note,) = Notification.objects.filter(user=riverside.admin.user, url__contains="#publishing")
    assert note.url == edit_url(post) + "#publishing"
    assert post.title in note.message and "still live" in note.message
    assert not Notification.objects.filter(
        user=riverside.author.user, url__contains="#publishing"
    ).exists()


def test_the_health_figures_count_what_is_due_and_how_long_it_has_waited(riverside, simulator):
    from platforms.health import health

    account = connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url)
    post = approved_post(riverside, [account])
    at = post.scheduled_at + dt.timedelta(minutes=3)
    figures = health(riverside.org, at=at)
    assert figures.queue_depth == 1 and figures.due_waiting == 1 and figures.upcoming == 0
    assert figures.lag == dt.timedelta(minutes=3)
    assert health(riverside.org, at=post.scheduled_at - dt.timedelta(seconds=1)).lag is None


def test_revoking_a_consent_holds_the_scheduled_targets_of_its_posts(riverside, simulator):
    account = connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url)
    post = approved_post(riverside, [account])
    consent = make_consent(riverside.org, riverside.reviewer.user, platforms=("x",))
    Post.objects.filter(pk=post.pk).update(patient_story=True, consent=consent)

    policy_actions.revoke_consent(consent=consent, by=riverside.reviewer.user, reason="Asked")

    target = post.targets.get()
    assert target.state == TargetState.HELD
    assert consent.reference in target.reason

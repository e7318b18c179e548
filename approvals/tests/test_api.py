"""Review over the API: each verb succeeds for the member who may use it, answers bad input
with a 400 at the field, 403 for a member whose role may not, 404 for another organization."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.timezone import now
from rest_framework.test import APIClient

from approvals import actions
from approvals.models import CrisisPause, Outcome, ReviewComment
from approvals.testing import second_reviewer, sign, submitted_post
from policies.testing import acknowledge, publish
from posts.models import Campaign, PostState
from posts.testing import make_account, make_post
from socialops.models import AuditEvent


@pytest.fixture
def api():
    return APIClient()


def url(name, org="riverside", **kwargs):
    return reverse(name, kwargs={"org_slug": org, **kwargs})


def post_url(name, post, org="riverside"):
    return url(f"post-review-{name}", org=org, pk=post.pk)


@pytest.fixture
def draft(riverside):
    return make_post(riverside.author, [make_account(riverside.org)])


@pytest.fixture
def in_review(riverside):
    post, submission = submitted_post(riverside.author)
    return post, submission


# Submit -------------------------------------------------------------------------------------------


def test_an_author_submits_a_draft(api, riverside, draft):
    api.force_authenticate(riverside.author.user)
    response = api.post(post_url("submit", draft), {}, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["state"] == PostState.IN_REVIEW
    assert data["round"]["number"] == 1
    assert data["round"]["still_needed"] == "2 more sign-offs, from a reviewer."


def test_submitting_without_a_time_is_a_field_error(api, riverside):
    post = make_post(riverside.author, [make_account(riverside.org)])
    post.__class__.objects.filter(pk=post.pk).update(scheduled_at=None)
    api.force_authenticate(riverside.author.user)
    response = api.post(post_url("submit", post), {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"scheduled_at": ["Set when the post goes out."]}


def test_a_phi_justification_must_be_text(api, riverside, draft):
    api.force_authenticate(riverside.author.user)
    response = api.post(post_url("submit", draft), {"phi_justification": ["x"]}, format="json")
    assert response.status_code == 400
    assert "phi_justification" in response.json()


def test_a_viewer_may_not_submit_and_an_outsider_finds_nothing(api, riverside, harbor, draft):
    api.force_authenticate(riverside.viewer.user)
    assert api.post(post_url("submit", draft), {}, format="json").status_code == 403
    api.force_authenticate(harbor.admin.user)
    assert api.post(post_url("submit", draft), {}, format="json").status_code == 404
    # Nor through their own organization's slug.
    response = api.post(post_url("submit", draft, org="harbor-point"), {}, format="json")
    assert response.status_code == 404


def test_writes_wait_for_the_policy_acknowledgement(api, riverside, draft):
    publish(riverside.org, riverside.admin.user)
    api.force_authenticate(riverside.author.user)
    response = api.post(post_url("submit", draft), {}, format="json")
    assert response.status_code == 403
    assert "Acknowledge" in response.json()["detail"]


# Sign off -----------------------------------------------------------------------------------------


def test_two_reviewers_sign_off_and_approve(api, riverside, in_review):
    post, submission = in_review
    second = second_reviewer(riverside.reviewer)
    for member in (riverside.reviewer, second):
        api.force_authenticate(member.user)
        response = api.post(
            post_url("sign-off", post), {"content_hash": submission.content_hash}, format="json"
        )
        assert response.status_code == 200, response.json()
    data = response.json()
    assert data["state"] == PostState.APPROVED
    assert data["round"]["outcome"] == Outcome.APPROVED
    assert [s["signer"] for s in data["round"]["sign_offs"]] == [
        riverside.reviewer.user.email, second.user.email,
    ]  # fmt: skip


def test_a_sign_off_needs_the_hash_and_the_right_one(api, riverside, in_review):
    post, _ = in_review
    api.force_authenticate(riverside.reviewer.user)
    response = api.post(post_url("sign-off", post), {}, format="json")
    assert response.status_code == 400
    assert "content_hash" in response.json()
    response = api.post(post_url("sign-off", post), {"content_hash": "0" * 64}, format="json")
    assert response.status_code == 400
    assert "changed while you were reading" in response.json()["non_field_errors"][0]


def test_authors_and_viewers_may_not_sign_off(api, riverside, harbor, in_review):
    post, submission = in_review
    body = {"content_hash": submission.content_hash}
    for member in (riverside.author, riverside.viewer):
        api.force_authenticate(member.user)
        assert api.post(post_url("sign-off", post), body, format="json").status_code == 403
    api.force_authenticate(harbor.reviewer.user)
    assert api.post(post_url("sign-off", post), body, format="json").status_code == 404


# Request changes ----------------------------------------------------------------------------------


def test_a_reviewer_requests_changes_on_the_post_and_a_variant(api, riverside, in_review):
    post, _ = in_review
    account_id = post.variants.get().account_id
    api.force_authenticate(riverside.reviewer.user)
    response = api.post(
        post_url("request-changes", post),
        {"comment": "Name the clinic.", "variant_comments": {str(account_id): "Shorter on X."}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == PostState.CHANGES_REQUESTED
    assert response.json()["round"]["outcome"] == Outcome.CHANGES_REQUESTED
    comments = ReviewComment.objects.filter(post=post).order_by("id")
    assert [(c.account_id, c.body) for c in comments] == [
        (None, "Name the clinic."), (account_id, "Shorter on X."),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"comment": ""}, "comment"),
        ({}, "comment"),
        ({"comment": "x", "variant_comments": {"not-an-id": "y"}}, "variant_comments"),
        ({"comment": "x", "variant_comments": {"999999": "y"}}, "variant_comments"),
    ],
    ids=["empty", "missing", "bad-key", "other-account"],
)
def test_request_changes_refuses_bad_input_at_the_field(api, riverside, in_review, body, field):
    post, _ = in_review
    api.force_authenticate(riverside.reviewer.user)
    response = api.post(post_url("request-changes", post), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    post.refresh_from_db()
    assert post.state == PostState.IN_REVIEW


def test_authors_viewers_and_outsiders_may_not_request_changes(api, riverside, harbor, in_review):
    post, _ = in_review
    for member, code in ((riverside.author, 403), (riverside.viewer, 403), (harbor.admin, 404)):
        api.force_authenticate(member.user)
        response = api.post(post_url("request-changes", post), {"comment": "x"}, format="json")
        assert response.status_code == code


# Comments -----------------------------------------------------------------------------------------


def test_an_author_answers_on_a_variant(api, riverside, in_review):
    post, _ = in_review
    account_id = post.variants.get().account_id
    api.force_authenticate(riverside.author.user)
    response = api.post(
        post_url("comments", post), {"body": "Done.", "account": account_id}, format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["kind"], data["account"], data["round"]) == ("reply", account_id, 1)
    assert data["author"] == riverside.author.user.email


def test_a_comment_needs_a_body_and_one_of_the_posts_accounts(api, riverside, in_review):
    post, _ = in_review
    other = make_account(riverside.org)
    api.force_authenticate(riverside.reviewer.user)
    response = api.post(post_url("comments", post), {"body": "  "}, format="json")
    assert response.status_code == 400 and "body" in response.json()
    response = api.post(
        post_url("comments", post), {"body": "x", "account": other.pk}, format="json"
    )
    assert response.status_code == 400 and "account" in response.json()


def test_viewers_and_outsiders_may_not_comment(api, riverside, harbor, in_review):
    post, _ = in_review
    api.force_authenticate(riverside.viewer.user)
    assert api.post(post_url("comments", post), {"body": "x"}, format="json").status_code == 403
    api.force_authenticate(harbor.author.user)
    assert api.post(post_url("comments", post), {"body": "x"}, format="json").status_code == 404


# Withdraw -----------------------------------------------------------------------------------------


def test_the_author_withdraws_a_post_from_review(api, riverside, in_review):
    post, _ = in_review
    api.force_authenticate(riverside.author.user)
    response = api.post(post_url("withdraw", post), format="json")
    assert response.status_code == 200
    assert response.json()["state"] == PostState.DRAFT
    assert response.json()["round"]["outcome"] == Outcome.WITHDRAWN


def test_only_its_authors_withdraw_it(api, riverside, harbor, in_review):
    post, _ = in_review
    api.force_authenticate(riverside.reviewer.user)
    response = api.post(post_url("withdraw", post), format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Only the post's authors can take it back."]}
    api.force_authenticate(riverside.viewer.user)
    assert api.post(post_url("withdraw", post), format="json").status_code == 403
    api.force_authenticate(harbor.admin.user)
    assert api.post(post_url("withdraw", post), format="json").status_code == 404


# Evidence -----------------------------------------------------------------------------------------


def test_the_evidence_over_the_api_is_the_download_and_is_audited(api, riverside, in_review):
    post, submission = in_review
    sign(post, riverside.reviewer)
    api.force_authenticate(riverside.admin.user)
    response = api.get(post_url("evidence", post))
    assert response.status_code == 200
    data = response.json()
    assert data["post"]["id"] == post.pk
    assert data["rounds"][0]["content_hash"] == submission.content_hash
    assert data["rounds"][0]["sign_offs"][0]["signer"]["email"] == riverside.reviewer.user.email
    assert data["publishing"]["targets"] == []  # in review: nothing scheduled yet
    assert data["audit_events"][-1]["verb"] == "post.evidence_exported"
    assert AuditEvent.objects.filter(verb="post.evidence_exported").get().after == {"format": "api"}


def test_the_evidence_is_for_admins_reviewers_and_the_posts_authors(
    api, riverside, harbor, in_review
):
    post, _ = in_review
    for member, code in (
        (riverside.author, 200),
        (riverside.reviewer, 200),
        (riverside.viewer, 403),
        (harbor.admin, 404),
    ):
        api.force_authenticate(member.user)
        assert api.get(post_url("evidence", post)).status_code == code


# Review queue -------------------------------------------------------------------------------------


def test_the_queue_lists_open_posts_oldest_first_with_wait_badges_and_progress(api, riverside):
    older, first = submitted_post(riverside.author)
    newer, _ = submitted_post(riverside.author)
    first.__class__.objects.filter(pk=first.pk).update(submitted_at=now() - dt.timedelta(hours=30))
    sign(older, riverside.reviewer)
    approved, _ = submitted_post(riverside.author)
    sign(approved, riverside.reviewer)
    sign(approved, riverside.admin)
    actions.pause_publishing(organization=riverside.org, by=riverside.admin.user, reason="Storm")
    crisis, _ = submitted_post(riverside.author)

    api.force_authenticate(riverside.reviewer.user)
    response = api.get(url("review-queue-list"))
    assert response.status_code == 200
    items = response.json()["results"]
    assert [i["post"] for i in items] == [older.pk, newer.pk, crisis.pk]
    assert items[0]["overdue"] is True and items[0]["waiting_hours"] >= 30
    assert items[0]["sign_offs"] == 1
    assert items[0]["still_needed"] == "1 more sign-off."
    assert items[1]["overdue"] is False and items[1]["badges"] == []
    assert items[2]["badges"] == ["crisis"]


def test_the_queue_filters_by_account_and_campaign(api, riverside):
    campaign = Campaign.objects.create(organization=riverside.org, name="Flu season")
    facebook = make_account(riverside.org, "facebook")
    in_campaign, _ = submitted_post(riverside.author, campaign=campaign)
    on_facebook, _ = submitted_post(riverside.author, accounts=[facebook])
    api.force_authenticate(riverside.admin.user)
    by_campaign = api.get(url("review-queue-list"), {"campaign": campaign.pk}).json()
    assert [i["post"] for i in by_campaign["results"]] == [in_campaign.pk]
    by_account = api.get(url("review-queue-list"), {"account": facebook.pk}).json()
    assert [i["post"] for i in by_account["results"]] == [on_facebook.pk]


def test_the_queue_refuses_another_organizations_account(api, riverside, harbor):
    theirs = make_account(harbor.org)
    api.force_authenticate(riverside.admin.user)
    response = api.get(url("review-queue-list"), {"account": theirs.pk})
    assert response.status_code == 400
    assert "account" in response.json()


def test_the_queue_is_for_reviewers_and_admins(api, riverside, harbor):
    for member, code in ((riverside.author, 403), (riverside.viewer, 403), (harbor.admin, 404)):
        api.force_authenticate(member.user)
        assert api.get(url("review-queue-list")).status_code == code


def test_the_queue_takes_the_same_number_of_queries_however_long_it_is(
    api, riverside, django_assert_max_num_queries
):
    for _ in range(3):
        post, _ = submitted_post(riverside.author)
        sign(post, riverside.reviewer)
    api.force_authenticate(riverside.reviewer.user)
    with django_assert_max_num_queries(12) as few:
        api.get(url("review-queue-list"))
    for _ in range(6):
        submitted_post(riverside.author, accounts=[make_account(riverside.org)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get(url("review-queue-list"))
    assert response.json()["count"] == 9


# Crisis pause -------------------------------------------------------------------------------------


def test_a_reviewer_pauses_and_lifts_publishing(api, riverside):
    api.force_authenticate(riverside.viewer.user)
    assert api.get(url("crisis-pause-list")).json() == {"paused": False, "pause": None}
    api.force_authenticate(riverside.reviewer.user)
    response = api.post(url("crisis-pause-list"), {"reason": "Shooting downtown"}, format="json")
    assert response.status_code == 201, response.json()
    pause = response.json()["pause"]
    assert response.json()["paused"] is True
    assert (pause["reason"], pause["started_by"]) == (
        "Shooting downtown", riverside.reviewer.user.email,
    )  # fmt: skip
    response = api.post(url("crisis-pause-resume"), {"note": "All clear"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"paused": False, "pause": None}
    assert CrisisPause.objects.get().lift_note == "All clear"


def test_a_network_admin_pauses_every_center(api, riverside, harbor):
    riverside.org.__class__.objects.filter(pk=harbor.org.pk).update(parent=riverside.org)
    api.force_authenticate(riverside.admin.user)
    response = api.post(
        url("crisis-pause-list"), {"reason": "Cyber attack", "whole_network": True}, format="json"
    )
    assert response.status_code == 201
    api.force_authenticate(harbor.viewer.user)
    state = api.get(url("crisis-pause-list", org="harbor-point")).json()
    assert state["paused"] is True
    assert state["pause"]["paused_by_network"] == riverside.org.name


@pytest.mark.parametrize(
    ("body", "field"),
    [({"reason": "  "}, "reason"), ({}, "reason"), ({"reason": "x", "whole_network": "maybe"},
     "whole_network")],
    ids=["blank", "missing", "not-a-boolean"],
)  # fmt: skip
def test_a_pause_needs_a_reason(api, riverside, body, field):
    api.force_authenticate(riverside.admin.user)
    response = api.post(url("crisis-pause-list"), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not CrisisPause.objects.exists()


def test_resuming_what_is_not_paused_is_refused(api, riverside):
    api.force_authenticate(riverside.admin.user)
    response = api.post(url("crisis-pause-resume"), {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Publishing is not paused."]}
    response = api.post(url("crisis-pause-resume"), {"note": ["x"]}, format="json")
    assert response.status_code == 400 and "note" in response.json()


def test_authors_and_viewers_may_not_pause_and_outsiders_find_nothing(api, riverside, harbor):
    for member in (riverside.author, riverside.viewer):
        api.force_authenticate(member.user)
        assert api.post(url("crisis-pause-list"), {"reason": "x"}, format="json").status_code == 403
        assert api.post(url("crisis-pause-resume"), {}, format="json").status_code == 403
    api.force_authenticate(harbor.admin.user)
    assert api.get(url("crisis-pause-list")).status_code == 404
    assert api.post(url("crisis-pause-list"), {"reason": "x"}, format="json").status_code == 404


def test_pausing_waits_for_the_policy_acknowledgement(api, riverside):
    publish(riverside.org, riverside.admin.user)
    api.force_authenticate(riverside.reviewer.user)
    assert api.post(url("crisis-pause-list"), {"reason": "x"}, format="json").status_code == 403
    acknowledge(riverside.reviewer)
    assert api.post(url("crisis-pause-list"), {"reason": "x"}, format="json").status_code == 201


def test_the_schema_describes_the_review_endpoints(api, riverside):
    api.force_authenticate(riverside.admin.user)
    paths = api.get(reverse("schema"), {"format": "json"}).json()["paths"]
    for path in (
        "/api/v1/orgs/{org_slug}/posts/{id}/submit/",
        "/api/v1/orgs/{org_slug}/posts/{id}/sign-off/",
        "/api/v1/orgs/{org_slug}/posts/{id}/request-changes/",
        "/api/v1/orgs/{org_slug}/posts/{id}/comments/",
        "/api/v1/orgs/{org_slug}/posts/{id}/withdraw/",
        "/api/v1/orgs/{org_slug}/posts/{id}/evidence/",
        "/api/v1/orgs/{org_slug}/review-queue/",
        "/api/v1/orgs/{org_slug}/crisis-pause/",
        "/api/v1/orgs/{org_slug}/crisis-pause/resume/",
    ):
        assert path in paths, path

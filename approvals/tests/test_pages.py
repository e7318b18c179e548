"""The review queue and the review page, through HTTP, with the three personas: a reviewer who
may act, an admin who wrote the post and may only look, and an outsider who gets 404."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import now

from approvals import actions
from approvals.models import Outcome, ReviewComment, Submission
from approvals.testing import second_reviewer, sign, submitted_post
from policies.testing import make_consent
from posts import actions as post_actions
from posts.models import Campaign, PostState
from posts.testing import make_account, make_post


def queue_url(people, query: str = "") -> str:
    return reverse("approvals:queue", args=[people.org.slug]) + query


def review_url(post) -> str:
    return reverse("approvals:review", args=[post.organization.slug, post.pk])


def sign_off_url(post) -> str:
    return reverse("approvals:sign_off", args=[post.organization.slug, post.pk])


def changes_url(post) -> str:
    return reverse("approvals:request_changes", args=[post.organization.slug, post.pk])


def waited(post, hours: float) -> None:
    Submission.objects.filter(post=post, outcome=Outcome.OPEN).update(
        submitted_at=now() - dt.timedelta(hours=hours)
    )


# The queue ---------------------------------------------------------------------------------------


def test_the_queue_lists_posts_in_review_oldest_first_and_flags_the_overdue(riverside, client):
    account = make_account(riverside.org, "x", "@RiversideCHC")
    newer, _ = submitted_post(riverside.author, accounts=[account], body="Newer: flu shots Friday")
    older, _ = submitted_post(riverside.author, accounts=[account], body="Older: dental day")
    make_post(riverside.author, [account], body="A draft nobody submitted")
    waited(older, 30)
    waited(newer, 2)
    client.force_login(riverside.reviewer.user)
    response = client.get(queue_url(riverside))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Older: dental day") < page.index("Newer: flu shots Friday")
    assert "A draft nobody submitted" not in page
    rows = {row.submission.post_id: row for row in response.context["rows"]}
    assert rows[older.pk].waited == "30 h" and rows[older.pk].overdue
    assert rows[newer.pk].waited == "2 h" and not rows[newer.pk].overdue
    assert page.count(">Overdue<") == 1
    assert "@RiversideCHC" in page
    assert page.count("0 of 2 · needs a reviewer") == 2
    assert riverside.author.user.get_full_name() in page


def test_the_queue_shows_risks_progress_and_my_own_part(riverside, client):
    consent = make_consent(riverside.org, by=riverside.reviewer.user, platforms=("x",))
    story, _ = submitted_post(
        riverside.author, body="Rosa's story", patient_story=True, consent=consent
    )
    mine, _ = submitted_post(riverside.admin, body="Written by the admin")
    sign(story, riverside.reviewer)
    client.force_login(riverside.reviewer.user)
    response = client.get(queue_url(riverside))
    rows = {r.submission.post_id: r for r in response.context["rows"]}
    assert rows[story.pk].risks == [("patient_story", "Patient story")]
    # Three sign-offs, two of them from reviewers: one reviewer has signed.
    assert rows[story.pk].progress == "1 of 3 · needs a reviewer"
    assert rows[story.pk].signed and not rows[story.pk].wrote
    assert not rows[mine.pk].signed and not rows[mine.pk].wrote
    page = response.content.decode()
    assert "Patient story" in page and "You signed" in page
    # The admin who wrote a post sees it waiting, and that their sign-off can't count.
    client.force_login(riverside.admin.user)
    response = client.get(queue_url(riverside))
    rows = {r.submission.post_id: r for r in response.context["rows"]}
    assert rows[mine.pk].wrote and not rows[story.pk].wrote
    assert "You wrote part of it: you can't sign" in response.content.decode()


def test_the_queue_filters_by_account_campaign_and_what_waits_for_me(riverside, client):
    x = make_account(riverside.org, "x", "@RiversideCHC")
    facebook = make_account(riverside.org, "facebook", "riversidehealth")
    flu = Campaign.objects.create(organization=riverside.org, name="Flu season")
    on_x, _ = submitted_post(riverside.author, accounts=[x], body="On X", campaign=flu)
    on_both, _ = submitted_post(riverside.author, accounts=[x, facebook], body="On both")
    signed, _ = submitted_post(riverside.author, accounts=[facebook], body="Signed already")
    sign(signed, riverside.reviewer)
    client.force_login(riverside.reviewer.user)

    def shown(query: str) -> set[int]:
        response = client.get(queue_url(riverside, query))
        assert response.status_code == 200
        return {r.submission.post_id for r in response.context["rows"]}

    assert shown("") == {on_x.pk, on_both.pk, signed.pk}
    assert shown(f"?account={x.pk}") == {on_x.pk, on_both.pk}
    assert shown(f"?account={facebook.pk}") == {on_both.pk, signed.pk}
    assert shown(f"?campaign={flu.pk}") == {on_x.pk}
    assert shown("?mine=on") == {on_x.pk, on_both.pk}
    assert shown(f"?mine=on&account={facebook.pk}") == {on_both.pk}


def test_the_queue_ignores_another_organizations_account_in_its_filter(riverside, harbor, client):
    post, _ = submitted_post(riverside.author)
    theirs = make_account(harbor.org)
    client.force_login(riverside.reviewer.user)
    response = client.get(queue_url(riverside, f"?account={theirs.pk}"))
    assert response.status_code == 200
    assert response.context["filters"].errors
    assert [r.submission.post_id for r in response.context["rows"]] == [post.pk]


def test_the_queue_is_for_reviewers_and_admins_and_404_for_outsiders(riverside, harbor, client):
    client.force_login(riverside.admin.user)
    assert client.get(queue_url(riverside)).status_code == 200
    client.force_login(riverside.viewer.user)
    assert client.get(queue_url(riverside)).status_code == 403
    client.force_login(riverside.author.user)
    assert client.get(queue_url(riverside)).status_code == 403
    client.force_login(harbor.reviewer.user)
    assert client.get(queue_url(riverside)).status_code == 404


def _queue_queries(client, people) -> tuple[int, int]:
    client.get(queue_url(people))  # warm: session and caches as a real visit finds them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(queue_url(people))
    return len(queries), len(response.context["rows"])


def test_the_queue_costs_the_same_queries_for_3_and_30_posts(riverside, client):
    accounts = [make_account(riverside.org, "x"), make_account(riverside.org, "facebook")]
    flu = Campaign.objects.create(organization=riverside.org, name="Flu season")
    client.force_login(riverside.reviewer.user)
    made = []
    for n in range(30):
        post, _ = submitted_post(
            riverside.author, accounts=accounts[: 1 + n % 2], body=f"Post {n}", campaign=flu
        )
        if n % 3 == 0:
            sign(post, riverside.admin)
        made.append(post)
        if n == 2:
            small = _queue_queries(client, riverside)
    large = _queue_queries(client, riverside)
    assert small[1] == 3 and large[1] == 30
    assert small[0] == large[0], f"{small[0]} queries for 3 posts, {large[0]} for 30"


# The review page ---------------------------------------------------------------------------------


def test_a_reviewer_sees_the_previews_findings_and_who_still_must_sign(riverside, client):
    account = make_account(riverside.org, "x", "@RiversideCHC")
    post, submission = submitted_post(
        riverside.author, accounts=[account], body="Flu shots are free this Saturday."
    )
    client.force_login(riverside.reviewer.user)
    response = client.get(review_url(post))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview on X" in page and "@RiversideCHC" in page
    assert "Flu shots are free this Saturday." in page
    assert "First review" in page
    assert "2 more sign-offs, from a reviewer." in page
    assert f'value="{submission.content_hash}"' in page
    assert 'accesskey="a"' in page and 'accesskey="r"' in page
    assert "Keyboard" in page


def test_two_reviewers_approve_a_post_through_the_page(riverside, client):
    post, submission = submitted_post(riverside.author)
    client.force_login(riverside.reviewer.user)
    response = client.post(sign_off_url(post), {"content_hash": submission.content_hash})
    assert response.status_code == 302 and response["Location"] == queue_url(riverside)
    page = client.get(response["Location"]).content.decode()
    assert "Signed off" in page and "1 more sign-off" in page
    client.force_login(second_reviewer(riverside.reviewer).user)
    response = client.post(
        sign_off_url(post), {"content_hash": submission.content_hash}, follow=True
    )
    assert "Approved: “" in response.content.decode()
    post.refresh_from_db()
    assert post.state == PostState.APPROVED


def test_a_sign_off_on_a_version_the_page_did_not_show_is_refused(riverside, client):
    post, submission = submitted_post(riverside.author)
    post_actions.reschedule_post(
        post=post, by=riverside.author.user, when=now() + dt.timedelta(days=6)
    )
    client.force_login(riverside.reviewer.user)
    response = client.post(sign_off_url(post), {"content_hash": submission.content_hash})
    assert response.status_code == 400
    assert "changed while you were reading" in response.context["approve_error"]
    # The page shown again carries the new version's hash, ready to sign.
    fresh = actions.live_submission(post)
    assert f'value="{fresh.content_hash}"' in response.content.decode()
    response = client.post(sign_off_url(post), {"content_hash": ""})
    assert response.status_code == 400 and "Reload the page" in response.context["approve_error"]
    assert fresh.sign_offs.count() == 0


def test_an_author_may_look_at_the_review_page_but_not_sign(riverside, client):
    post, submission = submitted_post(riverside.admin)
    client.force_login(riverside.admin.user)
    response = client.get(review_url(post))
    assert response.status_code == 200
    page = response.content.decode()
    assert "You wrote part of this post" in page
    assert 'id="approve-button"' not in page and "Request changes</button>" not in page
    response = client.post(sign_off_url(post), {"content_hash": submission.content_hash})
    assert response.status_code == 400
    assert "You wrote part of this post" in response.context["approve_error"]
    assert submission.sign_offs.count() == 0


def test_the_review_page_is_404_for_outsiders_and_403_for_viewers(riverside, harbor, client):
    post, submission = submitted_post(riverside.author)
    client.force_login(harbor.reviewer.user)
    assert client.get(review_url(post)).status_code == 404
    data = {"content_hash": submission.content_hash, "comment": "No"}
    assert client.post(sign_off_url(post), data).status_code == 404
    assert client.post(changes_url(post), data).status_code == 404
    # Their own slug with our post: still not found.
    theirs = reverse("approvals:review", args=[harbor.org.slug, post.pk])
    assert client.get(theirs).status_code == 404
    client.force_login(riverside.viewer.user)
    assert client.get(review_url(post)).status_code == 403
    assert client.post(sign_off_url(post), data).status_code == 403
    assert submission.sign_offs.count() == 0


def test_request_changes_needs_a_comment_then_sends_the_post_back(riverside, client):
    x = make_account(riverside.org, "x", "@RiversideCHC")
    facebook = make_account(riverside.org, "facebook", "riversidehealth")
    post, _ = submitted_post(riverside.author, accounts=[x, facebook])
    client.force_login(riverside.reviewer.user)
    response = client.post(changes_url(post), {"comment": "  ", f"variant-{x.pk}": "Shorter"})
    assert response.status_code == 400
    form = response.context["changes_form"]
    assert form.errors["comment"] == ["Say what should change."]
    # What the reviewer typed is still there.
    assert "Shorter</textarea>" in response.content.decode()
    post.refresh_from_db()
    assert post.state == PostState.IN_REVIEW

    response = client.post(
        changes_url(post), {"comment": "Say which clinic.", f"variant-{x.pk}": "Shorter for X."}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.state == PostState.CHANGES_REQUESTED
    comments = {c.account_id: c.body for c in ReviewComment.objects.filter(post=post)}
    assert comments == {None: "Say which clinic.", x.pk: "Shorter for X."}
    page = client.get(review_url(post)).content.decode()
    assert "on the X variant (@RiversideCHC)" in page and "Shorter for X." in page
    assert "changes requested" in page
    assert "Request changes</button>" not in page


def test_the_review_page_shows_the_diff_since_the_round_sent_back(riverside, client):
    post, _ = submitted_post(riverside.author, body="Flu shots on Saturday.")
    actions.request_changes(post=post, by=riverside.reviewer.user, comment="Which clinic?")
    changes = post_actions.PostChanges.of(post)
    changes.body = "Flu shots on Saturday at Main Street."
    post = post_actions.save_post(
        post=post, by=riverside.author.user, expected_version=post.version, changes=changes
    )
    actions.submit_post(post=post, by=riverside.author.user)
    client.force_login(riverside.reviewer.user)
    response = client.get(review_url(post))
    assert response.context["previous"].number == 1
    lines = {(line.kind, line.text) for line in response.context["diff_lines"]}
    assert ("removed", "Flu shots on Saturday.") in lines
    assert ("added", "Flu shots on Saturday at Main Street.") in lines
    assert "Compared with round 1 (changes requested)" in response.content.decode()


def test_a_round_voided_before_anyone_looked_is_not_the_diffs_base(riverside, client):
    post, _ = submitted_post(riverside.author, body="Flu shots on Saturday.")
    post_actions.reschedule_post(
        post=post, by=riverside.author.user, when=now() + dt.timedelta(days=6)
    )
    client.force_login(riverside.reviewer.user)
    response = client.get(review_url(post))
    assert response.context["submission"].number == 2
    assert response.context["previous"] is None
    assert "First review" in response.content.decode()


def test_a_voided_sign_off_makes_its_round_the_diffs_base(riverside, client):
    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    post_actions.reschedule_post(
        post=post, by=riverside.author.user, when=now() + dt.timedelta(days=6)
    )
    client.force_login(riverside.reviewer.user)
    response = client.get(review_url(post))
    assert response.context["previous"].number == 1
    assert any(line.text.startswith("Goes out:") for line in response.context["diff_lines"])
    # The reviewer's sign-off went with the old version: they sign again.
    assert response.context["can_approve"]


@pytest.mark.parametrize("persona", ["reviewer", "admin"])
def test_a_post_never_submitted_has_nothing_to_sign(riverside, client, persona):
    post = make_post(riverside.author, [make_account(riverside.org)])
    client.force_login(getattr(riverside, persona).user)
    response = client.get(review_url(post))
    assert response.status_code == 200
    assert "has not been submitted for review" in response.content.decode()
    assert not response.context["can_approve"] and not response.context["can_request_changes"]
    response = client.post(sign_off_url(post), {"content_hash": "0" * 64})
    assert (
        response.status_code == 400 and "nothing to sign off" in response.context["approve_error"]
    )


def test_a_phi_override_shows_its_justification_and_the_overridden_finding(riverside, client):
    post = make_post(
        riverside.author,
        [make_account(riverside.org)],
        body="Congrats to our patient John Smith, who beat diabetes!",
    )
    actions.submit_post(
        post=post,
        by=riverside.author.user,
        phi_justification="John asked us to share this and signed our media release.",
    )
    client.force_login(riverside.reviewer.user)
    page = client.get(queue_url(riverside)).content.decode()
    assert "PHI override" in page and "0 of 3 · needs 2 reviewers" in page
    page = client.get(review_url(post)).content.decode()
    assert "John asked us to share this and signed our media release." in page
    assert '<span class="sev">Overridden</span>' in page
    assert '<span class="sev">Must fix</span>' not in page


def test_sending_back_a_post_someone_already_sent_back_says_so(riverside, client):
    post, _ = submitted_post(riverside.author)
    actions.request_changes(post=post, by=riverside.admin.user, comment="Which clinic?")
    client.force_login(riverside.reviewer.user)
    response = client.post(changes_url(post), {"comment": "Add the hours."})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="changes-error"' in page and "nothing to send back" in page
    assert ReviewComment.objects.filter(post=post).count() == 1

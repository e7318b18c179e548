import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils.timezone import now

from approvals import actions
from approvals.models import Outcome, PostAuthor, SignOff
from approvals.testing import second_reviewer, sign, submitted_post
from platforms import publishing
from posts import actions as post_actions
from posts.models import PostState
from socialops.actions import ActionError


def test_two_sign_offs_with_a_reviewer_approve_a_post(riverside):
    post, submission = submitted_post(riverside.author)
    assert post.__class__.objects.get(pk=post.pk).state == PostState.IN_REVIEW
    sign(post, riverside.reviewer)
    post.refresh_from_db()
    assert post.state == PostState.IN_REVIEW
    sign(post, riverside.admin)
    post.refresh_from_db()
    submission.refresh_from_db()
    assert post.state == PostState.APPROVED
    assert submission.outcome == Outcome.APPROVED


def test_it_rejects_a_sign_off_by_the_author(riverside):
    post, _ = submitted_post(riverside.admin)
    with pytest.raises(ActionError, match="You wrote part"):
        sign(post, riverside.admin)


def test_the_database_refuses_an_authors_sign_off(riverside):
    post, submission = submitted_post(riverside.admin)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignOff.objects.create(
            submission=submission, post=post, signer=riverside.admin.user, role="admin",
            content_hash=submission.content_hash,
        )  # fmt: skip


def test_the_database_refuses_a_sign_off_on_other_content(riverside):
    post, submission = submitted_post(riverside.author)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignOff.objects.create(
            submission=submission, post=post, signer=riverside.reviewer.user, role="reviewer",
            content_hash="0" * 64,
        )  # fmt: skip


def test_one_person_counts_once(riverside):
    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    with pytest.raises(ActionError, match="already signed"):
        sign(post, riverside.reviewer)


def test_an_edit_voids_the_sign_offs_and_the_editor_becomes_an_author(riverside):
    post, first = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    changes = post_actions.PostChanges.of(post)
    changes.body = "Flu shots are free this Sunday."
    post = post_actions.save_post(
        post=post, by=riverside.admin.user, expected_version=post.version, changes=changes
    )
    first.refresh_from_db()
    assert first.outcome == Outcome.VOIDED
    assert post.state == PostState.IN_REVIEW
    fresh = actions.live_submission(post)
    assert fresh.number == 2 and fresh.sign_offs.count() == 0
    assert PostAuthor.objects.filter(post=post, user=riverside.admin.user).exists()
    with pytest.raises(ActionError, match="You wrote part"):
        sign(post, riverside.admin)


def test_a_stale_hash_is_refused(riverside):
    post, first = submitted_post(riverside.author)
    post_actions.reschedule_post(
        post=post, by=riverside.author.user, when=now() + dt.timedelta(days=5)
    )
    with pytest.raises(ActionError, match="changed while you were reading"):
        actions.sign_off(post=post, by=riverside.reviewer.user, content_hash=first.content_hash)


def test_a_patient_story_needs_another_reviewer(riverside):
    from policies.testing import make_consent

    consent = make_consent(riverside.org, by=riverside.reviewer.user, platforms=("x",))
    post, submission = submitted_post(riverside.author, patient_story=True, consent=consent)
    assert submission.required_count == 3 and submission.required_reviewers == 2
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    post.refresh_from_db()
    assert post.state == PostState.IN_REVIEW
    sign(post, second_reviewer(riverside.reviewer))
    post.refresh_from_db()
    assert post.state == PostState.APPROVED


def test_request_changes_then_resubmit(riverside):
    post, _ = submitted_post(riverside.author)
    account_id = post.variants.get().account_id
    actions.request_changes(
        post=post, by=riverside.reviewer.user, comment="Say which clinic.",
        variant_comments={account_id: "Shorter for X."},
    )  # fmt: skip
    post.refresh_from_db()
    assert post.state == PostState.CHANGES_REQUESTED
    assert post.review_comments.count() == 2
    actions.add_comment(post=post, by=riverside.author.user, body="Done: Main Street.")
    second = actions.submit_post(post=post, by=riverside.author.user)
    assert second.number == 2


def test_a_post_not_approved_in_time_expires(riverside):
    post, submission = submitted_post(riverside.author)
    assert actions.expire_overdue(post.scheduled_at + dt.timedelta(minutes=1)) == [post.pk]
    post.refresh_from_db()
    submission.refresh_from_db()
    assert post.state == PostState.EXPIRED and submission.outcome == Outcome.EXPIRED


def test_a_pause_holds_an_approved_post_and_a_template_fast_tracks(riverside):
    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    actions.pause_publishing(
        organization=riverside.org, by=riverside.reviewer.user, reason="Shooting downtown"
    )
    release = publishing.release_for_publishing(post=post, at=post.scheduled_at)
    assert not release.released and "paused" in release.reason
    template = post.__class__.objects.get(pk=post.pk)
    assert template.state == PostState.APPROVED


def test_release_publishes_the_signed_content_only(riverside):
    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    post.variants.update(text="Changed behind SocialOps' back")
    release = publishing.release_for_publishing(post=post, at=post.scheduled_at)
    assert not release.released
    post.refresh_from_db()
    assert post.state == PostState.IN_REVIEW


def test_an_approved_post_past_its_time_window_is_missed_instead_of_going_out_late(riverside):
    post, submission = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    release = publishing.release_for_publishing(
        post=post, at=post.scheduled_at + dt.timedelta(hours=2)
    )
    assert not release.released and "time window" in release.reason
    publishing.sweep(at=post.scheduled_at + dt.timedelta(hours=2))
    post.refresh_from_db()
    submission.refresh_from_db()
    assert post.state == PostState.MISSED and submission.outcome == Outcome.EXPIRED


def test_an_approved_post_is_released_in_its_window(riverside):
    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    assert publishing.release_for_publishing(post=post, at=post.scheduled_at).released
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHING


def test_an_approved_post_held_past_its_window_is_missed_by_the_publishers_sweep(riverside):
    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    assert actions.expire_overdue(post.scheduled_at + dt.timedelta(minutes=20)) == []
    publishing.sweep(at=post.scheduled_at + dt.timedelta(minutes=5))
    post.refresh_from_db()
    assert post.state == PostState.APPROVED
    publishing.sweep(at=post.scheduled_at + dt.timedelta(minutes=20))
    post.refresh_from_db()
    assert post.state == PostState.MISSED
    assert post.targets.get().state == "missed"


def test_moving_an_approved_post_into_a_campaign_voids_its_sign_offs(riverside):
    campaign = post_actions.create_campaign(
        organization=riverside.org, by=riverside.admin.user, name="Flu season"
    )
    post, first = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    changes = post_actions.PostChanges.of(post)
    changes.campaign = campaign
    post = post_actions.save_post(
        post=post, by=riverside.author.user, expected_version=post.version, changes=changes
    )
    first.refresh_from_db()
    assert first.outcome == Outcome.VOIDED and post.state == PostState.IN_REVIEW


def test_the_queue_does_not_count_a_sign_off_by_someone_demoted_since(riverside, client):
    from socialops.actions import change_role

    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    change_role(membership=riverside.reviewer, role="author", by=riverside.admin.user)
    client.force_login(riverside.admin.user)
    rows = client.get(f"/o/{riverside.org.slug}/review/").context["rows"]
    assert rows[0].sign_offs == 0
    assert rows[0].still_needed == "2 more sign-offs, from a reviewer."

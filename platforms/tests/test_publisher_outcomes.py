"""The publisher's verbs called directly, with `at=` for the clock and the simulator over real
HTTP: what the last-moment gate refuses and what each refusal does, the roll-up, retry, drop,
take down, and the invariants the database and the transition table keep."""

import datetime as dt
import socket
import threading

import pytest
from django.core import mail
from django.db import IntegrityError, connections, transaction
from guardian.shortcuts import assign_perm, remove_perm

from approvals.actions import live_submission, pause_publishing, resume_publishing, submit_post
from approvals.content import TIME_WINDOW
from approvals.testing import sign
from platforms import publishing
from platforms.actions import POST_PERMISSION, disconnect_account
from platforms.http import ErrorKind, PlatformError
from platforms.models import (
    AttemptKind,
    AttemptOutcome,
    PublishAttempt,
    PublishTarget,
    TargetState,
)
from platforms.testing import approved_post, connect_simulated
from policies.actions import revoke_consent
from policies.testing import make_consent
from posts.actions import PostChanges, add_media, save_post
from posts.models import IllegalMove, Post, PostState, Variant, move_state
from posts.testing import image_upload, make_post
from socialops.actions import ActionError
from socialops.models import AuditEvent, Membership, Notification, Role
from socialops.testing import make_member


def _due(post, seconds=1):
    return post.scheduled_at + dt.timedelta(seconds=seconds)


def _target(post, account) -> PublishTarget:
    return PublishTarget.objects.get(post=post, account=account)


def _verbs(post) -> list[str]:
    return list(
        AuditEvent.objects.filter(organization=post.organization).values_list("verb", flat=True)
    )


@pytest.fixture
def x(riverside, simulator):
    return connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url)


@pytest.fixture
def mastodon(riverside, simulator):
    return connect_simulated(riverside.org, "mastodon", "riverside", simulator_url=simulator.url)


# The gate -------------------------------------------------------------------------------------


def test_a_paused_post_is_held_then_goes_out_when_the_pause_lifts_within_its_window(
    riverside, simulator, x
):
    post = approved_post(riverside, [x])
    target = _target(post, x)
    pause_publishing(organization=riverside.org, by=riverside.reviewer.user, reason="Shooting")

    assert publishing.publish(target.pk, at=_due(post)) == "skipped"
    target.refresh_from_db()
    assert target.state == TargetState.HELD
    assert "paused" in target.reason
    assert simulator.posts("x") == []

    resume_publishing(organization=riverside.org, by=riverside.reviewer.user)
    later = _due(post, 300)
    assert publishing.sweep(at=later) == [target.pk]
    assert publishing.publish(target.pk, at=later) == TargetState.PUBLISHED
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED
    assert len(simulator.posts("x")) == 1


def test_a_post_held_past_its_window_is_missed_never_sent_and_its_authors_are_told(
    riverside, simulator, x, django_capture_on_commit_callbacks
):
    post = approved_post(riverside, [x])
    target = _target(post, x)
    pause_publishing(organization=riverside.org, by=riverside.reviewer.user, reason="Shooting")
    publishing.publish(target.pk, at=_due(post))
    resume_publishing(organization=riverside.org, by=riverside.reviewer.user)
    mail.outbox.clear()

    past = post.scheduled_at + TIME_WINDOW + dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.sweep(at=past) == []
    assert publishing.publish(target.pk, at=past) == "skipped"

    target.refresh_from_db()
    post.refresh_from_db()
    assert target.state == TargetState.MISSED
    assert post.state == PostState.MISSED
    assert live_submission(post) is None
    assert simulator.posts("x") == []
    told = Notification.objects.filter(user=riverside.author.user)
    assert any("Approved but not sent" in n.message for n in told)
    assert any(riverside.author.user.email in m.to for m in mail.outbox)

    # Resubmittable: a new time and a new round of review.
    Post.objects.filter(pk=post.pk).update(scheduled_at=post.scheduled_at + dt.timedelta(days=2))
    post.refresh_from_db()
    submit_post(post=post, by=riverside.author.user)
    post.refresh_from_db()
    assert post.state == PostState.IN_REVIEW


def test_content_changed_outside_the_verbs_sends_the_post_back_to_review_unsent(
    riverside, simulator, x
):
    post = approved_post(riverside, [x])
    target = _target(post, x)
    Variant.objects.filter(post=post).update(text="Something nobody signed off.")

    assert publishing.publish(target.pk, at=_due(post)) == "skipped"
    post.refresh_from_db()
    assert post.state == PostState.IN_REVIEW
    assert not PublishTarget.objects.filter(post=post).exists()
    assert simulator.posts("x") == []


def test_a_demoted_signer_sends_the_post_back_to_review_unsent(riverside, simulator, x):
    post = approved_post(riverside, [x])
    target = _target(post, x)
    Membership.objects.filter(pk=riverside.reviewer.pk).update(role=Role.VIEWER)

    assert publishing.publish(target.pk, at=_due(post)) == "skipped"
    post.refresh_from_db()
    assert post.state == PostState.IN_REVIEW
    assert simulator.posts("x") == []


def test_an_author_who_lost_the_grant_to_the_account_holds_the_target(riverside, simulator, x):
    post = approved_post(riverside, [x])
    target = _target(post, x)
    remove_perm(POST_PERMISSION, riverside.author.user, x)

    assert publishing.publish(target.pk, at=_due(post)) == "skipped"
    target.refresh_from_db()
    assert target.state == TargetState.HELD
    assert "may no longer post" in target.reason
    assert simulator.posts("x") == []


def test_a_disconnected_account_holds_the_target(riverside, simulator, x):
    post = approved_post(riverside, [x])
    target = _target(post, x)
    disconnect_account(account=x, by=riverside.admin.user)

    assert publishing.publish(target.pk, at=_due(post)) == "skipped"
    target.refresh_from_db()
    assert target.state == TargetState.HELD
    assert "Disconnected" in target.reason
    assert simulator.posts("x") == []


def test_a_revoked_consent_holds_the_target(riverside, simulator, x):
    consent = make_consent(riverside.org, riverside.reviewer.user, platforms=("x",))
    assign_perm(POST_PERMISSION, riverside.author.user, x)
    post = make_post(
        riverside.author, [x], body="Rosa tells how our diabetes program helped her.",
        scheduled_at=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5),
        patient_story=True, consent=consent, consent_kinds=["story"],
    )  # fmt: skip
    submit_post(post=post, by=riverside.author.user)
    # A patient story needs one more sign-off than the rule.
    for signer in (riverside.reviewer, riverside.admin, make_member(riverside.org, Role.REVIEWER)):
        sign(post, signer)
    post.refresh_from_db()
    assert post.state == PostState.APPROVED
    target = _target(post, x)

    revoke_consent(consent=consent, by=riverside.reviewer.user, reason="She asked us to stop")

    assert publishing.publish(target.pk, at=_due(post)) == "skipped"
    target.refresh_from_db()
    assert target.state == TargetState.HELD
    assert "consent" in target.reason
    assert simulator.posts("x") == []


# Two sweeps, two deliveries ---------------------------------------------------------------------


def test_two_sweeps_and_a_duplicate_delivery_publish_once(riverside, simulator, x):
    post = approved_post(riverside, [x])
    target = _target(post, x)
    assert publishing.sweep(at=_due(post)) == [target.pk]
    # A second beat a moment later: already handed out.
    assert publishing.sweep(at=_due(post, 2)) == []
    assert publishing.publish(target.pk, at=_due(post)) == TargetState.PUBLISHED
    assert publishing.publish(target.pk, at=_due(post)) == "skipped"
    assert publishing.sweep(at=_due(post, 120)) == []
    assert len(simulator.posts("x")) == 1


# Roll-up, retry, drop -------------------------------------------------------------------------


@pytest.fixture
def partly_published(riverside, simulator, x, mastodon, monkeypatch):
    """One account took the post, the other refused it as invalid."""
    from platforms.mastodon.adapter import MastodonAdapter

    post = approved_post(riverside, [x, mastodon])

    def refuse(self, request):
        raise PlatformError(ErrorKind.VALIDATION, "Text too long for this instance.", status=422)

    with monkeypatch.context() as patch:
        patch.setattr(MastodonAdapter, "publish", refuse)
        for target in PublishTarget.objects.filter(post=post):
            publishing.publish(target.pk, at=_due(post))
    post.refresh_from_db()
    return post


def test_one_account_ok_and_one_validation_failure_make_a_partly_published_post(
    riverside, x, mastodon, partly_published
):
    post = partly_published
    assert post.state == PostState.PARTLY_PUBLISHED
    assert _target(post, x).state == TargetState.PUBLISHED
    failed = _target(post, mastodon)
    assert failed.state == TargetState.FAILED
    assert "too long" in failed.reason
    assert failed.attempts.get().outcome == AttemptOutcome.ERROR


def test_only_the_failed_target_may_be_retried_by_a_reviewer_and_the_retry_is_audited(
    riverside, simulator, x, mastodon, partly_published
):
    post = partly_published
    with pytest.raises(ActionError):
        publishing.retry_target(target=_target(post, x), by=riverside.admin.user)
    with pytest.raises(ActionError):
        publishing.retry_target(target=_target(post, mastodon), by=riverside.author.user)

    retried = publishing.retry_target(target=_target(post, mastodon), by=riverside.reviewer.user)
    assert retried.state == TargetState.SCHEDULED
    assert retried.retried_by == riverside.reviewer.user
    assert "publish_target.retried" in _verbs(post)

    assert publishing.publish(retried.pk) == TargetState.PUBLISHED
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED
    assert len(simulator.posts("x")) == 1
    assert len(simulator.posts("mastodon")) == 1


def test_a_dropped_failure_leaves_the_queue_with_why(riverside, mastodon, partly_published):
    post = partly_published
    with pytest.raises(ActionError):
        publishing.drop_target(target=_target(post, mastodon), by=riverside.admin.user, reason="")
    dropped = publishing.drop_target(
        target=_target(post, mastodon), by=riverside.admin.user, reason="Not worth it"
    )
    assert dropped.dismissed_at is not None
    assert "Not worth it" in dropped.reason
    assert not PublishTarget.objects.needing_a_person().filter(pk=dropped.pk).exists()
    assert "publish_target.dropped" in _verbs(post)


# Take down ------------------------------------------------------------------------------------


def test_a_reviewer_takes_a_published_post_down_from_the_platform(riverside, simulator, x):
    post = approved_post(riverside, [x])
    target = _target(post, x)
    publishing.publish(target.pk, at=_due(post))

    with pytest.raises(ActionError):
        publishing.take_down(post=post, by=riverside.author.user, reason="Oops")
    publishing.take_down(post=post, by=riverside.reviewer.user, reason="Wrong clinic hours")

    target.refresh_from_db()
    post.refresh_from_db()
    assert target.state == TargetState.TAKEN_DOWN
    assert post.state == PostState.TAKEN_DOWN
    assert [p["deleted"] for p in simulator.posts("x")] == [True]
    assert target.attempts.get(kind=AttemptKind.TAKE_DOWN).outcome == AttemptOutcome.DELETED
    assert "publish_target.taken_down" in _verbs(post)
    assert "post.taken_down" in _verbs(post)


# Invariants -----------------------------------------------------------------------------------


def test_the_transition_table_refuses_published_to_draft(riverside, simulator, x):
    post = approved_post(riverside, [x])
    publishing.publish(_target(post, x).pk, at=_due(post))
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED
    with pytest.raises(IllegalMove):
        move_state(post, PostState.DRAFT)
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED


def test_the_database_keeps_one_target_per_post_and_account(riverside, simulator, x):
    post = approved_post(riverside, [x])
    target = _target(post, x)
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishTarget.objects.create(
            organization=riverside.org, post=post, account=x, due_at=target.due_at,
            idempotency_key="another",
        )  # fmt: skip


def test_a_retry_after_a_signer_was_demoted_is_held_not_sent_and_not_sent_back_to_review(
    riverside, simulator, x, mastodon, partly_published
):
    post = partly_published
    Membership.objects.filter(pk=riverside.reviewer.pk).update(role=Role.VIEWER)
    retried = publishing.retry_target(target=_target(post, mastodon), by=riverside.admin.user)

    # Half of it is out: it can't go back to review, and the rest must not go out either.
    assert publishing.publish(retried.pk) == "skipped"
    retried.refresh_from_db()
    post.refresh_from_db()
    assert retried.state == TargetState.HELD
    assert "quorum" in retried.reason
    assert post.state == PostState.PUBLISHING
    assert simulator.posts("mastodon") == []


def test_a_platform_never_reached_fails_after_the_last_try_with_nothing_sent(
    riverside, simulator, x, settings
):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    settings.PLATFORM_API_BASES = {
        **settings.PLATFORM_API_BASES, "x": f"http://127.0.0.1:{closed}/x"
    }  # fmt: skip
    post = approved_post(riverside, [x])
    target = _target(post, x)

    at = _due(post)
    for _ in range(publishing.MAX_UNSENT_TRIES - 1):
        assert publishing.publish(target.pk, at=at) == TargetState.SCHEDULED
        target.refresh_from_db()
        at = max(at, target.not_before) + dt.timedelta(seconds=1)
    assert publishing.publish(target.pk, at=at) == TargetState.FAILED

    target.refresh_from_db()
    post.refresh_from_db()
    assert "after 5 tries" in target.reason
    assert target.attempts.count() == publishing.MAX_UNSENT_TRIES
    assert post.state == PostState.FAILED
    assert simulator.posts("x") == []


def test_a_post_sent_back_to_review_after_an_attempt_leaves_no_target_in_the_queue(
    riverside, simulator, x
):
    post = approved_post(riverside, [x])
    target = _target(post, x)
    # History from an earlier round: that approval missed its time after a refused attempt, the
    # post was given a new time and approved again, and its target scheduled afresh.
    PublishAttempt.objects.create(
        target=target, kind=AttemptKind.PUBLISH, outcome=AttemptOutcome.ERROR,
        error_kind=ErrorKind.AUTH_EXPIRED, message="Revoked",
    )  # fmt: skip

    # The author edits it: it goes back to review, its held target never went out.
    post.refresh_from_db()
    changes = PostChanges.of(post)
    changes.body = "Flu shots are free this Sunday at our Main Street clinic."
    save_post(post=post, by=riverside.author.user, expected_version=post.version, changes=changes)
    post.refresh_from_db()
    assert post.state == PostState.IN_REVIEW

    past = post.scheduled_at + TIME_WINDOW + dt.timedelta(minutes=1)
    assert publishing.sweep(at=past) == []
    post.refresh_from_db()
    target.refresh_from_db()
    assert post.state == PostState.IN_REVIEW
    assert live_submission(post) is not None
    assert target.state not in (TargetState.SCHEDULED, TargetState.HELD)
    assert not PublishTarget.objects.needing_a_person().filter(pk=target.pk).exists()
    assert target.attempts.count() == 1
    assert simulator.posts("x") == []


@pytest.mark.django_db(transaction=True)
def test_recording_an_answer_locks_the_target_not_its_post_or_organization(riverside, x):
    post = approved_post(riverside, [x])
    target = _target(post, x)
    with transaction.atomic():
        publishing._lock_any(target.pk)
        # Another session (a claim, a roll-up) can still take the post and organization rows:
        # the publisher locks a post before its targets, never after.
        other_connection = connections.create_connection("default")
        try:
            with other_connection.cursor() as other:
                other.execute("SET lock_timeout = '200ms'")
                other.execute("SELECT 1 FROM posts_post WHERE id = %s FOR UPDATE", [post.pk])
                other.execute(
                    "SELECT 1 FROM socialops_organization WHERE id = %s FOR UPDATE",
                    [riverside.org.pk],
                )
        finally:
            other_connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_unconfirmed_copies_read_back_at_once_do_not_both_claim_the_one_post_found(
    riverside, simulator, x, settings
):
    # The same words twice to one account (a copy of a post); both calls timed out, and only
    # one of them reached the platform.
    body = "Flu shots are free this Saturday at our Main Street clinic."
    first = approved_post(riverside, [x], body=body)
    second = approved_post(riverside, [x], body=body)
    settings.PLATFORM_HTTP_TIMEOUT = (2.0, 0.5)
    simulator.fault("x", "timeout_after_store", count=1, path="/2/tweets", delay=1)
    simulator.fault("x", "slow", count=2, path="/tweets", delay=0.5)
    a, b = _target(first, x), _target(second, x)
    assert publishing.publish(a.pk, at=_due(first)) == TargetState.UNCONFIRMED
    claimed = publishing.claim(b.pk, worker="test", at=_due(second))
    assert claimed is not None
    # Its call got no answer either (and never reached the platform).
    PublishTarget.objects.filter(pk=b.pk).update(
        state=TargetState.UNCONFIRMED, unconfirmed_since=dt.datetime.now(dt.UTC)
    )
    assert len(simulator.posts("x")) == 1
    # Both calls were made a moment ago (the clock of this test runs ahead, with `at=`).
    PublishAttempt.objects.filter(target__in=[a, b]).update(
        started_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    )

    results = []

    def read_back(pk):
        try:
            results.append(publishing.reconcile(pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read_back, args=(pk,)) for pk in (a.pk, b.pk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    published = PublishTarget.objects.filter(pk__in=[a.pk, b.pk], state=TargetState.PUBLISHED)
    assert published.count() == 1, results


def test_an_image_that_cannot_be_read_at_the_call_holds_the_target_with_why(
    riverside, simulator, mastodon
):
    assign_perm(POST_PERMISSION, riverside.author.user, mastodon)
    post = make_post(
        riverside.author, [mastodon],
        scheduled_at=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5),
    )  # fmt: skip
    item = add_media(
        post=post, by=riverside.author.user, upload=image_upload(), alt_text="Our clinic"
    )
    submit_post(post=post, by=riverside.author.user)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    post.refresh_from_db()
    target = _target(post, mastodon)
    # The storage lost the file (a wiped volume, a bucket outage).
    item.file.storage.delete(item.file.name)

    assert publishing.publish(target.pk, at=_due(post)) == "skipped"
    target.refresh_from_db()
    assert target.state == TargetState.HELD
    assert "media" in target.reason
    assert simulator.posts("mastodon") == []


def test_a_retry_after_the_platform_was_unreachable_gets_its_own_tries(
    riverside, simulator, x, settings
):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    settings.PLATFORM_API_BASES = {
        **settings.PLATFORM_API_BASES, "x": f"http://127.0.0.1:{closed}/x"
    }  # fmt: skip
    post = approved_post(riverside, [x])
    target = _target(post, x)
    at = _due(post)
    for _ in range(publishing.MAX_UNSENT_TRIES):
        publishing.publish(target.pk, at=at)
        target.refresh_from_db()
        at = max(at, target.not_before or at) + dt.timedelta(seconds=1)
    assert target.state == TargetState.FAILED
    # Those tries were made before the retry (the test's clock ran ahead with `at=`).
    target.attempts.update(started_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))

    publishing.retry_target(target=target, by=riverside.reviewer.user)
    # Still unreachable: backed off and tried again, not failed at the first refusal.
    assert publishing.publish(target.pk) == TargetState.SCHEDULED

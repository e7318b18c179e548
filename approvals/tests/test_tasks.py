"""The review beat jobs: expiry every minute, reminders every 15 minutes."""

import datetime as dt

from django.conf import settings
from django.core import mail
from django.utils.timezone import now

from approvals import actions, tasks
from approvals.models import Outcome, Submission
from approvals.testing import second_reviewer, sign, submitted_post
from platforms import tasks as platform_tasks
from platforms.models import PublishTarget
from policies.models import ApprovalRule
from posts.models import Post, PostState
from socialops.models import Notification


def _time_passes(post: Post, **delta) -> None:
    """The post's time comes and goes (its row moved back, as the clock would have)."""
    Post.objects.filter(pk=post.pk).update(scheduled_at=now() - dt.timedelta(**delta))


def _waiting_since(post: Post, **delta) -> None:
    Submission.objects.filter(post=post, outcome=Outcome.OPEN).update(
        submitted_at=now() - dt.timedelta(**delta)
    )


def test_the_beat_runs_expiry_every_minute_and_reminders_every_quarter_hour():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["expire-overdue-posts"]["task"] == "approvals.tasks.expire_overdue_posts"
    assert schedule["expire-overdue-posts"]["schedule"] == 60
    assert schedule["remind-reviewers"]["task"] == "approvals.tasks.remind_reviewers"
    assert schedule["remind-reviewers"]["schedule"] == 15 * 60


def test_an_overdue_post_in_review_expires_and_its_author_is_told(
    riverside, django_capture_on_commit_callbacks
):
    post, submission = submitted_post(riverside.author)
    on_time, _ = submitted_post(riverside.author)
    _time_passes(post, minutes=2)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_overdue_posts.apply().get() == 1

    post.refresh_from_db()
    submission.refresh_from_db()
    assert post.state == PostState.EXPIRED
    assert submission.outcome == Outcome.EXPIRED
    on_time.refresh_from_db()
    assert on_time.state == PostState.IN_REVIEW
    note = Notification.objects.get(user=riverside.author.user, message__startswith="Expired")
    assert post.title in note.message
    assert [m.to for m in mail.outbox if m.subject.endswith(note.message)] == [
        [riverside.author.user.email]
    ]
    # Nothing left to expire on the next run.
    assert tasks.expire_overdue_posts.apply().get() == 0


def test_an_approved_post_within_its_time_window_is_left_to_the_publisher(riverside):
    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    _time_passes(post, minutes=2)

    assert tasks.expire_overdue_posts.apply().get() == 0
    post.refresh_from_db()
    assert post.state == PostState.APPROVED


def test_a_post_waiting_past_the_review_target_gets_one_reminder_not_two(
    riverside, django_capture_on_commit_callbacks
):
    ApprovalRule.objects.create(organization=riverside.org, sign_offs=2, review_target_hours=24)
    waiting, _ = submitted_post(riverside.author)
    fresh, _ = submitted_post(riverside.author, body="Dental cleanings on Tuesdays.")
    _waiting_since(waiting, hours=25)
    _waiting_since(fresh, hours=3)
    # A reviewer who already signed is not reminded.
    signed = second_reviewer(riverside.reviewer)
    sign(waiting, signed)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_reviewers.apply().get() == 1

    reminded = Notification.objects.filter(message__startswith="Waiting 25 h for review")
    assert set(reminded.values_list("user", flat=True)) == {
        riverside.reviewer.user.pk,
        riverside.admin.user.pk,
    }
    assert waiting.title in reminded.first().message
    assert sorted(m.to[0] for m in mail.outbox if "Waiting 25 h" in m.subject) == sorted(
        [riverside.reviewer.user.email, riverside.admin.user.email]
    )
    # The next run, a quarter of an hour later, leaves them alone.
    assert tasks.remind_reviewers.apply().get() == 0
    assert actions.remind_reviewers(now() + dt.timedelta(minutes=15)) == 0
    assert Notification.objects.filter(message__startswith="Waiting").count() == 2
    # A whole review target later both posts have waited past it: reminded (again).
    assert actions.remind_reviewers(now() + dt.timedelta(hours=24, minutes=1)) == 2


def test_an_approved_post_held_past_its_time_window_is_missed_by_the_publishing_sweep(riverside):
    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    _time_passes(post, minutes=20)
    PublishTarget.objects.filter(post=post).update(due_at=now() - dt.timedelta(minutes=20))

    assert tasks.expire_overdue_posts.apply().get() == 0
    assert platform_tasks.sweep_publishing.apply().get() == 0
    post.refresh_from_db()
    assert post.state == PostState.MISSED
    # Its authors are told the truth: approved, and not sent late.
    assert Notification.objects.filter(
        user=riverside.author.user, message__startswith="Approved but not sent"
    ).exists()

"""The publisher against the simulator over real HTTP: claim, publish, and what each answer of
the platform makes of a target."""

import datetime as dt

import pytest
from django.db import OperationalError

from platforms import publishing
from platforms.models import AttemptOutcome, PublishTarget, TargetState
from platforms.testing import approved_post, connect_simulated
from posts.models import PostState


def _due(post):
    return post.scheduled_at + dt.timedelta(seconds=1)


def test_an_approved_post_goes_out_once_to_every_account(riverside, simulator):
    x = connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url)
    mastodon = connect_simulated(
        riverside.org, "mastodon", "riverside", simulator_url=simulator.url
    )
    post = approved_post(riverside, [x, mastodon])
    targets = list(PublishTarget.objects.filter(post=post))
    assert [t.state for t in targets] == [TargetState.SCHEDULED] * 2

    assert publishing.sweep(at=post.scheduled_at - dt.timedelta(seconds=5)) == []
    due = publishing.sweep(at=_due(post))
    assert sorted(due) == sorted(t.pk for t in targets)
    for target_id in due:
        assert publishing.publish(target_id, at=_due(post)) == TargetState.PUBLISHED
        # A second delivery of the same message finds it taken.
        assert publishing.publish(target_id, at=_due(post)) == "skipped"

    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED
    assert len(simulator.posts("x")) == 1
    assert len(simulator.posts("mastodon")) == 1
    for target in PublishTarget.objects.filter(post=post):
        assert target.external_id and target.url
        assert [a.outcome for a in target.attempts.all()] == [AttemptOutcome.ACCEPTED]


class _Deadlock(Exception):
    pgcode = "40P01"


def test_recording_an_answer_is_tried_again_when_postgresql_breaks_a_deadlock():
    calls = []

    def record(value):
        calls.append(value)
        if len(calls) == 1:
            raise OperationalError("deadlock detected") from _Deadlock()
        return value

    assert publishing._recording(record, "published") == "published"
    assert calls == ["published", "published"]


def test_other_database_errors_are_not_retried_by_the_recording():
    def record():
        raise OperationalError("connection lost")

    with pytest.raises(OperationalError):
        publishing._recording(record)

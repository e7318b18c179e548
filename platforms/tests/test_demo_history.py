"""The demo's history is made by really publishing: every post it shows as published is a post
the platform simulator holds, at the post's own time, with its id and link."""

import datetime as dt

import pytest
from django.core.management import call_command

from platforms.demo import HISTORY_REFUSAL
from platforms.http import ErrorKind
from platforms.models import AttemptOutcome, PublishTarget, TargetState
from posts.models import Post, PostState


@pytest.fixture
def seeded(db, simulator, settings):
    settings.PLATFORM_SIMULATOR_URL = simulator.url
    call_command("seed_demo", verbosity=0)
    return simulator


def _sim_posts(simulator) -> dict[str, dict]:
    posts = simulator.control("GET", "/_sim/posts").json()["posts"]
    return {p["id"]: p for p in posts if not p["deleted"]}


def test_every_published_demo_post_is_on_the_simulator_and_the_failed_one_was_refused(seeded):
    """One test, one seed: seeding publishes dozens of posts over loopback."""
    on_platforms = _sim_posts(seeded)
    published = PublishTarget.objects.filter(state=TargetState.PUBLISHED)
    assert published.count() >= 8
    assert published.count() == len(on_platforms)
    for target in published.select_related("post"):
        assert target.external_id in on_platforms
        assert target.url
        assert target.published_at >= target.due_at
        attempt = target.attempts.get()
        assert attempt.outcome == AttemptOutcome.ACCEPTED
        assert attempt.started_at == target.post.scheduled_at
        # Stored at the post's own time (the simulator's clock was moved back for the call).
        created = dt.datetime.fromisoformat(on_platforms[target.external_id]["created_at"])
        assert abs(created - target.post.scheduled_at) < dt.timedelta(minutes=5)
    for post in Post.objects.filter(state=PostState.PUBLISHED):
        assert {t.state for t in post.targets.all()} == {TargetState.PUBLISHED}

    # The failed one was refused by the platform, with the platform's answer on its attempts.
    failed = Post.objects.filter(state=PostState.FAILED)
    assert failed.exists()
    for post in failed:
        for target in post.targets.all():
            assert target.state == TargetState.FAILED
            attempt = target.attempts.get()
            assert attempt.error_kind == ErrorKind.VALIDATION
            assert attempt.http_status in (400, 422)
            if target.account.platform != "x":  # X answers with its own generic detail
                assert HISTORY_REFUSAL in attempt.message
    # The simulator's clock is back and no fault waits for the live demo.
    assert seeded.control("GET", "/_sim/faults").json()["faults"] == []
    assert not PublishTarget.objects.filter(
        post__scheduled_at__lte=dt.datetime.now(dt.UTC),
        state__in=[TargetState.SCHEDULED, TargetState.HELD, TargetState.PUBLISHING],
    ).exists()

"""The publisher with a real Celery worker on the `publishing` queue, against the real Redis and
PostgreSQL and the simulator over loopback: one test per answer a platform can give, a worker
killed mid-call, and duplicate deliveries. The beat is played by the test: it sends the sweep
task every half second, as the real beat does every few seconds."""

import datetime as dt
import socket
import time
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.core import mail
from django.utils.timezone import now

from platforms import publishing
from platforms.models import (
    AttemptOutcome,
    ConnectionState,
    Credential,
    PublishTarget,
    SocialAccount,
    TargetState,
)
from platforms.tasks import publish_target, sweep_publishing
from platforms.testing import approved_post, connect_simulated
from posts.models import PostState
from socialops.celery import app
from socialops.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def _purge_queues() -> None:
    with app.connection_for_write() as conn:
        for queue in app.conf.task_queues:
            queue(conn.default_channel).declare()
            queue(conn.default_channel).purge()
    # Messages a killed worker held (acks late) would come back after the visibility timeout.
    redis.Redis.from_url(django_settings.REDIS_URL).delete("unacked", "unacked_index")


@pytest.fixture
def fast(settings):
    """Short windows, so the whole story fits in seconds."""
    settings.PUBLISH_CLAIM_LEASE = 3
    settings.PUBLISH_RECONCILE_EVERY = 1
    settings.PUBLISH_RECONCILE_WINDOW = 3
    settings.PUBLISH_REQUEUE_SECONDS = 5
    return settings


@pytest.fixture(scope="module")
def _running_worker():
    # One worker for the module: starting and stopping one costs seconds. Between tests it is
    # idle (the queues are purged), and pytest-django lets it reach the database only while a
    # test runs.
    _purge_queues()
    with start_worker(
        app, pool="threads", concurrency=4, perform_ping_check=False, queues=["publishing"],
        shutdown_timeout=15,
    ) as running:  # fmt: skip
        yield running
    _purge_queues()


@pytest.fixture
def worker(_running_worker, transactional_db, fast):
    _purge_queues()
    yield _running_worker
    # Let what is in flight finish before the tables are emptied.
    _purge_queues()
    time.sleep(0.3)


@pytest.fixture
def x(riverside, simulator):
    return connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url)


def _beat_until(predicate, seconds: float = 20.0) -> bool:
    """Send the sweep as the beat would, until `predicate()` holds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sweep_publishing.delay()
        tick = time.monotonic() + 0.5
        while time.monotonic() < tick:
            if predicate():
                return True
            time.sleep(0.05)
    return predicate()


def _soon(riverside, accounts, **kwargs):
    """Approved, due two seconds from now (submitting needs a time in the future)."""
    return approved_post(
        riverside, accounts, scheduled_at=now() + dt.timedelta(seconds=2), **kwargs
    )


def _state(target) -> str:
    return PublishTarget.objects.values_list("state", flat=True).get(pk=target.pk)


def _settled(post, target, state: str = TargetState.PUBLISHED, post_state=PostState.PUBLISHED):
    """The target reached `state` and the post was rolled up after it (a moment later)."""

    def check():
        post.refresh_from_db()
        return _state(target) == state and post.state == post_state

    return check


def _target(post) -> PublishTarget:
    return PublishTarget.objects.get(post=post)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_accepted_post_is_published_once_with_its_link(riverside, simulator, worker, x):
    post = _soon(riverside, [x])
    target = _target(post)

    assert _beat_until(_settled(post, target))
    target.refresh_from_db()
    assert post.state == PostState.PUBLISHED
    [remote] = simulator.posts("x")
    assert target.external_id == remote["id"]
    assert target.url.startswith("http")
    assert [a.outcome for a in target.attempts.all()] == [AttemptOutcome.ACCEPTED]
    # Many more sweeps find nothing left to do.
    _beat_until(lambda: False, seconds=1.5)
    assert len(simulator.posts("x")) == 1


def test_a_rate_limited_account_waits_for_its_reset_and_never_fails(
    riverside, simulator, worker, x
):
    simulator.fault("x", "rate_limited", count=1)
    post = _soon(riverside, [x])
    target = _target(post)

    assert _beat_until(lambda: target.attempts.filter(outcome=AttemptOutcome.ERROR).exists())
    x.refresh_from_db()
    assert x.rate_limited_until > now()
    _beat_until(lambda: False, seconds=1.5)
    target.refresh_from_db()
    assert target.state == TargetState.SCHEDULED
    assert "Rate limited" in target.reason
    assert simulator.posts("x") == []

    # The platform's reset comes (the simulator says a minute: the test brings it forward).
    SocialAccount.objects.filter(pk=x.pk).update(rate_limited_until=now())
    PublishTarget.objects.filter(pk=target.pk).update(not_before=now())
    assert _beat_until(lambda: _state(target) == TargetState.PUBLISHED)
    assert len(simulator.posts("x")) == 1
    assert not target.attempts.filter(outcome=AttemptOutcome.ERROR, http_status=None).exists()


def test_a_refused_connection_is_tried_again_and_goes_out_once_the_platform_is_reachable(
    riverside, simulator, worker, x, settings
):
    reachable = dict(settings.PLATFORM_API_BASES)
    settings.PLATFORM_API_BASES = {**reachable, "x": f"http://127.0.0.1:{_closed_port()}/x"}
    post = _soon(riverside, [x])
    target = _target(post)

    assert _beat_until(lambda: target.attempts.filter(outcome=AttemptOutcome.ERROR).exists())
    target.refresh_from_db()
    assert target.state == TargetState.SCHEDULED
    assert target.not_before > now()
    assert "trying again" in target.reason

    settings.PLATFORM_API_BASES = reachable
    assert _beat_until(lambda: _state(target) == TargetState.PUBLISHED)
    assert len(simulator.posts("x")) == 1


def test_a_5xx_is_read_back_and_not_found_puts_it_in_front_of_a_person(
    riverside, simulator, worker, x
):
    simulator.fault("x", "server_error", count=1, path="/2/tweets")
    post = _soon(riverside, [x])
    target = _target(post)

    assert _beat_until(lambda: _state(target) == TargetState.UNCONFIRMED)
    assert _beat_until(
        lambda: PublishTarget.objects.filter(pk=target.pk, decision_needed=True).exists()
    )
    target.refresh_from_db()
    post.refresh_from_db()
    assert post.state == PostState.UNCONFIRMED
    assert "send it again or drop it" in target.reason
    assert target.attempts.filter(outcome=AttemptOutcome.NOT_FOUND).exists()
    assert PublishTarget.objects.needing_a_person().filter(pk=target.pk).exists()
    told = Notification.objects.filter(
        user=riverside.reviewer.user, message__startswith="Unconfirmed"
    )
    assert [n.message for n in told] == [
        f"Unconfirmed: “{post.title}” may not have gone out; a person must decide"
    ]
    # Never sent again on its own.
    assert simulator.posts("x") == []


def test_a_timeout_after_the_platform_stored_the_post_is_reconciled_to_published(
    riverside, simulator, worker, x, settings
):
    settings.PLATFORM_HTTP_TIMEOUT = (2.0, 1.0)
    simulator.fault("x", "timeout_after_store", count=1, path="/2/tweets", delay=2.5)
    post = _soon(riverside, [x])
    target = _target(post)

    assert _beat_until(lambda: _state(target) == TargetState.UNCONFIRMED)
    assert _beat_until(_settled(post, target))
    target.refresh_from_db()
    [remote] = simulator.posts("x")
    assert target.external_id == remote["id"]
    assert target.url
    assert post.state == PostState.PUBLISHED
    assert target.attempts.filter(outcome=AttemptOutcome.FOUND).exists()
    # Nobody was asked to decide what settled itself.
    assert not Notification.objects.filter(message__startswith="Unconfirmed").exists()


def test_an_expired_token_is_refreshed_and_the_post_sent_once(riverside, simulator, worker, x):
    simulator.fault("x", "expired_token", count=1, path="/2/tweets")
    post = _soon(riverside, [x])
    target = _target(post)

    assert _beat_until(lambda: _state(target) == TargetState.PUBLISHED)
    assert len(simulator.posts("x")) == 1
    assert Credential.objects.get(account=x).refreshed_at is not None
    assert [a.outcome for a in target.attempts.all()] == [AttemptOutcome.ACCEPTED]


def test_a_revoked_account_holds_its_target_tells_the_admins_and_is_missed_past_the_window(
    riverside, simulator, worker, x
):
    simulator.fault("x", "revoked", count=1, path="/2/tweets")
    post = _soon(riverside, [x])
    target = _target(post)

    assert _beat_until(lambda: _state(target) == TargetState.HELD)
    x.refresh_from_db()
    target.refresh_from_db()
    assert x.state == ConnectionState.NEEDS_REAUTH
    assert "needs reconnecting" in target.reason
    admin = riverside.admin.user
    assert Notification.objects.filter(user=admin, message__contains="needs reconnecting").exists()
    assert any(admin.email in m.to and "needs reconnecting" in m.subject for m in mail.outbox)
    assert simulator.posts("x") == []

    from approvals.content import TIME_WINDOW

    publishing.sweep(at=post.scheduled_at + TIME_WINDOW + dt.timedelta(seconds=1))
    target.refresh_from_db()
    post.refresh_from_db()
    assert target.state == TargetState.MISSED
    assert post.state == PostState.MISSED


def test_duplicate_deliveries_and_two_beats_publish_once(riverside, simulator, worker, x):
    post = _soon(riverside, [x])
    target = _target(post)
    time.sleep(2.2)
    for _ in range(3):
        publish_target.delay(target.pk)
        sweep_publishing.delay()
        sweep_publishing.delay()

    assert _beat_until(lambda: _state(target) == TargetState.PUBLISHED)
    _beat_until(lambda: False, seconds=1.5)
    assert len(simulator.posts("x")) == 1
    assert target.attempts.count() == 1

"""A publishing worker killed mid-call: `celery worker -Q publishing` as its own process (as in
production), SIGKILLed while the platform call is in flight. The sweep turns the claim that
outlived its lease into "unconfirmed", and reading the account back settles it, with no
duplicate. Its own module: the in-process worker of test_publisher_worker.py must not be
consuming the same queue meanwhile."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from platforms import publishing
from platforms.models import AttemptOutcome, TargetState
from platforms.testing import connect_simulated
from platforms.tests.test_publisher_worker import (
    _beat_until,
    _purge_queues,
    _soon,
    _state,
    _target,
)

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fast(settings):
    settings.PUBLISH_CLAIM_LEASE = 3
    settings.PUBLISH_RECONCILE_EVERY = 1
    settings.PUBLISH_RECONCILE_WINDOW = 30
    return settings


@pytest.fixture
def x(riverside, simulator):
    return connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url)


@pytest.fixture
def worker_process(transactional_db, fast, simulator):
    """`celery worker -Q publishing` as its own process, on the test database and simulator."""
    _purge_queues()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "socialops.settings.test",
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
            **{k: connection.settings_dict[k] or "" for k in ("USER", "HOST", "PORT", "NAME")}
        ),
        "REDIS_URL": django_settings.REDIS_URL,
        "PLATFORM_SIMULATOR_URL": simulator.url,
        "PUBLISH_CLAIM_LEASE": "3",
        "PUBLISH_RECONCILE_EVERY": "1",
        "PUBLISH_RECONCILE_WINDOW": "30",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "socialops", "worker", "-Q", "publishing",
         "-P", "solo", "--without-heartbeat", "--without-gossip", "--without-mingle",
         "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        _purge_queues()


def test_a_worker_killed_mid_call_is_reconciled_with_no_duplicate(
    riverside, simulator, x, worker_process
):
    # The platform takes its time: the call is in flight when the worker dies, and the post is
    # stored after all (the platform got the request).
    simulator.fault("x", "slow", count=1, path="/2/tweets", delay=3)
    post = _soon(riverside, [x])
    target = _target(post)

    def in_flight():
        return _state(target) == TargetState.PUBLISHING

    assert _beat_until(in_flight, seconds=30), "the worker process never claimed the target"
    time.sleep(0.5)
    worker_process.send_signal(signal.SIGKILL)
    worker_process.wait(timeout=10)
    assert _state(target) == TargetState.PUBLISHING

    # The sweep (this process plays the beat and the next worker) finds the claim past its
    # lease, and reading back settles it.
    time.sleep(django_settings.PUBLISH_CLAIM_LEASE + 0.5)
    publishing.sweep()
    target.refresh_from_db()
    assert target.state == TargetState.UNCONFIRMED
    assert target.attempts.get().outcome == AttemptOutcome.WORKER_LOST

    deadline = time.monotonic() + 15
    while _state(target) != TargetState.PUBLISHED and time.monotonic() < deadline:
        time.sleep(0.5)
        publishing.reconcile(target.pk)
    target.refresh_from_db()
    assert target.state == TargetState.PUBLISHED
    [remote] = simulator.posts("x")
    assert target.external_id == remote["id"]
    # Later sweeps never send it again.
    assert publishing.sweep() == []
    assert len(simulator.posts("x")) == 1

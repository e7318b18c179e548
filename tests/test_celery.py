"""Celery against the real Redis: a task sent the way production sends it reaches a worker
consuming the default queue, and the nightly audit check reports a broken chain."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection

from socialops.celery import app
from socialops.tasks import verify_audit_chains
from socialops.testing import make_member, make_org


@pytest.fixture
def worker(transactional_db):
    with app.connection_for_write() as conn:
        for queue in app.conf.task_queues:
            queue(conn.default_channel).declare()
            queue(conn.default_channel).purge()
    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=["default"], shutdown_timeout=10
    ) as running:
        yield running


def _wait_for(predicate, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_the_nightly_audit_check_runs_on_a_worker_and_mails_the_operators(worker, settings):
    settings.ADMINS = [("Ops", "ops@socialops.example")]
    org = make_org(slug="tampered")
    make_member(org)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "UPDATE socialops_auditevent SET verb = 'x.y' WHERE organization_id = %s AND seq = 1",
            [org.pk],
        )
        cursor.execute("SET session_replication_role = DEFAULT")

    verify_audit_chains.delay()

    assert _wait_for(lambda: len(mail.outbox) == 1), "the worker never ran the task"
    assert mail.outbox[0].to == ["ops@socialops.example"]
    assert "tampered: event #1" in mail.outbox[0].body


def test_publishing_and_metrics_tasks_are_routed_to_their_own_queues():
    router = app.amqp.router
    assert router.route({}, "platforms.tasks.publish_target")["queue"].name == "publishing"
    assert router.route({}, "platforms.tasks.pull_post_metrics")["queue"].name == "metrics"
    assert router.route({}, "socialops.tasks.verify_audit_chains")["queue"].name == "default"

import itertools
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from socialops import audit
from socialops.actions import change_role
from socialops.models import GENESIS_HASH, AuditEvent, Role
from socialops.testing import make_member, make_org


@pytest.fixture
def org_with_history(db):
    org = make_org(slug="riverside")
    admin = make_member(org, Role.ADMIN)
    author = make_member(org, Role.AUTHOR)
    change_role(membership=author, role=Role.REVIEWER, by=admin.user)
    return org


def test_events_chain_from_the_genesis_hash(org_with_history):
    events = list(AuditEvent.objects.for_org(org_with_history).order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == GENESIS_HASH
    for previous, event in itertools.pairwise(events):
        assert event.prev_hash == previous.hash
    assert events[-1].verb == "member.role_changed"
    assert events[-1].before == {"role": "author"}
    assert events[-1].after == {"role": "reviewer"}
    assert audit.verify_chain(org_with_history) is None


def test_audit_verify_passes_on_an_intact_chain(org_with_history, capsys):
    call_command("audit_verify", org="riverside")
    assert "ok riverside: 4 events" in capsys.readouterr().out


def _tamper(sql: str, params: list) -> None:
    """What a database superuser could do: switch triggers off for the session and edit rows."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def test_audit_verify_names_the_first_altered_event_and_exits_1(org_with_history, capsys):
    second = AuditEvent.objects.for_org(org_with_history).get(seq=2)
    _tamper(
        "UPDATE socialops_auditevent SET after = %s WHERE id = %s", ['{"role": "admin"}', second.pk]
    )

    link = audit.verify_chain(org_with_history)
    assert link.event.pk == second.pk
    assert "altered" in link.reason
    with pytest.raises(CommandError) as error:
        call_command("audit_verify", org="riverside")
    assert error.value.returncode == 1
    assert "event #2" in capsys.readouterr().err


def test_audit_verify_finds_a_deleted_event(org_with_history):
    second = AuditEvent.objects.for_org(org_with_history).get(seq=2)
    _tamper("DELETE FROM socialops_auditevent WHERE id = %s", [second.pk])
    link = audit.verify_chain(org_with_history)
    assert link.event.seq == 3
    assert "missing" in link.reason


def test_audit_verify_finds_a_rewritten_chain_link(org_with_history):
    third = AuditEvent.objects.for_org(org_with_history).get(seq=3)
    _tamper("UPDATE socialops_auditevent SET prev_hash = %s WHERE id = %s", ["f" * 64, third.pk])
    link = audit.verify_chain(org_with_history)
    assert link.event.seq == 3
    assert "previous event" in link.reason


def test_audit_verify_rejects_an_unknown_org(db):
    with pytest.raises(CommandError, match="No organization"):
        call_command("audit_verify", org="nowhere")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE socialops_auditevent SET verb = 'nothing.happened' WHERE id = %s",
        "DELETE FROM socialops_auditevent WHERE id = %s",
    ],
)
def test_the_database_refuses_update_and_delete_from_the_app(org_with_history, sql):
    event = AuditEvent.objects.for_org(org_with_history).first()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.verb != "nothing.happened"


def test_the_orm_cannot_update_or_delete_events_either(org_with_history):
    events = AuditEvent.objects.for_org(org_with_history)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        events.update(actor_email="someone@else.example")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        events.delete()
    assert audit.verify_chain(org_with_history) is None


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction():
    org = make_org()
    with pytest.raises(RuntimeError, match="transaction"):
        audit.record(organization=org, actor=None, verb="x.y")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    org = make_org(slug="busy")
    errors = []

    def write(n):
        try:
            for i in range(10):
                with transaction.atomic():
                    audit.record(
                        organization=org, actor=None, verb=f"test.writer{n}", after={"i": i}
                    )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.for_org(org).count() == 41  # 40 + organization.created
    assert audit.verify_chain(org) is None

"""Writing and checking the audit trail.

`record` is called from inside actions (never from signals), in the same transaction as the
change it describes, so an event exists exactly when its change does.
"""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from socialops.models import GENESIS_HASH, AuditEvent, Organization, User


def _as_json(value):
    # Store exactly what a later read will return, so the hash computed now still matches
    # when the row is read back (dates become strings, tuples become lists).
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def record(
    *,
    organization: Organization,
    actor: User | None,
    verb: str,
    target: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append one event to the organization's chain. Must run inside the action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the action's transaction.atomic")
    # Locking the organization row serialises writers per organization, so two events can never
    # claim the same place in the chain (the unique (organization, seq) constraint backs this up).
    Organization.objects.select_for_update().only("id").get(pk=organization.pk)
    last = (
        AuditEvent.objects.filter(organization=organization)
        .order_by("-seq")
        .only("seq", "hash")
        .first()
    )
    event = AuditEvent(
        organization=organization,
        seq=(last.seq + 1) if last else 1,
        actor=actor,
        actor_email=actor.email if actor else "",
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        before=_as_json(before),
        after=_as_json(after),
        created_at=timezone.now(),
        prev_hash=last.hash if last else GENESIS_HASH,
    )
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class BrokenLink:
    organization: Organization
    event: AuditEvent
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.organization.slug}: event #{self.event.seq} (id {self.event.pk}, "
            f"{self.event.verb}, {self.event.created_at:%Y-%m-%d %H:%M:%S %Z}): {self.reason}"
        )


def verify_chain(organization: Organization) -> BrokenLink | None:
    """Recompute the organization's chain from the first event; return the first broken link."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    events = AuditEvent.objects.filter(organization=organization).order_by("seq")
    for event in events.iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return BrokenLink(
                organization, event, f"expected event #{expected_seq} here: an event is missing"
            )
        if event.prev_hash != expected_prev:
            return BrokenLink(organization, event, "does not point at the previous event's hash")
        if event.compute_hash() != event.hash:
            return BrokenLink(organization, event, "its content does not match its hash (altered)")
        expected_prev = event.hash
        expected_seq += 1
    return None

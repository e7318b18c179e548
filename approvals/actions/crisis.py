"""The crisis pause: stop and resume everything of an organization going out."""

from django.db import transaction
from django.urls import reverse
from django.utils.timezone import now

from approvals.actions.core import (
    SIGNER_ROLES,
    _membership,
    active_pause,
)
from approvals.models import (
    CrisisPause,
)
from socialops import audit
from socialops.actions import ActionError
from socialops.models import Organization, Role, User
from socialops.notify import notify


@transaction.atomic
def pause_publishing(
    *, organization: Organization, by: User, reason: str, whole_network: bool = False
) -> CrisisPause:
    """Stop everything of the organization going out (with `whole_network`, of every center of
    the network too: network admins only)."""
    membership = _membership(organization, by)
    if membership is None or membership.role not in SIGNER_ROLES:
        raise ActionError("Only reviewers and admins can pause publishing.")
    reason = reason.strip()
    if not reason:
        raise ActionError("Say why publishing is paused.", field="reason")
    centers = list(organization.centers.all()) if whole_network else []
    if whole_network and (membership.role != Role.ADMIN or not centers):
        raise ActionError("Only an admin of a network can pause all its centers.")
    Organization.objects.select_for_update().filter(pk=organization.pk).get()
    if active_pause(organization) is not None:
        raise ActionError("Publishing is already paused.")
    pause = CrisisPause.objects.create(organization=organization, reason=reason, started_by=by)
    _announce_pause(pause, by)
    for center in centers:
        if active_pause(center) is None:
            center_pause = CrisisPause.objects.create(
                organization=center, reason=reason, started_by=by, network_pause=pause
            )
            _announce_pause(center_pause, by)
    return pause


def _announce_pause(pause: CrisisPause, by: User) -> None:
    organization = pause.organization
    audit.record(
        organization=organization, actor=by, verb="publishing.paused", target=pause,
        after={"reason": pause.reason, "network_pause": pause.network_pause_id},
    )  # fmt: skip
    notify(
        organization=organization,
        users=User.objects.filter(memberships__organization=organization).exclude(pk=by.pk),
        message=f"Publishing paused by {by.get_full_name()}: {pause.reason}",
        url=reverse("approvals:pause", args=[organization.slug]),
    )


@transaction.atomic
def resume_publishing(*, organization: Organization, by: User, note: str = "") -> CrisisPause:
    """Lift the organization's pause; lifting a network's pause lifts the centers' it made."""
    membership = _membership(organization, by)
    if membership is None or membership.role not in SIGNER_ROLES:
        raise ActionError("Only reviewers and admins can lift a pause.")
    pause = CrisisPause.objects.select_for_update().active().filter(organization=organization)
    pause = pause.first()
    if pause is None:
        raise ActionError("Publishing is not paused.")
    if pause.network_pause_id and pause.network_pause.lifted_at is None:
        raise ActionError(
            f"The network {pause.network_pause.organization} paused publishing: it lifts it."
        )
    for lifted in [pause, *pause.center_pauses.active()]:
        lifted.lifted_at = now()
        lifted.lifted_by = by
        lifted.lift_note = note.strip()
        lifted.save(update_fields=["lifted_at", "lifted_by", "lift_note"])
        audit.record(
            organization=lifted.organization, actor=by, verb="publishing.resumed", target=lifted,
            after={"note": lifted.lift_note},
        )  # fmt: skip
        notify(
            organization=lifted.organization,
            users=User.objects.filter(memberships__organization=lifted.organization).exclude(
                pk=by.pk
            ),
            message=f"Publishing resumed by {by.get_full_name()}",
            url=reverse("posts:calendar", args=[lifted.organization.slug]),
        )
    return pause

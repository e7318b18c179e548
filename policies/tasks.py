from celery import shared_task

from policies import actions
from policies.models import ConsentRecord, PolicyVersion


@shared_task
def announce_policy_version(version_id: int) -> int:
    """After publishing: email everyone who must acknowledge the new version."""
    version = PolicyVersion.objects.select_related("organization").filter(pk=version_id).first()
    if version is None:
        return 0
    return actions.announce_policy_version(version=version)


@shared_task
def send_policy_reminders() -> int:
    """Daily: remind members who have not acknowledged their current policy (once a day each)."""
    return actions.send_policy_reminders()


@shared_task
def announce_consent_lapses() -> int:
    """Daily: tell reviewers and admins about consents that expired or were revoked."""
    told = 0
    for consent_id in ConsentRecord.objects.lapsed_unannounced().values_list("pk", flat=True):
        consent = ConsentRecord.objects.select_related("organization").get(pk=consent_id)
        told += actions.announce_consent_lapse(consent=consent)
    return told

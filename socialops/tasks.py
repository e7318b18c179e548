import logging

from celery import shared_task
from django.core.mail import mail_admins

from socialops.audit import verify_chain
from socialops.models import Organization

log = logging.getLogger(__name__)


@shared_task
def verify_audit_chains() -> int:
    """Nightly: recompute every organization's audit chain and alert the site admins about each
    broken one. Returns how many chains are broken."""
    broken = [link for org in Organization.objects.all() if (link := verify_chain(org))]
    for link in broken:
        log.error("Audit chain broken: %s", link)
    if broken:
        mail_admins(
            subject=f"Audit chain broken in {len(broken)} organization(s)",
            message="\n".join(str(link) for link in broken),
        )
    return len(broken)

"""Telling people things: a notification in the app for each person, and the same line by email
after the transaction commits (so nobody is told about a change that rolled back)."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from socialops.models import Notification, Organization, User

log = logging.getLogger(__name__)


def notify(
    *,
    organization: Organization,
    users: Iterable[User],
    message: str,
    url: str = "",
    email: bool = True,
    details: str = "",
    email_setting: str = "",
) -> list[Notification]:
    """One notification per person (each person once), and an email each unless `email` is
    False, or `email_setting` names a User flag the person turned off. `url` is a path in the
    app; the email carries it as a full link."""
    people = {user.pk: user for user in users}.values()
    notes = Notification.objects.bulk_create(
        Notification(organization=organization, user=user, message=message[:300], url=url)
        for user in people
    )
    addresses = [user.email for user in people if not email_setting or getattr(user, email_setting)]
    if email and addresses:
        link = settings.SITE_URL.rstrip("/") + url if url else ""
        body = "\n\n".join(part for part in (message, details, link) if part) + "\n"
        transaction.on_commit(lambda: _send(organization, message, body, addresses))
    return notes


def _send(organization: Organization, message: str, body: str, addresses: list[str]) -> None:
    for address in addresses:
        try:
            send_mail(
                subject=f"[{organization}] {message}"[:150],
                message=body,
                from_email=None,
                recipient_list=[address],
            )
        except OSError:
            # The in-app notification stands; the reason is in the log.
            log.exception("Could not email %s about: %s", address, message)

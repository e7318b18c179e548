"""Reminding reviewers of posts waiting past the review target."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.timezone import now

from approvals.actions.core import (
    _signers_to_tell,
    review_url,
    signer_roles,
)
from approvals.models import (
    Outcome,
    Submission,
)
from policies.rules import review_target_hours
from socialops.notify import notify


def remind_reviewers(at: dt.datetime | None = None) -> int:
    """Remind the reviewers of each post waiting past its organization's review target, at most
    once per target period per post. Returns how many posts were reminded about."""
    at = at or now()
    reminded = 0
    targets: dict[int, int] = {}
    waiting = Submission.objects.open().filter(
        Q(reminded_at__isnull=True) | Q(reminded_at__lt=at - dt.timedelta(hours=1))
    )
    for submission in waiting.select_related("organization", "post").order_by("submitted_at"):
        organization = submission.organization
        if organization.pk not in targets:
            targets[organization.pk] = review_target_hours(organization)
        target = dt.timedelta(hours=targets[organization.pk])
        since = submission.reminded_at or submission.submitted_at
        if at - submission.submitted_at < target or at - since < target:
            continue
        reminded += _remind(submission.pk, at)
    return reminded


@transaction.atomic
def _remind(pk: int, at: dt.datetime) -> int:
    submission = Submission.objects.select_for_update().select_related("post").get(pk=pk)
    if submission.outcome != Outcome.OPEN:
        return 0
    post = submission.post
    signed = {s for s, _ in signer_roles(submission)}
    waited = at - submission.submitted_at
    hours = int(waited.total_seconds() // 3600)
    notify(
        organization=submission.organization,
        users=[u for u in _signers_to_tell(post) if u.pk not in signed],
        message=f"Waiting {hours} h for review: “{post.title}”",
        url=review_url(post),
    )
    Submission.objects.filter(pk=pk).update(reminded_at=at)
    return 1

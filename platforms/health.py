"""How publishing is doing for one organization: the figures of the publishing health page and
of GET /api/v1/orgs/<slug>/publishing/health/, computed in one place so both say the same."""

import datetime as dt

from django.db.models import Count, Min
from django.utils.timezone import now

from socialops.models import Organization

from .models import (
    WAITING_TARGET_STATES,
    AttemptKind,
    AttemptOutcome,
    ConnectionState,
    PublishAttempt,
    PublishTarget,
    SocialAccount,
    TargetState,
)

FAILURE_DAYS = 7


def publishing_health(organization: Organization, at: dt.datetime | None = None) -> dict:
    """The organization's publishing figures at `at` (default: now). Keys:

    - `at`: the moment the figures are for.
    - `queue_depth`: targets whose time has come and that have not gone out yet (scheduled or
      held, due at or before `at`).
    - `held`: how many of those are held (a crisis pause, an account to reconnect, a consent).
    - `in_flight`: targets a worker is publishing right now.
    - `lag_seconds`: how late the oldest due, scheduled (not held) target is, in whole seconds;
      0 when nothing waits. Held targets are left out: they wait on purpose.
    - `published_last_24h`: targets that went out in the 24 hours before `at`.
    - `failures_last_7d`: publish attempts that ended in an error (or a worker lost mid-call)
      in the 7 days before `at`, as {error kind: count}, most frequent first.
    - `needing_a_person`: failed, missed and unconfirmed-not-found targets nobody has settled
      (PublishTarget.objects.needing_a_person()).
    - `unconfirmed_awaiting_person`: of those, the unconfirmed ones: read back, not found, a
      person must send again or drop.
    - `accounts_needing_reconnection`: [{id, platform, handle, label, reason}] of accounts whose
      connection died.
    - `rate_limited_accounts`: [{id, platform, handle, label, until}] of accounts a platform
      rate-limited, with when their queue resumes, soonest first.
    """
    at = at or now()
    targets = PublishTarget.objects.for_org(organization)
    due = targets.filter(state__in=WAITING_TARGET_STATES, due_at__lte=at)
    waiting = {
        row["state"]: row["n"] for row in due.order_by().values("state").annotate(n=Count("pk"))
    }
    oldest = due.filter(state=TargetState.SCHEDULED).aggregate(oldest=Min("due_at"))["oldest"]
    failures = (
        PublishAttempt.objects.filter(
            target__organization=organization,
            kind=AttemptKind.PUBLISH,
            outcome__in=[AttemptOutcome.ERROR, AttemptOutcome.WORKER_LOST],
            started_at__gt=at - dt.timedelta(days=FAILURE_DAYS),
            started_at__lte=at,
        )
        .order_by()
        .values("error_kind", "outcome")
        .annotate(n=Count("pk"))
    )
    by_kind: dict[str, int] = {}
    for row in failures:
        # A worker that died mid-call leaves no error kind: its outcome says what happened.
        key = row["error_kind"] or row["outcome"]
        by_kind[key] = by_kind.get(key, 0) + row["n"]
    person = targets.needing_a_person()
    accounts = SocialAccount.objects.for_org(organization)
    return {
        "at": at,
        "queue_depth": sum(waiting.values()),
        "held": waiting.get(TargetState.HELD, 0),
        "in_flight": targets.filter(state=TargetState.PUBLISHING).count(),
        "lag_seconds": max(0, int((at - oldest).total_seconds())) if oldest else 0,
        "published_last_24h": targets.filter(
            published_at__gt=at - dt.timedelta(hours=24), published_at__lte=at
        ).count(),
        "failures_last_7d": dict(sorted(by_kind.items(), key=lambda item: (-item[1], item[0]))),
        "needing_a_person": person.count(),
        "unconfirmed_awaiting_person": person.filter(state=TargetState.UNCONFIRMED).count(),
        "accounts_needing_reconnection": [
            {
                "id": a.pk,
                "platform": a.platform,
                "handle": a.handle,
                "label": a.label,
                "reason": a.state_reason or a.get_state_display(),
            }
            for a in accounts.filter(state=ConnectionState.NEEDS_REAUTH).order_by("pk")
        ],
        "rate_limited_accounts": [
            {
                "id": a.pk,
                "platform": a.platform,
                "handle": a.handle,
                "label": a.label,
                "until": a.rate_limited_until,
            }
            for a in accounts.filter(rate_limited_until__gt=at).order_by("rate_limited_until")
        ],
    }

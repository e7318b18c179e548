"""How publishing is doing for one organization: the figures of the publishing health page and
of GET /api/v1/orgs/<slug>/publishing/health/, computed once here so both say the same. Each is
an aggregate query, so the page costs the same with ten targets or ten thousand."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils.timezone import now

from socialops.models import Organization

from .models import (
    WAITING_TARGET_STATES,
    AttemptOutcome,
    ConnectionState,
    PublishAttempt,
    PublishTarget,
    SocialAccount,
    TargetState,
)

# The error kinds (platforms.http.ErrorKind) in words, with what they mean for the post.
ERROR_KIND_LABELS = {
    "rate_limited": "Rate limited (waits for the reset)",
    "auth_expired": "Token expired or refused",
    "duplicate": "Refused as a duplicate",
    "validation": "Refused by the platform's rules",
    "transient": "Platform error (5xx)",
    "permanent": "Refused for good",
    "unknown_outcome": "No answer (timeout or dropped)",
}
FAILURE_DAYS = 7
# The page lists the worst of each kind; the counts above the lists are complete.
LIST_LIMIT = 20


@dataclass(frozen=True)
class Health:
    at: dt.datetime
    due_waiting: int
    held: int
    publishing: int
    upcoming: int
    oldest_due: dt.datetime | None
    published_24h: int
    failed_calls: list[dict]
    failed_targets: list[dict]
    unconfirmed_waiting: int
    reconciling: int
    decisions: list[PublishTarget]
    needs_reconnect: list[SocialAccount]
    rate_limited: list[SocialAccount]

    @property
    def queue_depth(self) -> int:
        return self.due_waiting + self.publishing

    @property
    def lag(self) -> dt.timedelta | None:
        """How long the oldest due, unsent target has waited: the publisher's current lag. Held
        targets are left out: they wait on purpose (a pause, an account to reconnect)."""
        return self.at - self.oldest_due if self.oldest_due else None

    @property
    def lag_seconds(self) -> int | None:
        return int(self.lag.total_seconds()) if self.lag is not None else None


def health(organization: Organization, at: dt.datetime | None = None) -> Health:
    at = at or now()
    targets = PublishTarget.objects.for_org(organization)
    due = Q(state__in=WAITING_TARGET_STATES, due_at__lte=at)
    counts = targets.aggregate(
        due_waiting=Count("pk", filter=due),
        held=Count("pk", filter=due & Q(state=TargetState.HELD)),
        publishing=Count("pk", filter=Q(state=TargetState.PUBLISHING)),
        upcoming=Count("pk", filter=Q(state__in=WAITING_TARGET_STATES, due_at__gt=at)),
        oldest_due=Min("due_at", filter=due & Q(state=TargetState.SCHEDULED)),
        published_24h=Count(
            "pk", filter=Q(published_at__gte=at - dt.timedelta(hours=24), published_at__lte=at)
        ),
        unconfirmed_waiting=Count(
            "pk", filter=Q(state=TargetState.UNCONFIRMED, decision_needed=True)
        ),
        reconciling=Count("pk", filter=Q(state=TargetState.UNCONFIRMED, decision_needed=False)),
    )
    since = at - dt.timedelta(days=FAILURE_DAYS)
    failed_calls = [
        {**row, "label": ERROR_KIND_LABELS.get(row["error_kind"], row["error_kind"] or "unknown")}
        for row in PublishAttempt.objects.filter(
            target__organization=organization,
            started_at__gte=since,
            outcome__in=[AttemptOutcome.ERROR, AttemptOutcome.WORKER_LOST],
        )
        .values("kind", "error_kind", "outcome")
        .annotate(count=Count("pk"))
        .order_by("-count", "error_kind")[:LIST_LIMIT]
    ]
    failed_targets = list(
        targets.filter(state__in=[TargetState.FAILED, TargetState.MISSED], updated_at__gte=since)
        .values("state", "error_kind", "reason")
        .annotate(count=Count("pk"))
        .order_by("-count", "reason")[:LIST_LIMIT]
    )
    decisions = list(
        targets.filter(state=TargetState.UNCONFIRMED, decision_needed=True)
        .select_related("post", "account")
        .order_by("unconfirmed_since", "pk")[:LIST_LIMIT]
    )
    accounts = SocialAccount.objects.for_org(organization)
    return Health(
        at=at,
        failed_calls=failed_calls,
        failed_targets=failed_targets,
        decisions=decisions,
        needs_reconnect=list(accounts.filter(state=ConnectionState.NEEDS_REAUTH)),
        rate_limited=list(
            accounts.filter(rate_limited_until__gt=at).order_by("rate_limited_until")
        ),
        **counts,
    )


def publishing_health(organization: Organization, at: dt.datetime | None = None) -> dict:
    """The same figures as a plain dict, for the API. Keys:

    - `at`: the moment the figures are for.
    - `queue_depth`: targets whose time has come and that have not gone out yet (scheduled or
      held, due at or before `at`) plus those a worker is publishing right now.
    - `held`: how many of the due ones are held (a crisis pause, an account to reconnect, a
      consent).
    - `in_flight`: targets a worker is publishing right now.
    - `lag_seconds`: how late the oldest due, scheduled (not held) target is, in whole seconds;
      0 when nothing waits.
    - `published_last_24h`: targets that went out in the 24 hours before `at`.
    - `failures_last_7d`: publish calls that ended in an error (or a worker lost mid-call) in
      the 7 days before `at`, as {error kind: count}, most frequent first.
    - `needing_a_person`: failed, missed and unconfirmed-not-found targets nobody has settled
      (PublishTarget.objects.needing_a_person()).
    - `unconfirmed_awaiting_person`: of those, the unconfirmed ones: read back, not found, a
      person must send again or drop.
    - `accounts_needing_reconnection`: [{id, platform, handle, label, reason}].
    - `rate_limited_accounts`: [{id, platform, handle, label, until}], soonest first.
    """
    figures = health(organization, at)
    failures: dict[str, int] = {}
    for row in figures.failed_calls:
        if row["kind"] == "publish":
            # A worker that died mid-call leaves no error kind: its outcome says what happened.
            key = row["error_kind"] or row["outcome"]
            failures[key] = failures.get(key, 0) + row["count"]
    return {
        "at": figures.at,
        "queue_depth": figures.queue_depth,
        "held": figures.held,
        "in_flight": figures.publishing,
        "lag_seconds": max(0, figures.lag_seconds or 0),
        "published_last_24h": figures.published_24h,
        "failures_last_7d": dict(sorted(failures.items(), key=lambda item: (-item[1], item[0]))),
        "needing_a_person": PublishTarget.objects.for_org(organization).needing_a_person().count(),
        "unconfirmed_awaiting_person": figures.unconfirmed_waiting,
        "accounts_needing_reconnection": [
            {
                "id": a.pk, "platform": a.platform, "handle": a.handle, "label": a.label,
                "reason": a.state_reason or a.get_state_display(),
            }
            for a in figures.needs_reconnect
        ],
        "rate_limited_accounts": [
            {
                "id": a.pk, "platform": a.platform, "handle": a.handle, "label": a.label,
                "until": a.rate_limited_until,
            }
            for a in figures.rate_limited
        ],
    }  # fmt: skip

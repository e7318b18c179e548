"""What the publishing health page shows an admin: read-only figures for one organization, each
one aggregate query, so the page costs the same with ten targets or ten thousand."""

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
        """How long the oldest due, unsent target has waited: the publisher's current lag."""
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
        publishing=Count("pk", filter=Q(state=TargetState.PUBLISHING)),
        upcoming=Count("pk", filter=Q(state__in=WAITING_TARGET_STATES, due_at__gt=at)),
        oldest_due=Min("due_at", filter=due),
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

"""Posts whose time passed before they went out: expired (never approved in time) and missed
(approved, not sent in its window)."""

import datetime as dt

from django.db import transaction
from django.utils.timezone import now

from approvals.actions.core import (
    EXPIRING_STATES,
    _authors,
    _close,
    live_submission,
    lock,
    post_url,
)
from approvals.models import (
    Outcome,
)
from posts.models import Post, PostState, move_state
from socialops import audit
from socialops.notify import notify


def expire_overdue(at: dt.datetime | None = None) -> list[int]:
    """Expire every post whose time came before it was approved; its authors are told. (An
    approved post that did not go out in its window is the publisher's: it is missed.) One
    transaction per post, so one failure does not hold up the rest."""
    at = at or now()
    due = Post.objects.filter(
        state__in=EXPIRING_STATES, scheduled_at__lte=at, crisis_template=False
    ).values_list("pk", flat=True)
    return [pk for pk in list(due) if _expire_one(pk, at)]


@transaction.atomic
def _expire_one(pk: int, at: dt.datetime) -> bool:
    post = Post.objects.select_for_update().select_related("organization").get(pk=pk)
    if post.scheduled_at is None or post.crisis_template:
        return False
    if post.state in EXPIRING_STATES and post.scheduled_at <= at:
        _expire(post, "was not approved by its time")
        return True
    return False


def _expire(post: Post, why: str) -> None:
    _end_unsent(
        post,
        PostState.EXPIRED,
        round_reason=f"It {why}",
        message=f"Expired, not sent: “{post.title}” {why}",
        details="Pick a new time and submit it again if it should still go out.",
        why=why,
    )


def mark_missed(post: Post, *, why: str) -> None:
    """An approved post that did not go out within the time window it was approved for (held by
    a pause, an account to reconnect, an outage). It is never sent late: its round ends and it
    needs a new time and a new approval. Called by the publisher, inside its transaction."""
    _end_unsent(
        lock(post),
        PostState.MISSED,
        round_reason=f"Missed its time window: {why}",
        message=f"Approved but not sent: “{post.title}” missed its time window",
        details=f"{why}\n\nIt was not sent late. Pick a new time and submit it again if it "
        "should still go out.",
        why=why,
        email_setting="publishing_emails",
    )


def _end_unsent(
    post: Post,
    state: str,
    *,
    round_reason: str,
    message: str,
    details: str,
    why: str,
    email_setting: str = "",
) -> None:
    """A post whose time passed without it going out: its round ends, it moves to `state`
    (expired: never approved in time; missed: approved, not sent in its window), and its authors
    are told."""
    submission = live_submission(post)
    if submission is not None:
        _close(submission, Outcome.EXPIRED, by=None, reason=round_reason)
    # Not _set_state: nothing here is approved-and-waiting any more (a missed post keeps its
    # missed targets as the record of what did not go out).
    move_state(post, state)
    audit.record(
        organization=post.organization, actor=None, verb=f"post.{state}", target=post,
        after={"scheduled_at": post.scheduled_at, "why": why},
    )  # fmt: skip
    notify(
        organization=post.organization, users=_authors(post), message=message,
        url=post_url(post), details=details, email_setting=email_setting,
    )  # fmt: skip

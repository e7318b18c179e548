"""Publish targets as review sees them: one per (post, social account), made when the post is
approved and taken away when it goes back to review. Review (approvals.actions) calls these; the
publisher (platforms.publishing) moves them on from there. Nothing here calls a platform."""

import uuid

from django.utils.timezone import now

from posts.models import Post

from .models import (
    WAITING_TARGET_STATES,
    PublishAttempt,
    PublishTarget,
    TargetState,
)


def schedule(post: Post) -> list[PublishTarget]:
    """The post was approved: one scheduled target per account it goes to, due at the time the
    sign-offs cover. A target left from an earlier approval that never went out (it missed its
    time) is scheduled afresh, keeping its history. A crisis template has no time of its own:
    its fast-tracked copies are what go out."""
    if post.scheduled_at is None or post.crisis_template:
        return []
    targets = []
    for account_id in post.variants.values_list("account_id", flat=True):
        target, _ = PublishTarget.objects.update_or_create(
            post=post,
            account_id=account_id,
            defaults={
                "organization_id": post.organization_id,
                "state": TargetState.SCHEDULED,
                "due_at": post.scheduled_at,
                "not_before": None,
                "enqueued_at": None,
                "reason": "",
                "error_kind": "",
                "dismissed_at": None,
                "updated_at": now(),
            },
            create_defaults={
                "organization_id": post.organization_id,
                "due_at": post.scheduled_at,
                "idempotency_key": uuid.uuid4().hex,
            },
        )
        targets.append(target)
    return targets


def unschedule(post: Post) -> None:
    """The post left "approved" before anything was sent (an edit, a withdrawal, changes
    requested): its waiting targets go. Targets that ever reached a platform are kept."""
    waiting = PublishTarget.objects.filter(
        post=post, state__in=[*WAITING_TARGET_STATES, TargetState.MISSED]
    )
    waiting.exclude(pk__in=PublishAttempt.objects.values("target_id")).delete()
    # Those with attempts (history from an earlier round) stay, out of the queue: left waiting,
    # the sweep would hand them out for nothing and then miss them on a post in review.
    waiting.filter(state__in=WAITING_TARGET_STATES).update(
        state=TargetState.MISSED,
        reason="It went back to review before it was sent.",
        dismissed_at=now(),
        updated_at=now(),
    )


def hold_scheduled(reason: str, **which) -> int:
    """Scheduled targets that can't go out (`account=` whose token died, `post=` whose consent
    lapsed) say so at once. The publisher checks again at the due time and sends if what held
    them was mended by then. Answers how many were held."""
    return PublishTarget.objects.filter(state=TargetState.SCHEDULED, **which).update(
        state=TargetState.HELD, reason=reason[:500], updated_at=now()
    )

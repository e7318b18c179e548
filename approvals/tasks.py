"""The review beat jobs: thin wrappers that run the actions on the clock (see
CELERY_BEAT_SCHEDULE in socialops/settings/base.py)."""

from celery import shared_task

from approvals import actions


@shared_task
def expire_overdue_posts() -> int:
    """Every minute: a post not approved by its time expires (never goes out late); its authors
    are told. Returns how many expired."""
    return len(actions.expire_overdue())


@shared_task
def remind_reviewers() -> int:
    """Every 15 minutes: remind the reviewers of posts waiting past the review target. Returns
    how many posts they were reminded about."""
    return actions.remind_reviewers()

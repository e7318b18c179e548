"""An author taking a post back out of review."""

from django.db import transaction

from approvals.actions.core import (
    _close,
    _set_state,
    author_ids,
    live_submission,
    lock,
)
from approvals.models import (
    Outcome,
)
from posts.models import Post, PostState
from socialops import audit
from socialops.actions import ActionError
from socialops.models import User


@transaction.atomic
def withdraw(*, post: Post, by: User) -> Post:
    """The author takes a post back out of review, to change it before anyone signs."""
    post = lock(post)
    if by.pk not in author_ids(post):
        raise ActionError("Only the post's authors can take it back.")
    submission = live_submission(post)
    if post.state not in (PostState.IN_REVIEW, PostState.APPROVED) or submission is None:
        raise ActionError("This post is not in review.")
    _close(submission, Outcome.WITHDRAWN, by=by, reason="Taken back by its author")
    _set_state(post, PostState.DRAFT)
    audit.record(
        organization=post.organization, actor=by, verb="post.withdrawn", target=post,
        after={"round": submission.number},
    )  # fmt: skip
    return post

"""A change to a post in review voids its sign-offs and opens a new round."""

from approvals import content
from approvals.actions.core import (
    _close,
    _open_round,
    _set_state,
    _signers_to_tell,
    check_post,
    live_submission,
    lock,
    record_author,
    review_url,
    signer_roles,
)
from approvals.models import (
    Outcome,
    Submission,
)
from posts.models import Post, PostState
from socialops import audit
from socialops.models import User
from socialops.notify import notify


def content_changed(*, post: Post, by: User | None, what: str) -> Submission | None:
    """Called by every verb that changes what a post sends out, inside its transaction, after
    the change: the person becomes one of the post's authors and, if the post is in review or
    approved with different content, every sign-off is voided and a new round opens (the post
    goes back to review). Returns the new round, if one opened."""
    post = lock(post)
    submission = live_submission(post)
    if submission is None:
        record_author(post, by)
        return None
    if content.current_hash(post) == submission.content_hash:
        return None
    who = by.get_full_name() if by else "SocialOps"
    fresh = start_over(post, submission, by=by, why=f"{who} changed {what}")
    # After the void: whoever changed it is an author from now on, and can't sign it.
    record_author(post, by)
    return fresh


def start_over(post: Post, submission: Submission, *, by: User | None, why: str) -> Submission:
    """Void the live round (its sign-offs stop counting) and open the next on the post as it is
    now: the post is back in review, and its reviewers are told why."""
    voided = signer_roles(submission)
    _close(submission, Outcome.VOIDED, by=by, reason=why)
    fresh = _open_round(
        post,
        by or post.created_by,
        check=check_post(post),
        phi_justification=submission.phi_justification,
    )
    _set_state(post, PostState.IN_REVIEW)
    audit.record(
        organization=post.organization, actor=by, verb="post.sign_offs_voided", target=post,
        before={"round": submission.number, "content_hash": submission.content_hash,
                "signers": [s for s, _ in voided]},
        after={"round": fresh.number, "content_hash": fresh.content_hash, "why": why},
    )  # fmt: skip
    notify(
        organization=post.organization,
        users=_signers_to_tell(post),
        message=f"“{post.title}” is back in review: {why}",
        url=review_url(post),
    )
    return fresh

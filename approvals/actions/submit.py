"""Submitting a post to review."""

from django.db import transaction
from django.utils.timezone import now

from approvals.actions.core import (
    SUBMITTABLE_STATES,
    _bar_words,
    _membership,
    _open_round,
    _round_state,
    _set_state,
    _signers_to_tell,
    check_post,
    lock,
    record_author,
    review_url,
)
from approvals.models import (
    Submission,
)
from policies.access import require_acknowledged
from posts.models import Post, PostState
from socialops import audit
from socialops.actions import ActionError
from socialops.models import Role, User
from socialops.notify import notify


@transaction.atomic
def submit_post(*, post: Post, by: User, phi_justification: str = "") -> Submission:
    """Send a draft to review. Refused while anything blocks it; a PHI finding may be overridden
    with a written justification, which raises the bar by one reviewer."""
    post = lock(post)
    membership = _membership(post.organization, by)
    if membership is None or membership.role == Role.VIEWER:
        raise ActionError("Viewers can't submit posts.")
    require_acknowledged(membership)
    if post.state not in SUBMITTABLE_STATES:
        raise ActionError(
            f"This post is {post.get_state_display().lower()}: it can't be submitted."
        )
    if post.held_reason:
        raise ActionError(f"This post is held: {post.held_reason}")
    if not post.variants.exists():
        raise ActionError("Pick at least one account to post to.", field="accounts")
    if post.crisis_template:
        if post.scheduled_at is not None:
            raise ActionError(
                "A crisis template has no time of its own: clear the time.", field="scheduled_at"
            )
    elif post.scheduled_at is None:
        raise ActionError("Set when the post goes out.", field="scheduled_at")
    elif post.scheduled_at <= now():
        raise ActionError("Pick a time in the future.", field="scheduled_at")
    check = check_post(post)
    justification = phi_justification.strip()
    # PHI findings are answered by the justification just below; everything else stops it here.
    blocking = check.blocking(phi_overridden=True)
    if blocking:
        raise ActionError("Fix these first: " + " · ".join(blocking[:5]))
    if check.has_phi_block and len(justification) < 20:
        raise ActionError(
            "The PHI scanner found protected health information. Remove it, or explain in a "
            "sentence or two why it may go out (then one more reviewer has to sign off).",
            field="phi_justification",
        )
    record_author(post, post.created_by)
    submission = _open_round(post, by, check=check, phi_justification=justification)
    _set_state(post, PostState.IN_REVIEW)
    audit.record(
        organization=post.organization, actor=by, verb="post.submitted", target=post,
        after=_round_state(submission),
    )  # fmt: skip
    notify(
        organization=post.organization,
        users=_signers_to_tell(post),
        message=f"To review: “{post.title}” ({_bar_words(submission)})",
        url=review_url(post),
    )
    return submission

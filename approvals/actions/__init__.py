"""The verbs of review: submit, sign off, request changes, comment, withdraw; what a change to a
post in review does; expiry and reminders; the crisis pause and the fast track. The pages, the
API, the beat jobs and the tests all call these; one module per seam, all importable from here.

Every verb that touches one post locks its row first (SELECT ... FOR UPDATE), so two reviewers
signing at once, or an edit racing a sign-off, take turns and the second sees the first."""

from approvals.actions.comments import add_comment
from approvals.actions.core import (
    EXPIRING_STATES,
    SIGNER_ROLES,
    SUBMITTABLE_STATES,
    Check,
    active_pause,
    author_ids,
    check_post,
    counting_sign_offs,
    live_submission,
    lock,
    post_url,
    record_author,
    review_url,
    signer_roles,
)
from approvals.actions.crisis import pause_publishing, resume_publishing
from approvals.actions.expiry import expire_overdue, mark_missed
from approvals.actions.fast_tracking import fast_track
from approvals.actions.reminders import remind_reviewers
from approvals.actions.signing import request_changes, sign_off
from approvals.actions.submit import submit_post
from approvals.actions.voiding import content_changed, start_over
from approvals.actions.withdrawing import withdraw

__all__ = [
    "EXPIRING_STATES",
    "SIGNER_ROLES",
    "SUBMITTABLE_STATES",
    "Check",
    "active_pause",
    "add_comment",
    "author_ids",
    "check_post",
    "content_changed",
    "counting_sign_offs",
    "expire_overdue",
    "fast_track",
    "live_submission",
    "lock",
    "mark_missed",
    "pause_publishing",
    "post_url",
    "record_author",
    "remind_reviewers",
    "request_changes",
    "resume_publishing",
    "review_url",
    "sign_off",
    "signer_roles",
    "start_over",
    "submit_post",
    "withdraw",
]

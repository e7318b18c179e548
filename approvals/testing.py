"""Factories for approvals tests: a post in review, and the sign-offs that approve it."""

from approvals import actions
from approvals.models import Submission
from posts.models import Post
from posts.testing import make_account, make_post
from socialops.models import Membership, Role
from socialops.testing import make_member


def submitted_post(member: Membership, **post_fields) -> tuple[Post, Submission]:
    """A post by `member` with one X account, submitted for review."""
    accounts = post_fields.pop("accounts", None) or [make_account(member.organization)]
    post = make_post(member, accounts, **post_fields)
    submission = actions.submit_post(post=post, by=member.user)
    return post, submission


def second_reviewer(member: Membership) -> Membership:
    return make_member(member.organization, Role.REVIEWER, full_name="Second Reviewer")


def sign(post: Post, member: Membership):
    submission = actions.live_submission(post)
    return actions.sign_off(post=post, by=member.user, content_hash=submission.content_hash)

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


def crisis_template(
    author: Membership,
    signers: list[Membership],
    body: str = "We know about the incident downtown. Updates here soon.",
) -> Post:
    """A crisis template (a holding statement, without a time) by `author`, submitted and
    signed by `signers`: approved by the full quorum when they make it."""
    post = make_post(author, [make_account(author.organization)], body=body)
    Post.objects.filter(pk=post.pk).update(crisis_template=True, scheduled_at=None)
    post.refresh_from_db()
    actions.submit_post(post=post, by=author.user)
    for member in signers:
        sign(post, member)
    post.refresh_from_db()
    return post

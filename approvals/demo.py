"""Demo review history for Riverside: upcoming posts brought to their state through the real
verbs (submitted, signed off, sent back), past posts given the approved round they went out on,
and one crisis holding statement approved in advance."""

import datetime as dt

from django.db.models import F
from django.utils.timezone import now

from approvals import actions, content
from approvals.models import Outcome, SignOff, Submission
from platforms import targets
from posts import actions as post_actions
from posts.models import Post, PostState
from socialops.models import Organization, Role, User


def _signers(organization: Organization) -> list[User]:
    """The demo's reviewer first, then its admin: the default rule's two sign-offs."""
    return [
        organization.memberships.filter(role=role).select_related("user").first().user
        for role in (Role.REVIEWER, Role.ADMIN)
    ]


def bring_to(post: Post, state: str) -> None:
    """An upcoming post, through the verbs: in review, approved or sent back."""
    actions.submit_post(post=post, by=post.created_by)
    reviewer, admin = _signers(post.organization)
    if state == PostState.APPROVED:
        for signer in (reviewer, admin):
            submission = actions.live_submission(post)
            actions.sign_off(post=post, by=signer, content_hash=submission.content_hash)
    elif state == PostState.CHANGES_REQUESTED:
        actions.request_changes(
            post=post,
            by=reviewer,
            comment="Please add the clinic's address and the hours, and link the sign-up page.",
        )
    elif state == PostState.IN_REVIEW:
        submission = actions.live_submission(post)
        if post.pk % 2:
            actions.sign_off(post=post, by=reviewer, content_hash=submission.content_hash)
        # A queue where everything arrived this second shows nothing: as if submitted over the
        # last two days, some past the 24-hour review target.
        waited = dt.timedelta(hours=5 + 21 * (post.pk % 3))
        Submission.objects.filter(pk=submission.pk).update(submitted_at=now() - waited)


def record_history(post: Post) -> None:
    """A past post: the round it was approved on, three days before its time, leaving it
    approved with its publish targets scheduled. Its time has passed, so the verbs (which refuse
    past times) can't replay the review; the rows are written as they would have left them.
    Sending it is the publisher's job (platforms.demo.publish_history), for real."""
    reviewer, admin = _signers(post.organization)
    document = content.content_of(post)
    submitted = post.scheduled_at - dt.timedelta(days=3)
    submission = Submission.objects.create(
        organization=post.organization, post=post, number=1, submitted_by=post.created_by,
        submitted_at=submitted, content=document, content_hash=content.hash_of(document),
        required_count=2, required_roles=[Role.REVIEWER], required_reviewers=1,
        findings=actions.check_post(post).findings,
    )  # fmt: skip
    for hours, signer in enumerate((reviewer, admin), start=2):
        SignOff.objects.create(
            submission=submission, post=post, signer=signer,
            role=post.organization.memberships.get(user=signer).role,
            content_hash=submission.content_hash,
            signed_at=submitted + dt.timedelta(hours=hours),
        )  # fmt: skip
    Submission.objects.filter(pk=submission.pk).update(outcome=Outcome.APPROVED)
    Post.objects.filter(pk=post.pk).update(state=PostState.APPROVED, version=F("version") + 1)
    post.refresh_from_db()
    targets.schedule(post)


HOLDING_STATEMENT = (
    "We are aware of the situation in our community and are focused on the safety of our "
    "patients and staff. Our clinics' status and any changes to appointments will be posted "
    "here. If you have an emergency, call 911."
)


def seed_crisis_template(organization: Organization, author_user: User, changes) -> Post:
    """A holding statement approved by the full quorum, ready for a crisis pause."""
    template = post_actions.create_post(organization=organization, by=author_user, changes=changes)
    actions.submit_post(post=template, by=author_user)
    for signer in _signers(organization):
        submission = actions.live_submission(template)
        actions.sign_off(post=template, by=signer, content_hash=submission.content_hash)
    return template

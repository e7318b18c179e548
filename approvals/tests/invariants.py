"""The invariants of review (issue #5), checked by the state machine after every step and by the
concurrency tests after every race."""

from collections import defaultdict

from django.db.models import F

from approvals import actions, content
from approvals.models import (
    LIVE_OUTCOMES,
    CrisisPause,
    Outcome,
    PostAuthor,
    SignOff,
    Submission,
)
from approvals.quorum import Bar, quorum_met
from policies.rules import approval_requirement
from posts.models import Post, PostState
from socialops.audit import AuditEvent
from socialops.models import Membership, Organization


def assert_review_invariants(org: Organization) -> None:
    """The invariants of review for every post of `org`, in a handful of queries (the state
    machine runs this after every step)."""
    roles = dict(Membership.objects.filter(organization=org).values_list("user_id", "role"))
    posts = list(Post.objects.filter(organization=org).prefetch_related("variants", "media"))
    live: dict[int, list[Submission]] = defaultdict(list)
    for submission in Submission.objects.filter(organization=org, outcome__in=LIVE_OUTCOMES):
        live[submission.post_id].append(submission)
    signers: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for submission_id, signer, role in SignOff.objects.filter(
        submission__organization=org, submission__outcome__in=LIVE_OUTCOMES
    ).values_list("submission_id", "signer_id", "role"):
        signers[submission_id].append((signer, role))
    authors: dict[int, set[int]] = defaultdict(set)
    for post_id, user_id in PostAuthor.objects.filter(post__organization=org).values_list(
        "post_id", "user_id"
    ):
        authors[post_id].add(user_id)

    for post in posts:
        # (b) at most one live submission per post.
        assert len(live[post.pk]) <= 1, f"post {post.pk} has {len(live[post.pk])} live rounds"
        submission = live[post.pk][0] if live[post.pk] else None
        # (c) in review if and only if a round is open.
        is_open = submission is not None and submission.outcome == Outcome.OPEN
        assert (post.state == PostState.IN_REVIEW) == is_open, (
            f"post {post.pk} is {post.state}, live round: {submission and submission.outcome}"
        )
        if is_open and all(roles.get(s) in actions.SIGNER_ROLES for s, _ in signers[submission.pk]):
            # An open round whose sign-offs already make its bar should have approved.
            assert not quorum_met(Bar.of(submission), signers[submission.pk])
        # (a) approved (or on its way out): exactly the current content, signed by a quorum
        # of distinct people who did not write it. (That they still sign off posts is checked
        # where it matters, when the post is approved and when it is released: a role changed
        # in between does not reopen review, see still_counting.)
        if post.state in (PostState.APPROVED, PostState.PUBLISHING):
            assert submission is not None and submission.outcome == Outcome.APPROVED
            assert submission.content_hash == content.current_hash(post)
            signed = [signer for signer, _ in signers[submission.pk]]
            assert len(signed) == len(set(signed))
            assert not set(signed) & (authors[post.pk] | {post.created_by_id})
            assert quorum_met(Bar.of(submission), signers[submission.pk])
            if submission.fast_track_of_id is None:
                assert_bar_meets_the_rules(post, submission)
    # (d) every sign-off carries its round's hash.
    assert (
        not SignOff.objects.filter(submission__organization=org)
        .exclude(content_hash=F("submission__content_hash"))
        .exists()
    )
    # (e) nothing went out during a pause, unless it was a fast-tracked crisis template.
    pauses = list(CrisisPause.objects.filter(organization=org))
    fast_tracked = {p.pk for p in posts if live[p.pk] and live[p.pk][0].fast_track_of_id}
    for post_id, at in AuditEvent.objects.filter(
        organization=org, verb="post.released"
    ).values_list("target_id", "created_at"):
        paused = any(
            p.started_at <= at and (p.lifted_at is None or p.lifted_at > at) for p in pauses
        )
        assert int(post_id) in fast_tracked or not paused, f"post {post_id} went out during a pause"


def assert_bar_meets_the_rules(post: Post, submission: Submission) -> None:
    """The bar a round was approved against is never below what the rules ask of the post."""
    rule = approval_requirement(
        post.organization,
        accounts=[v.account_id for v in post.variants.all()],
        campaign=post.campaign_id,
        patient_story=submission.patient_story,
        phi_override=submission.phi_override,
        crisis=submission.crisis,
    )
    assert submission.required_count >= rule.count
    assert set(rule.required_roles) <= set(submission.required_roles)
    assert submission.required_reviewers >= rule.min_reviewers


def still_counting(submission: Submission) -> list[tuple[int, str]]:
    """The round's (signer, role signed as) whose signers still hold a role that signs off."""
    signing = set(
        Membership.objects.filter(
            organization_id=submission.organization_id, role__in=actions.SIGNER_ROLES
        ).values_list("user_id", flat=True)
    )
    return [
        (signer, role)
        for signer, role in submission.sign_offs.values_list("signer_id", "role")
        if signer in signing
    ]

"""A reviewer's decisions: sign off, or send back with changes requested."""

from django.db import transaction

from approvals.actions.core import (
    _authors,
    _close,
    _risk_bar,
    _round_state,
    _set_state,
    _signer_membership,
    active_pause,
    author_ids,
    check_post,
    counting_sign_offs,
    live_submission,
    lock,
    post_url,
)
from approvals.models import (
    CommentKind,
    Outcome,
    ReviewComment,
    SignOff,
    Submission,
)
from approvals.quorum import Bar, shortfall
from policies.access import acknowledgement_for, current_policy
from posts.models import Post, PostState
from socialops import audit
from socialops.actions import ActionError
from socialops.models import User
from socialops.notify import notify


@transaction.atomic
def sign_off(*, post: Post, by: User, content_hash: str) -> SignOff:
    """Sign off exactly the content the reviewer was shown (`content_hash`). The last sign-off
    the bar needs approves the post."""
    post = lock(post)
    membership = _signer_membership(post, by)
    submission = live_submission(post)
    if post.state != PostState.IN_REVIEW or submission is None:
        raise ActionError(
            f"This post is {post.get_state_display().lower()}: there is nothing to sign off."
        )
    if content_hash != submission.content_hash:
        raise ActionError(
            "The post changed while you were reading it. Review the new version, then sign off."
        )
    if by.pk in author_ids(post):
        raise ActionError("You wrote part of this post, so your sign-off can't count for it.")
    if submission.sign_offs.filter(signer=by).exists():
        raise ActionError("You have already signed off this version.")
    if post.held_reason:
        raise ActionError(f"This post is held: {post.held_reason}")
    if submission.fast_track_of_id is None:
        blocking = check_post(post).blocking(phi_overridden=submission.phi_override)
        if blocking:
            raise ActionError("It can't be approved as it stands: " + " · ".join(blocking[:5]))
        _raise_for_crisis(submission, post, by)
    signed = SignOff.objects.create(
        submission=submission,
        post=post,
        signer=by,
        role=membership.role,
        content_hash=submission.content_hash,
        acknowledgement=acknowledgement_for(membership, current_policy(post.organization)),
        fast_track=submission.fast_track_of_id is not None,
    )
    audit.record(
        organization=post.organization, actor=by, verb="post.signed_off", target=post,
        after={"round": submission.number, "content_hash": submission.content_hash,
               "role": membership.role, "fast_track": signed.fast_track},
    )  # fmt: skip
    missing = shortfall(Bar.of(submission), counting_sign_offs(submission))
    if missing:
        notify(
            organization=post.organization,
            users=_authors(post),
            message=f"{by.get_full_name()} signed off “{post.title}”: {missing.describe()}",
            url=post_url(post),
            email=False,
        )
        return signed
    submission.outcome = Outcome.APPROVED
    submission.save(update_fields=["outcome"])
    _set_state(post, PostState.APPROVED)
    audit.record(
        organization=post.organization, actor=by, verb="post.approved", target=post,
        after={"round": submission.number, "content_hash": submission.content_hash,
               "signers": [s for s, _ in counting_sign_offs(submission)]},
    )  # fmt: skip
    notify(
        organization=post.organization,
        users=_authors(post),
        message=f"Approved: “{post.title}”",
        url=post_url(post),
    )
    return signed


def _raise_for_crisis(submission: Submission, post: Post, by: User) -> None:
    """A post submitted before a crisis but signed during it meets the crisis bar."""
    if submission.crisis or active_pause(post.organization) is None:
        return
    bar = _risk_bar(post, phi_override=submission.phi_override, crisis=True)
    submission.crisis = True
    submission.required_count = max(submission.required_count, bar.count)
    submission.required_roles = sorted(set(submission.required_roles) | set(bar.required_roles))
    submission.required_reviewers = max(submission.required_reviewers, bar.min_reviewers)
    submission.save(
        update_fields=["crisis", "required_count", "required_roles", "required_reviewers"]
    )
    audit.record(
        organization=post.organization, actor=by, verb="post.bar_raised_for_crisis", target=post,
        after=_round_state(submission),
    )  # fmt: skip


@transaction.atomic
def request_changes(
    *, post: Post, by: User, comment: str, variant_comments: dict[int, str] | None = None
) -> list[ReviewComment]:
    """Send the post back to its author with what to change, on the post and on variants
    (keyed by account id). The round ends; its sign-offs are kept but no longer count."""
    post = lock(post)
    _signer_membership(post, by)
    submission = live_submission(post)
    if post.state not in (PostState.IN_REVIEW, PostState.APPROVED) or submission is None:
        raise ActionError(
            f"This post is {post.get_state_display().lower()}: there is nothing to send back."
        )
    comment = comment.strip()
    if not comment:
        raise ActionError("Say what should change.", field="comment")
    accounts = set(post.variants.values_list("account_id", flat=True))
    notes = {int(k): v.strip() for k, v in (variant_comments or {}).items() if v and v.strip()}
    if set(notes) - accounts:
        raise ActionError("Comment on the accounts this post goes to.", field="variant_comments")
    _close(submission, Outcome.CHANGES_REQUESTED, by=by, reason=comment)
    _set_state(post, PostState.CHANGES_REQUESTED)
    made = [
        ReviewComment.objects.create(
            post=post, submission=submission, author=by,
            kind=CommentKind.CHANGES_REQUESTED, body=comment,
        )
    ]  # fmt: skip
    made += [
        ReviewComment.objects.create(
            post=post, submission=submission, author=by, account_id=account_id,
            kind=CommentKind.CHANGES_REQUESTED, body=text,
        )
        for account_id, text in sorted(notes.items())
    ]  # fmt: skip
    audit.record(
        organization=post.organization, actor=by, verb="post.changes_requested", target=post,
        after={"round": submission.number, "comment": comment,
               "variant_comments": {str(k): v for k, v in notes.items()}},
    )  # fmt: skip
    notify(
        organization=post.organization,
        users=_authors(post),
        message=f"{by.get_full_name()} asked for changes to “{post.title}”",
        url=post_url(post),
        details=comment,
    )
    return made

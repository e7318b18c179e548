"""The verbs of review: submit, sign off, request changes, comment, withdraw; what a change to a
post in review does; expiry and reminders; the crisis pause and the fast track; and the last
check before a post goes out. The pages, the API, the beat jobs and the tests all call these.

Every verb that touches one post locks its row first (SELECT ... FOR UPDATE), so two reviewers
signing at once, or an edit racing a sign-off, take turns and the second sees the first."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import now

from approvals import content
from approvals.models import (
    CommentKind,
    CrisisPause,
    Outcome,
    PostAuthor,
    ReviewComment,
    SignOff,
    Submission,
)
from approvals.quorum import Bar, shortfall
from platforms import targets
from platforms.models import SocialAccount
from policies.access import acknowledgement_for, current_policy, require_acknowledged
from policies.findings import Severity
from policies.rules import approval_requirement, review_target_hours
from posts.findings import check_variant, context_for
from posts.models import Post, PostState, move_state
from socialops import audit
from socialops.actions import ActionError
from socialops.models import Membership, Organization, Role, User
from socialops.notify import notify

# Who signs off. Authors write, viewers read.
SIGNER_ROLES = (Role.ADMIN, Role.REVIEWER)
# Where a post may be submitted from.
SUBMITTABLE_STATES = (
    PostState.DRAFT, PostState.CHANGES_REQUESTED, PostState.EXPIRED, PostState.MISSED,
)  # fmt: skip
# A post waiting for sign-offs past its time expires from these.
EXPIRING_STATES = (PostState.IN_REVIEW, PostState.CHANGES_REQUESTED)


def post_url(post: Post) -> str:
    return reverse("posts:edit", args=[post.organization.slug, post.pk])


def review_url(post: Post) -> str:
    return reverse("approvals:review", args=[post.organization.slug, post.pk])


def lock(post: Post) -> Post:
    """The post, its row locked for the rest of the transaction. Every verb on a post (review's
    and the publisher's) locks the post before its targets."""
    return Post.objects.select_for_update().select_related("organization").get(pk=post.pk)


def _membership(organization: Organization, user: User) -> Membership | None:
    return Membership.objects.filter(organization=organization, user=user).first()


def _signer_membership(post: Post, by: User) -> Membership:
    membership = _membership(post.organization, by)
    if membership is None or membership.role not in SIGNER_ROLES:
        raise ActionError("Only reviewers and admins sign off posts.")
    require_acknowledged(membership)
    return membership


def live_submission(post: Post) -> Submission | None:
    return Submission.objects.live().filter(post=post).first()


def author_ids(post: Post) -> set[int]:
    return set(PostAuthor.objects.filter(post=post).values_list("user_id", flat=True)) | {
        post.created_by_id
    }


def _authors(post: Post) -> list[User]:
    ids = author_ids(post)
    return list(User.objects.filter(pk__in=ids))


def _signers_to_tell(post: Post) -> list[User]:
    """The organization's reviewers and admins who may sign this post (not its authors)."""
    return list(
        User.objects.filter(
            memberships__organization=post.organization, memberships__role__in=SIGNER_ROLES
        ).exclude(pk__in=author_ids(post))
    )


def record_author(post: Post, by: User | None) -> None:
    if by is not None:
        PostAuthor.objects.get_or_create(post=post, user=by)


# Pause -------------------------------------------------------------------------------------------


def active_pause(organization: Organization) -> CrisisPause | None:
    return CrisisPause.objects.active().filter(organization=organization).first()


def _risk_bar(post: Post, *, phi_override: bool, crisis: bool):
    return approval_requirement(
        post.organization,
        accounts=list(post.variants.values_list("account_id", flat=True)),
        campaign=post.campaign_id,
        patient_story=post.patient_story,
        phi_override=phi_override,
        crisis=crisis,
    )


# Findings ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """The findings of every variant, as the reviewers are shown them."""

    findings: list[dict]  # [{"account": id, "account_name": str, "findings": [Finding dicts]}]

    def blocking(self, *, phi_overridden: bool) -> list[str]:
        """The reasons that stop the post. PHI findings stop it unless overridden with a
        justification; everything else (platform rules, lexicon, consent) always stops it."""
        return [
            f"{entry['account_name']}: {f['reason']}"
            for entry in self.findings
            for f in entry["findings"]
            if f["severity"] == Severity.BLOCK
            and not (phi_overridden and f["label"].startswith("phi."))
        ]

    @property
    def has_phi_block(self) -> bool:
        return any(
            f["severity"] == Severity.BLOCK and f["label"].startswith("phi.")
            for entry in self.findings
            for f in entry["findings"]
        )


def check_post(post: Post) -> Check:
    context = context_for(post)
    media = list(post.media.all())
    entries = []
    for variant in post.variants.select_related("account").order_by("account_id"):
        result = check_variant(variant, media, context)
        entries.append(
            {
                "account": variant.account_id,
                "account_name": str(variant.account),
                "findings": [f.as_dict() for f in result.findings],
            }
        )
    return Check(findings=entries)


# Rounds ------------------------------------------------------------------------------------------


def _open_round(
    post: Post,
    by: User,
    *,
    check: Check,
    phi_justification: str = "",
    fast_track_of: Post | None = None,
) -> Submission:
    phi_override = bool(phi_justification) and check.has_phi_block
    crisis = active_pause(post.organization) is not None
    if fast_track_of is not None:
        count, roles, reviewers = 1, [Role.REVIEWER], 1
    else:
        bar = _risk_bar(post, phi_override=phi_override, crisis=crisis)
        count, roles, reviewers = bar.count, list(bar.required_roles), bar.min_reviewers
    document = content.content_of(post)
    last = post.submissions.order_by("-number").values_list("number", flat=True).first()
    return Submission.objects.create(
        organization=post.organization,
        post=post,
        number=(last or 0) + 1,
        submitted_by=by,
        content=document,
        content_hash=content.hash_of(document),
        required_count=count,
        required_roles=roles,
        required_reviewers=reviewers,
        patient_story=post.patient_story,
        phi_override=phi_override,
        phi_justification=phi_justification if phi_override else "",
        crisis=crisis,
        fast_track_of=fast_track_of,
        findings=check.findings,
    )


def _close(submission: Submission, outcome: str, *, by: User | None, reason: str = "") -> None:
    submission.outcome = outcome
    submission.closed_at = now()
    submission.closed_by = by
    submission.closed_reason = reason[:300]
    submission.save(update_fields=["outcome", "closed_at", "closed_by", "closed_reason"])


def _set_state(post: Post, state: str) -> None:
    """Move the post, and keep its publish targets in step: approved makes them, leaving
    approved before anything went out takes them away."""
    was = post.state
    move_state(post, state)
    if state == PostState.APPROVED:
        targets.schedule(post)
    elif was == PostState.APPROVED:
        targets.unschedule(post)


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


def _round_state(submission: Submission) -> dict:
    return {
        "round": submission.number,
        "content_hash": submission.content_hash,
        "required_count": submission.required_count,
        "required_roles": submission.required_roles,
        "required_reviewers": submission.required_reviewers,
        "patient_story": submission.patient_story,
        "phi_override": submission.phi_override,
        "phi_justification": submission.phi_justification,
        "crisis": submission.crisis,
        "fast_track_of": submission.fast_track_of_id,
    }


def _bar_words(submission: Submission) -> str:
    return shortfall(Bar.of(submission), []).describe().rstrip(".").replace(" more", "")


def signer_roles(submission: Submission) -> list[tuple[int, str]]:
    return list(submission.sign_offs.values_list("signer_id", "role"))


def counting_sign_offs(submission: Submission) -> list[tuple[int, str]]:
    """(signer, role signed as) for the sign-offs that count toward the quorum: those whose
    signer still signs off posts here. Someone demoted or removed after signing no longer counts;
    someone promoted still counts as what they signed as."""
    signed = signer_roles(submission)
    still_signing = set(
        Membership.objects.filter(
            organization_id=submission.organization_id,
            user_id__in=[signer for signer, _ in signed],
            role__in=SIGNER_ROLES,
        ).values_list("user_id", flat=True)
    )
    return [(signer, role) for signer, role in signed if signer in still_signing]


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


@transaction.atomic
def add_comment(
    *, post: Post, by: User, body: str, account: SocialAccount | None = None
) -> ReviewComment:
    """A comment or an author's answer. Everyone in the conversation so far is told."""
    post = lock(post)
    membership = _membership(post.organization, by)
    if membership is None or membership.role == Role.VIEWER:
        raise ActionError("Viewers can't comment.")
    body = body.strip()
    if not body:
        raise ActionError("Write something first.", field="body")
    if account is not None and not post.variants.filter(account=account).exists():
        raise ActionError("Comment on an account this post goes to.", field="account")
    authors = author_ids(post)
    comment = ReviewComment.objects.create(
        post=post,
        submission=post.submissions.order_by("-number").first(),
        account=account,
        author=by,
        kind=CommentKind.REPLY if by.pk in authors else CommentKind.COMMENT,
        body=body,
    )
    audit.record(
        organization=post.organization, actor=by, verb="post.commented", target=post,
        after={"comment": body, "account": account.pk if account else None},
    )  # fmt: skip
    talking = set(post.review_comments.values_list("author_id", flat=True)) | authors
    notify(
        organization=post.organization,
        users=User.objects.filter(pk__in=talking - {by.pk}),
        message=f"{by.get_full_name()} commented on “{post.title}”",
        url=post_url(post),
        details=body,
    )
    return comment


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


# Time --------------------------------------------------------------------------------------------


def expire_overdue(at: dt.datetime | None = None) -> list[int]:
    """Expire every post whose time came before it was approved; its authors are told. (An
    approved post that did not go out in its window is the publisher's: it is missed.) One
    transaction per post, so one failure does not hold up the rest."""
    at = at or now()
    due = Post.objects.filter(
        state__in=EXPIRING_STATES, scheduled_at__lte=at, crisis_template=False
    ).values_list("pk", flat=True)
    return [pk for pk in list(due) if _expire_one(pk, at)]


@transaction.atomic
def _expire_one(pk: int, at: dt.datetime) -> bool:
    post = Post.objects.select_for_update().select_related("organization").get(pk=pk)
    if post.scheduled_at is None or post.crisis_template:
        return False
    if post.state in EXPIRING_STATES and post.scheduled_at <= at:
        _expire(post, "was not approved by its time")
        return True
    return False


def _expire(post: Post, why: str) -> None:
    _end_unsent(
        post,
        PostState.EXPIRED,
        round_reason=f"It {why}",
        message=f"Expired, not sent: “{post.title}” {why}",
        details="Pick a new time and submit it again if it should still go out.",
        why=why,
    )


def mark_missed(post: Post, *, why: str) -> None:
    """An approved post that did not go out within the time window it was approved for (held by
    a pause, an account to reconnect, an outage). It is never sent late: its round ends and it
    needs a new time and a new approval. Called by the publisher, inside its transaction."""
    _end_unsent(
        lock(post),
        PostState.MISSED,
        round_reason=f"Missed its time window: {why}",
        message=f"Approved but not sent: “{post.title}” missed its time window",
        details=f"{why}\n\nIt was not sent late. Pick a new time and submit it again if it "
        "should still go out.",
        why=why,
        email_setting="publishing_emails",
    )


def _end_unsent(
    post: Post,
    state: str,
    *,
    round_reason: str,
    message: str,
    details: str,
    why: str,
    email_setting: str = "",
) -> None:
    """A post whose time passed without it going out: its round ends, it moves to `state`
    (expired: never approved in time; missed: approved, not sent in its window), and its authors
    are told."""
    submission = live_submission(post)
    if submission is not None:
        _close(submission, Outcome.EXPIRED, by=None, reason=round_reason)
    # Not _set_state: nothing here is approved-and-waiting any more (a missed post keeps its
    # missed targets as the record of what did not go out).
    move_state(post, state)
    audit.record(
        organization=post.organization, actor=None, verb=f"post.{state}", target=post,
        after={"scheduled_at": post.scheduled_at, "why": why},
    )  # fmt: skip
    notify(
        organization=post.organization, users=_authors(post), message=message,
        url=post_url(post), details=details, email_setting=email_setting,
    )  # fmt: skip


def remind_reviewers(at: dt.datetime | None = None) -> int:
    """Remind the reviewers of each post waiting past its organization's review target, at most
    once per target period per post. Returns how many posts were reminded about."""
    at = at or now()
    reminded = 0
    targets: dict[int, int] = {}
    waiting = Submission.objects.open().filter(
        Q(reminded_at__isnull=True) | Q(reminded_at__lt=at - dt.timedelta(hours=1))
    )
    for submission in waiting.select_related("organization", "post").order_by("submitted_at"):
        organization = submission.organization
        if organization.pk not in targets:
            targets[organization.pk] = review_target_hours(organization)
        target = dt.timedelta(hours=targets[organization.pk])
        since = submission.reminded_at or submission.submitted_at
        if at - submission.submitted_at < target or at - since < target:
            continue
        reminded += _remind(submission.pk, at)
    return reminded


@transaction.atomic
def _remind(pk: int, at: dt.datetime) -> int:
    submission = Submission.objects.select_for_update().select_related("post").get(pk=pk)
    if submission.outcome != Outcome.OPEN:
        return 0
    post = submission.post
    signed = {s for s, _ in signer_roles(submission)}
    waited = at - submission.submitted_at
    hours = int(waited.total_seconds() // 3600)
    notify(
        organization=submission.organization,
        users=[u for u in _signers_to_tell(post) if u.pk not in signed],
        message=f"Waiting {hours} h for review: “{post.title}”",
        url=review_url(post),
    )
    Submission.objects.filter(pk=pk).update(reminded_at=at)
    return 1


# Crisis pause ------------------------------------------------------------------------------------


@transaction.atomic
def pause_publishing(
    *, organization: Organization, by: User, reason: str, whole_network: bool = False
) -> CrisisPause:
    """Stop everything of the organization going out (with `whole_network`, of every center of
    the network too: network admins only)."""
    membership = _membership(organization, by)
    if membership is None or membership.role not in SIGNER_ROLES:
        raise ActionError("Only reviewers and admins can pause publishing.")
    reason = reason.strip()
    if not reason:
        raise ActionError("Say why publishing is paused.", field="reason")
    centers = list(organization.centers.all()) if whole_network else []
    if whole_network and (membership.role != Role.ADMIN or not centers):
        raise ActionError("Only an admin of a network can pause all its centers.")
    Organization.objects.select_for_update().filter(pk=organization.pk).get()
    if active_pause(organization) is not None:
        raise ActionError("Publishing is already paused.")
    pause = CrisisPause.objects.create(organization=organization, reason=reason, started_by=by)
    _announce_pause(pause, by)
    for center in centers:
        if active_pause(center) is None:
            center_pause = CrisisPause.objects.create(
                organization=center, reason=reason, started_by=by, network_pause=pause
            )
            _announce_pause(center_pause, by)
    return pause


def _announce_pause(pause: CrisisPause, by: User) -> None:
    organization = pause.organization
    audit.record(
        organization=organization, actor=by, verb="publishing.paused", target=pause,
        after={"reason": pause.reason, "network_pause": pause.network_pause_id},
    )  # fmt: skip
    notify(
        organization=organization,
        users=User.objects.filter(memberships__organization=organization).exclude(pk=by.pk),
        message=f"Publishing paused by {by.get_full_name()}: {pause.reason}",
        url=reverse("approvals:pause", args=[organization.slug]),
    )


@transaction.atomic
def resume_publishing(*, organization: Organization, by: User, note: str = "") -> CrisisPause:
    """Lift the organization's pause; lifting a network's pause lifts the centers' it made."""
    membership = _membership(organization, by)
    if membership is None or membership.role not in SIGNER_ROLES:
        raise ActionError("Only reviewers and admins can lift a pause.")
    pause = CrisisPause.objects.select_for_update().active().filter(organization=organization)
    pause = pause.first()
    if pause is None:
        raise ActionError("Publishing is not paused.")
    if pause.network_pause_id and pause.network_pause.lifted_at is None:
        raise ActionError(
            f"The network {pause.network_pause.organization} paused publishing: it lifts it."
        )
    for lifted in [pause, *pause.center_pauses.active()]:
        lifted.lifted_at = now()
        lifted.lifted_by = by
        lifted.lift_note = note.strip()
        lifted.save(update_fields=["lifted_at", "lifted_by", "lift_note"])
        audit.record(
            organization=lifted.organization, actor=by, verb="publishing.resumed", target=lifted,
            after={"note": lifted.lift_note},
        )  # fmt: skip
        notify(
            organization=lifted.organization,
            users=User.objects.filter(memberships__organization=lifted.organization).exclude(
                pk=by.pk
            ),
            message=f"Publishing resumed by {by.get_full_name()}",
            url=reverse("posts:calendar", args=[lifted.organization.slug]),
        )
    return pause


@transaction.atomic
def fast_track(*, template: Post, by: User, when: dt.datetime) -> Post:
    """During a pause: a copy of a pre-approved crisis template goes out at `when` on this one
    reviewer's sign-off, recorded as a fast track of the template's full-quorum approval."""
    template = lock(template)
    organization = template.organization
    membership = _membership(organization, by)
    if membership is None or membership.role != Role.REVIEWER:
        raise ActionError("Only a reviewer can fast-track a crisis template.")
    require_acknowledged(membership)
    if active_pause(organization) is None:
        raise ActionError("Fast track is for crisis pauses: publishing is not paused.")
    approved = live_submission(template)
    if (
        not template.crisis_template
        or template.state != PostState.APPROVED
        or approved is None
        or approved.fast_track_of_id is not None
        or approved.content_hash != content.current_hash(template)
    ):
        raise ActionError("Only a crisis template approved by the full quorum can be fast-tracked.")
    if by.pk in author_ids(template):
        raise ActionError("You wrote this template, so your sign-off can't count for it.")
    if when <= now():
        raise ActionError("Pick a time in the future.", field="when")
    copy = Post.objects.create(
        organization=organization, body=template.body, campaign=template.campaign,
        pillar=template.pillar, language=template.language, scheduled_at=when,
        created_by=template.created_by, updated_by=by,
    )  # fmt: skip
    for variant in template.variants.all():
        variant.pk = None
        variant.post = copy
        variant.save()
    for item in template.media.all():
        item.pk = None
        item.post = copy
        item.save()
    PostAuthor.objects.bulk_create(
        PostAuthor(post=copy, user_id=user_id) for user_id in author_ids(template)
    )
    submission = _open_round(copy, by, check=check_post(copy), fast_track_of=template)
    _set_state(copy, PostState.IN_REVIEW)
    audit.record(
        organization=organization, actor=by, verb="post.fast_tracked", target=copy,
        after={"template": template.pk, "template_hash": approved.content_hash,
               "scheduled_at": when},
    )  # fmt: skip
    sign_off(post=copy, by=by, content_hash=submission.content_hash)
    copy.refresh_from_db()
    return copy

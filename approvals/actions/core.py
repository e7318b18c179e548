"""What every review verb shares: who signs, the post's lock, its authors, its findings, and
opening and closing a round of review."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.timezone import now

from approvals import content
from approvals.models import (
    CrisisPause,
    PostAuthor,
    Submission,
)
from approvals.quorum import Bar, shortfall
from platforms import targets
from policies.access import require_acknowledged
from policies.findings import Severity
from policies.rules import approval_requirement
from posts.findings import check_variant, context_for
from posts.models import Post, PostState, move_state
from socialops.actions import ActionError
from socialops.models import Membership, Organization, Role, User

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

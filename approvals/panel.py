"""What the author sees of a post's review in the editor: its state, the current round with its
sign-offs and who still has to sign, the earlier rounds and how each ended, and the comment
threads. Read in a fixed number of queries whatever the history."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from approvals import evidence
from approvals.actions import SUBMITTABLE_STATES, author_ids, counting_sign_offs
from approvals.models import Outcome, ReviewComment, SignOff, Submission
from approvals.quorum import Bar, shortfall
from posts.models import Post, PostState
from socialops.models import Membership, Role


def _names(people: list[str]) -> str:
    if len(people) <= 1:
        return "".join(people)
    return ", ".join(people[:-1]) + " and " + people[-1]


@dataclass(frozen=True)
class PastRound:
    submission: Submission
    sign_offs: list[SignOff]

    @property
    def summary(self) -> str:
        """How the round ended, in a sentence: "Sign-offs by Rita Reviewer and Sam Admin were
        voided when Ann Author changed the time.\""""
        s = self.submission
        signers = _names([o.signer.get_full_name() for o in self.sign_offs])
        if s.outcome == Outcome.VOIDED:
            cause = f" when {s.closed_reason}" if s.closed_reason else ""
            if signers:
                return f"Sign-offs by {signers} were voided{cause}."
            return f"Voided{cause}, before anyone signed off."
        if s.outcome == Outcome.CHANGES_REQUESTED:
            who = s.closed_by.get_full_name() if s.closed_by else "A reviewer"
            return f"{who} requested changes."
        if s.outcome == Outcome.WITHDRAWN:
            who = s.closed_by.get_full_name() if s.closed_by else "Its author"
            return f"{who} took it back out of review."
        if s.outcome == Outcome.EXPIRED and s.closed_reason.startswith("Missed"):
            # Approved, then held past its window (approvals.actions.mark_missed): say so.
            return f"Approved, but not sent: {s.closed_reason[0].lower()}{s.closed_reason[1:]}"
        if s.outcome == Outcome.EXPIRED:
            return "Expired: not approved by its time."
        return s.get_outcome_display() + "."


@dataclass(frozen=True)
class ReviewPanel:
    post: Post
    live: Submission | None
    sign_offs: list[SignOff]
    missing: str  # "1 more sign-off, from a reviewer." or ""
    past: list[PastRound]
    post_comments: list[ReviewComment]
    variant_comments: dict[int, list[ReviewComment]] = field(default_factory=dict)
    can_submit: bool = False
    can_withdraw: bool = False
    can_read_evidence: bool = False

    @property
    def at_stake(self) -> int:
        """Sign-offs a saved change would void."""
        return len(self.sign_offs)

    @property
    def in_review(self) -> bool:
        return self.live is not None and self.post.state in (
            PostState.IN_REVIEW,
            PostState.APPROVED,
        )

    @property
    def warning(self) -> str:
        """Said before an edit voids anything (the editor stops autosaving meanwhile)."""
        if not self.in_review:
            return ""
        state = self.post.get_state_display().lower()
        if self.at_stake:
            count = self.at_stake
            voids = f"voids {count} sign-off{'s' if count != 1 else ''}"
            again = " and sends it back to review" if self.post.state == PostState.APPROVED else ""
            return f"This post is {state}: saving a change {voids}{again}."
        return f"This post is {state}: saving a change starts its review over."

    def comments_on(self, account_id: int) -> list[ReviewComment]:
        return self.variant_comments.get(account_id, [])

    @property
    def has_history(self) -> bool:
        """Submitted at least once: there is a review to talk about."""
        return self.live is not None or bool(self.past)


def comments_by_account(post: Post) -> tuple[list[ReviewComment], dict[int, list[ReviewComment]]]:
    """The post's review threads: the ones on the whole post, and the ones per variant keyed by
    account id."""
    on_post: list[ReviewComment] = []
    by_account: dict[int, list[ReviewComment]] = {}
    comments = ReviewComment.objects.filter(post=post).select_related(
        "author", "account", "submission"
    )
    for comment in comments:
        if comment.account_id is None:
            on_post.append(comment)
        else:
            by_account.setdefault(comment.account_id, []).append(comment)
    return on_post, by_account


def review_panel(post: Post, membership: Membership) -> ReviewPanel:
    rounds = list(
        Submission.objects.filter(post=post)
        .select_related("closed_by")
        .prefetch_related(Prefetch("sign_offs", queryset=SignOff.objects.select_related("signer")))
        .order_by("-number")
    )
    live = next((r for r in rounds if r.is_live), None)
    sign_offs = list(live.sign_offs.all()) if live else []
    missing = ""
    if live is not None and live.outcome == Outcome.OPEN:
        missing = shortfall(Bar.of(live), counting_sign_offs(live)).describe()
    on_post, by_account = comments_by_account(post)
    writes = membership.role != Role.VIEWER
    return ReviewPanel(
        post=post,
        live=live,
        sign_offs=sign_offs,
        missing=missing,
        past=[PastRound(r, list(r.sign_offs.all())) for r in rounds if not r.is_live],
        post_comments=on_post,
        variant_comments=by_account,
        can_submit=writes and post.state in SUBMITTABLE_STATES,
        can_read_evidence=bool(rounds) and evidence.can_read(membership, post),
        can_withdraw=(
            live is not None
            and post.state in (PostState.IN_REVIEW, PostState.APPROVED)
            and membership.user_id in author_ids(post)
        ),
    )

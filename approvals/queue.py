"""The review queue: every post of an organization waiting for sign-offs, oldest first, with what
a reviewer needs to pick the next one (how long it has waited, its risks, how far its sign-offs
have got, whether they may sign it). One page costs the same number of queries whatever the
length of the queue: the page's rows are read in one query, and what they show of accounts,
sign-offs and authorship in one query each for the whole page."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from approvals.actions import SIGNER_ROLES
from approvals.models import PostAuthor, SignOff, Submission
from approvals.quorum import Bar, Shortfall, shortfall
from platforms.models import Platform, PublishTarget, SocialAccount
from posts.models import Campaign, Post, Variant
from socialops.models import Membership, Organization, Role, User


def waiting(submissions: QuerySet) -> QuerySet:
    """The open ones of an organization's `submissions`, oldest first, with what a row shows of
    the post."""
    return (
        submissions.open()
        .select_related("post__campaign", "post__created_by", "submitted_by")
        # What went out and what was found are for the review page; a row needs neither.
        .defer("content", "findings", "phi_justification", "closed_reason")
        .order_by("submitted_at", "id")
    )


class ReviewQueueFilter(django_filters.FilterSet):
    """The queue's filters: by social account, by campaign, and the posts the person looking
    may still sign."""

    account = django_filters.ModelChoiceFilter(
        queryset=SocialAccount.objects.none(),
        method="filter_account",
        label="Account",
        empty_label="All accounts",
    )
    campaign = django_filters.ModelChoiceFilter(
        field_name="post__campaign",
        queryset=Campaign.objects.none(),
        label="Campaign",
        empty_label="All campaigns",
    )
    mine = django_filters.BooleanFilter(
        method="filter_mine",
        label="Waiting for my sign-off",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Submission
        fields = ["account", "campaign", "mine"]

    def __init__(
        self, data=None, queryset=None, *, organization: Organization, user: User, **kwargs
    ):
        if queryset is None:
            queryset = waiting(Submission.objects.for_org(organization))
        super().__init__(data, queryset=queryset, **kwargs)
        self.user = user
        self.filters["account"].queryset = SocialAccount.objects.for_org(organization)
        self.filters["campaign"].queryset = Campaign.objects.filter(organization=organization)

    def filter_account(self, queryset, name, value):
        # A subquery, not a join: a post going to several accounts must not repeat.
        if not value:
            return queryset
        return queryset.filter(Exists(Variant.objects.filter(post=OuterRef("post"), account=value)))

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(
            Exists(SignOff.objects.filter(submission=OuterRef("pk"), signer=self.user))
        ).exclude(
            Q(post__created_by=self.user)
            | Exists(PostAuthor.objects.filter(post=OuterRef("post"), user=self.user))
        )


def progress_words(bar: Bar, missing: Shortfall, signed: int) -> str:
    """ "1 of 2 · needs a reviewer": how far the sign-offs have got and who is still missing."""
    more = max(missing.sign_offs, missing.reviewers, len(missing.roles))
    words = f"{signed} of {signed + more}"
    needs = []
    if missing.reviewers:
        needs.append("a reviewer" if missing.reviewers == 1 else f"{missing.reviewers} reviewers")
    needs += [f"an {Role(r).label.lower()}" for r in missing.roles if r != Role.REVIEWER]
    if needs:
        words += " · needs " + " and ".join(needs)
    return words


def waited_words(waited: dt.timedelta) -> str:
    """ "40 min", "26 h", "4 d": hours up to three days, where reviewers compare with the
    target; days after that."""
    minutes = max(0, int(waited.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 72:
        return f"{hours} h"
    return f"{hours // 24} d"


# What raised a post's bar: (code the API gives, label the page shows).
RISKS = (
    ("patient_story", "Patient story"),
    ("phi_override", "PHI override"),
    ("crisis", "Crisis"),
    ("fast_track", "Fast track"),
)


def risks(submission: Submission) -> list[tuple[str, str]]:
    raised = {
        "patient_story": submission.patient_story,
        "phi_override": submission.phi_override,
        "crisis": submission.crisis,
        "fast_track": submission.fast_track_of_id is not None,
    }
    return [(code, label) for code, label in RISKS if raised[code]]


@dataclass(frozen=True)
class Row:
    """One queue row, worked out in Python once so the template only prints it."""

    submission: Submission
    post: Post
    accounts: list[tuple[int, str, str, str]]  # (id, platform, platform name, handle)
    risks: list[tuple[str, str]]  # (code, label)
    waited_for: dt.timedelta
    overdue: bool
    progress: str
    still_needed: str
    sign_offs: int
    signed: bool
    wrote: bool

    @property
    def waited(self) -> str:
        return waited_words(self.waited_for)


def rows(submissions, *, user: User, at: dt.datetime, target_hours: int) -> list[Row]:
    """The rows of one page of the queue, in three queries whatever its length: the accounts,
    the sign-offs and the posts `user` wrote part of. Plain values, not model instances, for
    the first two: a page of the queue is 50 posts and a hundred-odd variants."""
    submissions = list(submissions)
    if not submissions:
        return []
    post_ids = [s.post_id for s in submissions]
    accounts = defaultdict(list)
    variants = Variant.objects.filter(post_id__in=post_ids).order_by("account_id")
    for post_id, account_id, platform, handle in variants.values_list(
        "post_id", "account_id", "account__platform", "account__handle"
    ):
        accounts[post_id].append((account_id, platform, Platform(platform).label, handle))
    signers = defaultdict(list)
    # Only sign-offs that still count: a signer demoted or removed since no longer does.
    still_signing = Membership.objects.filter(
        organization_id=OuterRef("submission__organization_id"),
        user_id=OuterRef("signer_id"),
        role__in=SIGNER_ROLES,
    )
    sign_offs = SignOff.objects.filter(Exists(still_signing), submission__in=submissions).order_by()
    for submission_id, signer_id, role in sign_offs.values_list(
        "submission_id", "signer_id", "role"
    ):
        signers[submission_id].append((signer_id, role))
    wrote = set(
        PostAuthor.objects.filter(post_id__in=post_ids, user=user).values_list("post_id", flat=True)
    )
    target = dt.timedelta(hours=target_hours)
    made = []
    for submission in submissions:
        post = submission.post
        signer_roles = signers[submission.pk]
        bar = Bar.of(submission)
        missing = shortfall(bar, signer_roles)
        waited = at - submission.submitted_at
        made.append(
            Row(
                submission=submission,
                post=post,
                accounts=accounts[post.pk],
                risks=risks(submission),
                waited_for=waited,
                overdue=waited >= target,
                progress=progress_words(bar, missing, len(dict(signer_roles))),
                still_needed=missing.describe(),
                sign_offs=len(dict(signer_roles)),
                signed=any(signer == user.pk for signer, _ in signer_roles),
                wrote=post.pk in wrote or post.created_by_id == user.pk,
            )
        )
    return made


PROBLEMS_LIMIT = 50


def publishing_problems(organization: Organization) -> list[PublishTarget]:
    """Targets only a person can settle (failed, missed, unconfirmed and not found on reading
    back), oldest first: one query for the section, whatever it holds."""
    return list(
        PublishTarget.objects.for_org(organization)
        .needing_a_person()
        .select_related("post", "account")
        .order_by("updated_at", "pk")[:PROBLEMS_LIMIT]
    )

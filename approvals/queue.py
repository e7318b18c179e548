"""The review queue: every post of an organization waiting for sign-offs, oldest first, with what
a reviewer needs to pick the next one (how long it has waited, its risks, how far its sign-offs
have got, whether they may sign it). One page costs the same number of queries whatever the
length of the queue: everything per row comes from annotations and prefetches."""

import datetime as dt
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from approvals.models import PostAuthor, SignOff, Submission
from approvals.quorum import Bar, Shortfall, shortfall
from platforms.models import SocialAccount
from posts.models import Campaign, Variant
from socialops.models import Organization, Role, User


def signed_by(user: User):
    return Exists(SignOff.objects.filter(submission=OuterRef("pk"), signer=user))


def written_by(user: User):
    """The user wrote part of the post: created it, or changed it later (approvals.PostAuthor)."""
    return Q(post__created_by=user) | Exists(
        PostAuthor.objects.filter(post=OuterRef("post"), user=user)
    )


def waiting_queryset(organization: Organization, user: User) -> QuerySet:
    """The organization's open submissions with everything a queue row shows, for `user`."""
    return (
        Submission.objects.for_org(organization)
        .open()
        .select_related("post__campaign", "post__created_by")
        .prefetch_related(
            Prefetch(
                "post__variants",
                queryset=Variant.objects.select_related("account").order_by("account_id"),
            ),
            Prefetch(
                "sign_offs", queryset=SignOff.objects.only("submission_id", "signer_id", "role")
            ),
        )
        .annotate(i_signed=signed_by(user), i_wrote=written_by(user))
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

    def __init__(self, data=None, *, organization: Organization, user: User, **kwargs):
        super().__init__(data, queryset=waiting_queryset(organization, user), **kwargs)
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
        return queryset.filter(i_signed=False, i_wrote=False)


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


@dataclass(frozen=True)
class Row:
    submission: Submission
    waited: str
    overdue: bool
    progress: str
    signed: bool
    wrote: bool

    @property
    def post(self):
        return self.submission.post

    @property
    def risks(self) -> list[str]:
        s = self.submission
        return [
            label
            for label, raised in (
                ("Patient story", s.patient_story),
                ("PHI override", s.phi_override),
                ("Crisis", s.crisis),
                ("Fast track", s.fast_track_of_id is not None),
            )
            if raised
        ]


def rows(submissions, *, at: dt.datetime, target_hours: int) -> list[Row]:
    target = dt.timedelta(hours=target_hours)
    made = []
    for submission in submissions:
        signer_roles = [(s.signer_id, s.role) for s in submission.sign_offs.all()]
        bar = Bar.of(submission)
        waited = at - submission.submitted_at
        made.append(
            Row(
                submission=submission,
                waited=waited_words(waited),
                overdue=waited >= target,
                progress=progress_words(bar, shortfall(bar, signer_roles), len(dict(signer_roles))),
                signed=submission.i_signed,
                wrote=submission.i_wrote,
            )
        )
    return made

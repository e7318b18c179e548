"""The content calendar: month, week and list views of an organization's posts, with the
health observances laid over them. Times are on the organization's clock."""

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass, field

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from approvals.models import CrisisPause, Submission
from platforms.models import Platform, SocialAccount
from posts import observances
from posts.models import Campaign, ContentPillar, Post, PostState, Variant
from posts.observances import Occurrence
from socialops.models import Organization

MODES = ("month", "week", "list")
LIST_DAYS = 28
# US calendars start the week on Sunday.
FIRST_WEEKDAY = pycalendar.SUNDAY
# What a crisis pause holds: every post still on its way out. Published and failed posts are
# past holding; an expired one goes nowhere until it is rescheduled and submitted again.
HELD_STATES = (
    PostState.DRAFT, PostState.CHANGES_REQUESTED, PostState.IN_REVIEW, PostState.APPROVED,
)  # fmt: skip


class CalendarFilter(django_filters.FilterSet):
    account = django_filters.ModelChoiceFilter(
        field_name="variants__account",
        queryset=SocialAccount.objects.none(),
        label="Account",
        empty_label="All accounts",
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.none(), empty_label="All campaigns"
    )
    pillar = django_filters.ModelChoiceFilter(
        queryset=ContentPillar.objects.none(), label="Pillar", empty_label="All pillars"
    )
    state = django_filters.ChoiceFilter(choices=PostState.choices, empty_label="All states")

    class Meta:
        model = Post
        fields = ["account", "campaign", "pillar", "state"]

    def __init__(self, data=None, *, organization: Organization, **kwargs):
        super().__init__(data, queryset=Post.objects.for_org(organization), **kwargs)
        self.filters["account"].queryset = SocialAccount.objects.for_org(organization)
        self.filters["campaign"].queryset = Campaign.objects.filter(organization=organization)
        self.filters["pillar"].queryset = ContentPillar.objects.filter(organization=organization)

    @property
    def qs(self):
        # One post targets several accounts: the account filter must not repeat it.
        return super().qs.distinct()


# A month cell shows this many posts and a "+N more" link to the day's week; a busy month
# would otherwise be a wall of cards (and a slow page).
MONTH_CELL_POSTS = 4


@dataclass
class Day:
    date: dt.date
    in_month: bool = True
    posts: list[Post] = field(default_factory=list)
    observances: list[Occurrence] = field(default_factory=list)
    limit: int | None = None
    # Publishing is paused on this day (the active pause started on it or before).
    paused: bool = False
    pause_starts: dt.datetime | None = None

    @property
    def shown_posts(self) -> list[Post]:
        return self.posts[: self.limit] if self.limit else self.posts

    @property
    def more(self) -> int:
        return len(self.posts) - len(self.shown_posts)

    @property
    def is_today(self) -> bool:
        return self.date == timezone.localdate()

    @property
    def is_past(self) -> bool:
        return self.date < timezone.localdate()


@dataclass
class CalendarView:
    mode: str
    anchor: dt.date
    start: dt.date
    end: dt.date  # inclusive
    days: list[Day]
    month_observances: list[Occurrence]
    unscheduled: list[Post]
    title: str
    previous: dt.date
    next: dt.date
    pause: CrisisPause | None = None

    @property
    def weeks(self) -> list[list[Day]]:
        return [self.days[i : i + 7] for i in range(0, len(self.days), 7)]

    @property
    def weekday_names(self) -> list[str]:
        return [pycalendar.day_abbr[(FIRST_WEEKDAY + i) % 7] for i in range(7)]

    @property
    def post_count(self) -> int:
        return sum(len(d.posts) for d in self.days)

    @property
    def held_count(self) -> int:
        return sum(post.held_by_pause for d in self.days for post in d.posts)


def parse_anchor(raw: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - FIRST_WEEKDAY) % 7)


def _range(mode: str, anchor: dt.date) -> tuple[dt.date, dt.date, str, dt.date, dt.date]:
    if mode == "week":
        start = week_start(anchor)
        end = start + dt.timedelta(days=6)
        title = f"Week of {start:%B} {start.day}, {start.year}"
        return start, end, title, anchor - dt.timedelta(days=7), anchor + dt.timedelta(days=7)
    if mode == "list":
        end = anchor + dt.timedelta(days=LIST_DAYS - 1)
        title = f"{anchor:%b} {anchor.day} to {end:%b} {end.day}, {end.year}"
        step = dt.timedelta(days=LIST_DAYS)
        return anchor, end, title, anchor - step, anchor + step
    first = anchor.replace(day=1)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    start = week_start(first)
    end = week_start(last) + dt.timedelta(days=6)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return start, end, f"{first:%B %Y}", previous, following


def start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Target:
    platform: str
    platform_label: str
    handle: str


def cards(posts: QuerySet, pause: CrisisPause | None = None) -> list[Post]:
    """Posts with just what a calendar card shows, and `card_targets` from one flat query:
    a busy month has hundreds of cards, so no model instance is built that a card won't read.

    During a crisis pause each card also says whether the pause holds it (`held_by_pause`):
    a post on its way out whose time falls in the pause, unless it is a fast-tracked copy of a
    crisis template, which goes out anyway (one subquery, not one query per card)."""
    posts = posts.only(
        "id", "body", "state", "scheduled_at", "language", "organization_id", "held_reason"
    )
    if pause is not None:
        fast_tracked = Submission.objects.live().filter(
            post=OuterRef("pk"), fast_track_of__isnull=False
        )
        posts = posts.annotate(fast_tracked=Exists(fast_tracked))
    found = list(posts)
    targets: dict[int, list[Target]] = {post.pk: [] for post in found}
    labels = dict(Platform.choices)
    rows = (
        Variant.objects.filter(post__in=list(targets))
        .order_by("post_id", "id")
        .values_list("post_id", "account__platform", "account__handle")
    )
    for post_id, platform, handle in rows:
        targets[post_id].append(Target(platform, labels[platform], handle))
    for post in found:
        post.card_targets = targets[post.pk]
        post.held_by_pause = (
            pause is not None
            and post.state in HELD_STATES
            and post.scheduled_at is not None
            and post.scheduled_at >= pause.started_at
            and not post.fast_tracked
        )
    return found


def build_view(
    *,
    organization: Organization,
    mode: str,
    anchor: str | None,
    posts: QuerySet,
    pause: CrisisPause | None = None,
) -> CalendarView:
    """The days of the view with their posts and observances; with the organization's active
    crisis `pause`, the days it covers and the posts it holds are marked."""
    mode = mode if mode in MODES else "month"
    anchor_date = parse_anchor(anchor)
    start, end, title, previous, following = _range(mode, anchor_date)
    days = {
        start + dt.timedelta(days=i): Day(start + dt.timedelta(days=i))
        for i in range((end - start).days + 1)
    }
    if mode == "month":
        for day in days.values():
            day.in_month = day.date.month == anchor_date.month
            day.limit = MONTH_CELL_POSTS
    in_range = posts.scheduled_between(
        start_of_day(start), start_of_day(end + dt.timedelta(days=1))
    )
    for post in cards(in_range.order_by("scheduled_at", "id"), pause):
        days[timezone.localdate(post.scheduled_at)].posts.append(post)
    if pause is not None:
        pause_day = timezone.localdate(pause.started_at)
        for day in days.values():
            day.paused = day.date >= pause_day
            if day.date == pause_day:
                day.pause_starts = pause.started_at
    month_wide = []
    for occurrence in observances.between(organization, start, end):
        # A month-long observance goes in the band above the grid, not in every day.
        if mode != "list" and occurrence.kind == "month":
            month_wide.append(occurrence)
            continue
        for day in days.values():
            if occurrence.covers(day.date):
                day.observances.append(occurrence)
    without_time = posts.filter(scheduled_at__isnull=True).order_by("-updated_at")[:20]
    return CalendarView(
        mode=mode,
        anchor=anchor_date,
        start=start,
        end=end,
        days=list(days.values()),
        month_observances=month_wide,
        unscheduled=cards(without_time, pause),
        title=title,
        previous=previous,
        next=following,
        pause=pause,
    )

"""The private iCalendar feed: one event per scheduled post, for Outlook and Google Calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.timezone import now
from icalendar import Calendar, Event

from posts.models import Post, PostState
from socialops.models import Organization, User

# How far back and ahead the feed reaches; calendar apps poll it every few hours.
PAST = dt.timedelta(days=90)
AHEAD = dt.timedelta(days=365)
EVENT_LENGTH = dt.timedelta(minutes=15)


def render_feed(organization: Organization, user: User) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//SocialOps//Content calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{organization.name} social posts")
    cal.add("x-wr-timezone", organization.timezone)
    moment = now()
    posts = (
        Post.objects.for_org(organization)
        .scheduled_between(moment - PAST, moment + AHEAD)
        .with_card_data()
        .order_by("scheduled_at", "id")
    )
    for post in posts:
        event = Event()
        event.add("uid", f"post-{post.pk}@{organization.slug}.socialops")
        event.add("dtstamp", moment)
        event.add("dtstart", post.scheduled_at)
        event.add("dtend", post.scheduled_at + EVENT_LENGTH)
        event.add("summary", f"[{post.get_state_display()}] {post.title}")
        accounts = ", ".join(str(v.account) for v in post.variants.all())
        event.add("description", f"{post.body}\n\nAccounts: {accounts or 'none yet'}")
        day = post.scheduled_at.astimezone(ZoneInfo(organization.timezone)).date()
        calendar_url = reverse("posts:calendar", args=[organization.slug])
        event.add("url", f"{settings.SITE_URL}{calendar_url}?view=week&date={day}")
        event.add("status", "CANCELLED" if post.state == PostState.EXPIRED else "CONFIRMED")
        if post.campaign:
            event.add("categories", [post.campaign.name])
        cal.add_component(event)
    return cal.to_ical()

"""Demo data for platforms: one connected account per platform for Riverside, authorized on the
platform simulator the demo command runs (settings.PLATFORM_SIMULATOR_URL), and the history of
past posts published through it for real."""

import datetime as dt

import requests
from django.conf import settings
from django.db.models import F
from django.utils.timezone import now

from approvals import content
from posts.models import Post
from socialops.models import Notification, Organization

from . import publishing
from .models import WAITING_TARGET_STATES, PublishAttempt, PublishTarget, SocialAccount
from .testing import connect_simulated

# What the platform answers the one past post the demo shows as failed: a refusal the platform
# documents as "nothing was created", so the publisher fails it instead of retrying.
HISTORY_REFUSAL = (
    "The post was flagged by the platform's automated link check and was not published."
)

DEMO_ACCOUNTS = [
    ("x", "riversidehealth"),
    ("facebook", "riverside"),
    ("instagram", "riverside"),
    ("linkedin", "riverside"),
    ("mastodon", "riverside"),
    ("bluesky", "riverside"),
]


def seed(organization: Organization, people: dict | None = None) -> list[str]:
    """Connect the demo accounts that are not there yet; answer what it did, one line each.
    Without a running simulator nothing is connected (the accounts page can do it later)."""
    url = settings.PLATFORM_SIMULATOR_URL
    if organization.slug != "riverside" or not url:
        return []
    if not _simulator():
        return [f"Platform simulator not reachable at {url}: no demo accounts connected."]
    done = []
    for platform, handle in DEMO_ACCOUNTS:
        if SocialAccount.objects.filter(organization=organization, platform=platform).exists():
            continue
        account = connect_simulated(organization, platform, handle, simulator_url=url)
        done.append(f"Connected {account}")
    return done


def _simulator() -> str:
    """The running simulator's base URL, or "" when there is none to talk to."""
    url = (settings.PLATFORM_SIMULATOR_URL or "").rstrip("/")
    if not url:
        return ""
    try:
        requests.get(url + "/_sim/health", timeout=2).raise_for_status()
    except requests.RequestException:
        return ""
    return url


def _control(url: str, method: str, path: str, **kwargs) -> None:
    requests.request(method, url + path, timeout=5, **kwargs).raise_for_status()


def publish_history(post: Post, *, refused: bool = False) -> None:
    """A past post, approved with its targets scheduled, goes out through the publisher for
    real at its own time (the same claim, last-moment gate and platform call as the worker's),
    so every "Published" in the demo is a post the simulator holds, with its id and link.

    The simulator's clock is moved back to the post's time for the calls and restored after:
    what it stores was created then, and its metrics have grown since. `refused` makes the
    platform refuse the post (a validation fault on each of its platforms), so the post really
    failed, with the platform's answer on its attempts. Without a simulator nothing can go out:
    its targets are held, and close_history() finds them missed, as the publisher's sweep does."""
    when = post.scheduled_at
    url = _simulator()
    targets = list(PublishTarget.objects.filter(post=post).select_related("account"))
    back = (now() - when).total_seconds()
    noted_before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if url:
        for target in targets if refused else []:
            _control(url, "POST", "/_sim/faults", json={
                "platform": target.account.platform, "kind": "validation", "count": 1,
                "message": HISTORY_REFUSAL,
            })  # fmt: skip
        _control(url, "POST", "/_sim/clock", json={"advance": -back})
    try:
        for target in targets:
            publishing.publish(target.pk, at=when)
    finally:
        if url:
            _control(url, "POST", "/_sim/clock", json={"advance": back})
            if refused:
                _control(url, "DELETE", "/_sim/faults")  # none left behind for the live demo
    _backdate(post, when, after_notification=noted_before)


def close_history() -> None:
    """After the history: what could not go out at its time (no simulator, an account not
    connected) is past its window, so the publisher's sweep marks it missed, never sent late.
    One sweep for the whole history: each is a pass over every waiting target."""
    if PublishTarget.objects.filter(
        state__in=WAITING_TARGET_STATES, due_at__lt=now() - content.TIME_WINDOW
    ).exists():
        publishing.sweep()


def _backdate(post: Post, when: dt.datetime, *, after_notification: int) -> None:
    """The publisher stamps its answers with the wall clock; history happened at the post's
    time. The attempts finish, the targets go out and their people were told (and read it)
    when the calls took place, not while the demo was being seeded."""
    attempts = PublishAttempt.objects.filter(target__post=post, started_at=when)
    for attempt in attempts:
        took = dt.timedelta(milliseconds=attempt.duration_ms or 0)
        attempt.finished_at = when + took
        attempt.save(update_fields=["finished_at"])
        PublishTarget.objects.filter(pk=attempt.target_id, published_at__isnull=False).update(
            published_at=when + took, updated_at=when + took
        )
    told = Notification.objects.filter(
        pk__gt=after_notification, url__contains=f"/posts/{post.pk}/"
    )
    told.update(created_at=when + dt.timedelta(minutes=1), read_at=when + dt.timedelta(hours=2))
    Post.objects.filter(pk=post.pk).update(updated_at=F("scheduled_at"))

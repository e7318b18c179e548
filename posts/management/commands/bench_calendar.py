"""Time the calendar's month and week views and the drafts list for an organization with 5,000
posts, through the whole Django stack (middleware, sessions, templates), on the configured
database. Everything it creates is rolled back at the end.

    DJANGO_SETTINGS_MODULE=socialops.settings.test python manage.py bench_calendar

With --paused the organization is under a crisis pause, so every card is checked for it.

The last line is JSON: median_ms, p95_ms and queries for the slowest of the three pages."""

import datetime as dt
import json
import random
import secrets
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import now

from approvals.models import CrisisPause
from platforms.models import SocialAccount
from posts.models import Campaign, ContentPillar, Post, PostState, Variant
from socialops.models import Membership, Organization, Role, User


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the calendar month/week views and the drafts list with 5,000 posts."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=5000)
        parser.add_argument("--runs", type=int, default=40)
        parser.add_argument(
            "--paused", action="store_true", help="Time the pages during a crisis pause."
        )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self.run(options["posts"], options["runs"], paused=options["paused"])
                raise Rollback
        except Rollback:
            pass

    def run(self, count: int, runs: int, *, paused: bool = False) -> None:
        org = Organization.objects.create(
            name="Bench Health",
            slug=f"bench-{secrets.token_hex(4)}",
            timezone="America/New_York",
        )
        user = User.objects.create_user(f"{org.slug}@bench.example", "bench-password")
        Membership.objects.create(organization=org, user=user, role=Role.AUTHOR)
        accounts = SocialAccount.objects.bulk_create(
            SocialAccount(organization=org, platform=p, handle=f"@bench-{p}")
            for p in ("x", "facebook", "instagram", "linkedin")
        )
        campaigns = Campaign.objects.bulk_create(
            Campaign(organization=org, name=f"Campaign {i}") for i in range(8)
        )
        pillars = ContentPillar.objects.bulk_create(
            ContentPillar(organization=org, name=f"Pillar {i}") for i in range(6)
        )
        # A year of posts around today: ~420 a month, ~100 a week, every state.
        start = now() - dt.timedelta(days=180)
        rng = random.Random(7)  # noqa: S311 - repeatable bench data, not a secret
        states = list(PostState)
        posts = Post.objects.bulk_create(
            Post(
                organization=org,
                body=f"Post {i}: flu shots, screenings and open hours at the clinic. #health",
                campaign=rng.choice(campaigns),
                pillar=rng.choice(pillars),
                state=rng.choice(states),
                scheduled_at=start + dt.timedelta(minutes=rng.randrange(365 * 24 * 60)),
                created_by=user,
                updated_by=user,
            )
            for i in range(count)
        )
        Variant.objects.bulk_create(
            Variant(post=post, account=account, text=post.body)
            for post in posts
            for account in rng.sample(accounts, 2)
        )
        if paused:
            CrisisPause.objects.create(
                organization=org, reason="Bench: a crisis pause", started_by=user,
                started_at=now() - dt.timedelta(days=1),
            )  # fmt: skip
        client = Client()
        client.force_login(user)
        today = now().date().isoformat()
        pages = {
            "calendar month": reverse("posts:calendar", args=[org.slug])
            + f"?view=month&date={today}",
            "calendar week": reverse("posts:calendar", args=[org.slug])
            + f"?view=week&date={today}",
            "drafts list": reverse("posts:drafts", args=[org.slug]),
        }
        results = {}
        for name, url in pages.items():
            client.get(url)  # warm: templates compiled, connection open
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            timings.sort()
            results[name] = {
                "median_ms": round(statistics.median(timings), 1),
                "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
                "queries": len(queries),
                "bytes": len(response.content),
            }
            self.stdout.write(f"{name:15} {json.dumps(results[name])}")
        slowest = max(results, key=lambda n: results[n]["p95_ms"])
        summary = {"page": slowest, "posts": count, "paused": paused, **results[slowest]}
        self.stdout.write(json.dumps(summary))

"""Time the review queue and the review page with 10,000 posts waiting for review across 50
organizations (200 each), through the whole Django stack (middleware, sessions, templates), on
the configured database, as a reviewer of one of them. Everything it creates is rolled back at
the end.

    DJANGO_SETTINGS_MODULE=socialops.settings.test python manage.py bench_review_queue

The last line is JSON: median_ms, p95_ms and queries for the slower of the two pages."""

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

from approvals import content
from approvals.models import (
    CommentKind,
    Outcome,
    PostAuthor,
    ReviewComment,
    SignOff,
    Submission,
)
from platforms.models import SocialAccount
from posts.models import Campaign, ContentPillar, Post, PostState, Variant
from socialops.models import Membership, Organization, Role, User

# What community health centers post: the bench renders and diffs text like this.
MESSAGES = (
    "Flu shots are free this {day} at our {clinic} clinic, 9 am to 3 pm. No appointment needed.",
    "Back-to-school physicals and vaccines: book a visit at {clinic} before {day}. #BackToSchool",
    "Our mobile dental van is at {clinic} on {day}. Cleanings and check-ups for kids and adults.",
    "Need help signing up for Medicaid or Marketplace coverage? Navigators are at {clinic} {day}.",
    "Walk-in COVID-19 and flu testing at {clinic} every {day}. Results in 15 minutes.",
    "Diabetes education class at {clinic} this {day}: healthy cooking on a budget. Free, in "
    "English and Spanish.",
    "Free blood pressure checks at the {clinic} farmers market on {day}. Stop by our table!",
    "Breast cancer screening saves lives. Mammograms at {clinic} on {day}; most insurance "
    "accepted and a sliding fee for everyone else.",
    "Our {clinic} pharmacy is open late on {day} until 8 pm. Refills ready in one hour.",
    "Behavioral health is health. Same-day counseling visits at {clinic}, {day} to Friday.",
)
CLINICS = ("Main Street", "Eastside", "Riverside", "Harbor Point", "Westgate", "Hillcrest")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
PLATFORMS = ("x", "facebook", "instagram", "linkedin")
# A tenth of the posts carry a PHI override, which raises their bar by one reviewer.
OVERRIDE = "Rosa is our outreach nurse, not a patient; she agreed to be named."


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the review queue and the review page with 10,000 posts waiting for review."

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=50)
        parser.add_argument("--per-org", type=int, default=200)
        parser.add_argument("--runs", type=int, default=40)

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self.run(options["orgs"], options["per_org"], options["runs"])
                raise Rollback
        except Rollback:
            pass

    def run(self, orgs: int, per_org: int, runs: int) -> None:
        rng = random.Random(11)  # noqa: S311 - repeatable bench data, not a secret
        started = time.perf_counter()
        people = [self.seed_org(n, per_org, rng) for n in range(orgs)]
        self.stdout.write(
            f"seeded {orgs} organizations, {per_org} posts in review "
            f"({orgs * per_org} items) in {time.perf_counter() - started:.1f} s"
        )
        # A database in service has planner statistics (autovacuum analyzes what it is given);
        # rows made in this still-open transaction have none until analyzed here.
        with connection.cursor() as cursor:
            for model in (Post, Variant, Submission, SignOff, PostAuthor, SocialAccount):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        org, reviewer, post = people[0]
        client = Client()
        client.force_login(reviewer)
        pages = {
            "review queue": reverse("approvals:queue", args=[org.slug]),
            "review page": reverse("approvals:review", args=[org.slug, post.pk]),
        }
        results = {}
        for name, url in pages.items():
            client.get(url)  # warm: templates compiled, connection open
            timings, cpu = [], []
            for _ in range(runs):
                started, cpu_started = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            timings.sort()
            results[name] = {
                "median_ms": round(statistics.median(timings), 1),
                "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
                "queries": len(queries),
                # This process's CPU alone (no database time): steady when the machine is busy.
                "cpu_median_ms": round(statistics.median(cpu), 1),
                "bytes": len(response.content),
            }
            self.stdout.write(f"{name:13} {json.dumps(results[name])}")
        slower = max(results, key=lambda n: results[n]["p95_ms"])
        self.stdout.write(json.dumps({"page": slower, "items": orgs * per_org, **results[slower]}))

    def seed_org(self, n: int, count: int, rng: random.Random) -> tuple[Organization, User, Post]:
        """One organization with `count` posts in review, a third of them signed off once, a
        tenth with a raised bar, waiting from minutes to three days. Returns the organization,
        its reviewer and a post on its second round (sent back once, with comments)."""
        org = Organization.objects.create(
            name=f"Bench Health {n}",
            slug=f"bench-{n}-{secrets.token_hex(3)}",
            timezone="America/New_York",
        )
        admin, author, reviewer = User.objects.bulk_create(
            User(email=f"{role}@{org.slug}.example", full_name=f"{role.title()} {n}")
            for role in ("admin", "author", "reviewer")
        )
        Membership.objects.bulk_create(
            Membership(organization=org, user=user, role=role)
            for user, role in (
                (admin, Role.ADMIN),
                (author, Role.AUTHOR),
                (reviewer, Role.REVIEWER),
            )
        )
        accounts = SocialAccount.objects.bulk_create(
            SocialAccount(
                organization=org, platform=p, handle=f"@bench{n}{p}", display_name=org.name
            )
            for p in PLATFORMS
        )
        campaigns = Campaign.objects.bulk_create(
            Campaign(organization=org, name=name)
            for name in ("Flu season", "Back to school", "Coverage enrollment", "Screenings")
        )
        pillar = ContentPillar.objects.create(organization=org, name="Services")
        at = now()
        posts = Post.objects.bulk_create(
            Post(
                organization=org,
                body=rng.choice(MESSAGES).format(clinic=rng.choice(CLINICS), day=rng.choice(DAYS)),
                campaign=rng.choice([*campaigns, None]),
                pillar=pillar,
                state=PostState.IN_REVIEW,
                scheduled_at=at + dt.timedelta(days=rng.randint(2, 30), hours=rng.randint(0, 9)),
                created_by=author,
                updated_by=author,
            )
            for _ in range(count)
        )
        variants = Variant.objects.bulk_create(
            Variant(post=post, account=account, text=post.body)
            for post in posts
            for account in rng.sample(accounts, rng.randint(1, 3))
        )
        by_post: dict[int, list[Variant]] = {}
        for variant in variants:
            by_post.setdefault(variant.post_id, []).append(variant)
        PostAuthor.objects.bulk_create(PostAuthor(post=post, user=author) for post in posts)
        submissions = Submission.objects.bulk_create(
            self.submission(post, by_post[post.pk], author, at, rng) for post in posts
        )
        SignOff.objects.bulk_create(
            SignOff(
                submission=s,
                post_id=s.post_id,
                signer=admin,
                role=Role.ADMIN,
                content_hash=s.content_hash,
                signed_at=s.submitted_at + dt.timedelta(minutes=30),
            )
            for s in submissions[::3]
        )
        return org, reviewer, self.second_round(posts[0], submissions[0], reviewer, author)

    def submission(self, post, variants, author, at, rng) -> Submission:
        document = {
            "variants": [
                {"account": v.account_id, "text": v.text}
                for v in sorted(variants, key=lambda v: v.account_id)
            ],
            "media": [],
            "scheduled_at": post.scheduled_at.astimezone(dt.UTC).isoformat(),
            "consent": None,
        }
        raised = rng.random() < 0.1
        return Submission(
            organization_id=post.organization_id,
            post=post,
            number=1,
            submitted_by=author,
            submitted_at=at - dt.timedelta(minutes=rng.randint(5, 72 * 60)),
            content=document,
            content_hash=content.hash_of(document),
            required_count=3 if raised else 2,
            required_roles=[Role.REVIEWER],
            required_reviewers=2 if raised else 1,
            phi_override=raised,
            phi_justification=OVERRIDE if raised else "",
        )

    def second_round(self, post: Post, first: Submission, reviewer: User, author: User) -> Post:
        """The measured review page's post: sent back once with comments, changed, resubmitted,
        so the page has a diff and a thread to show."""
        Submission.objects.filter(pk=first.pk).update(
            outcome=Outcome.CHANGES_REQUESTED, closed_at=now(), closed_by=reviewer,
            closed_reason="Say which clinic and the hours.",
        )  # fmt: skip
        ReviewComment.objects.bulk_create(
            [
                ReviewComment(
                    post=post, submission=first, author=reviewer,
                    kind=CommentKind.CHANGES_REQUESTED, body="Say which clinic and the hours.",
                ),
                ReviewComment(
                    post=post, submission=first, author=author, kind=CommentKind.REPLY,
                    body="Added Main Street and 9 to 3.",
                ),
            ]
        )  # fmt: skip
        post.body += "\nMain Street clinic, 9 am to 3 pm."
        post.save(update_fields=["body"])
        variants = list(post.variants.all())
        for variant in variants:
            variant.text = post.body
        Variant.objects.bulk_update(variants, ["text"])
        document = content.content_of(post)
        Submission.objects.create(
            organization=post.organization, post=post, number=2, submitted_by=author,
            content=document, content_hash=content.hash_of(document), required_count=2,
            required_roles=[Role.REVIEWER], required_reviewers=1,
        )  # fmt: skip
        return post

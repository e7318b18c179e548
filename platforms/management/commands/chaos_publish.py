"""Publishing under faults: that nothing goes out twice, nothing is lost and nothing goes out
without a valid approval.

    DJANGO_SETTINGS_MODULE=socialops.settings.test DATABASE_URL=postgres://.../socialops_bench \\
    REDIS_URL=redis://127.0.0.1:6379/5 \\
        python manage.py chaos_publish --posts 2000 --minutes 5

Like bench_publish it makes its own database (`<name>_chaos`, dropped at the end), starts the
simulator, worker processes (threads pool) and TWO `celery beat` processes. For --minutes it
then SIGKILLs a worker at random moments (and starts it again) while the simulator answers
some calls with 429s, 5xx, slow answers, timeouts after storing the post (held longer than the
client's read timeout) and expired tokens. A few approved posts are made invalid before their
time (their text changed behind the verbs' back; an organization whose reviewer was demoted):
the gate must stop those. Then the faults stop and the run waits until every target settled.

Prints published, unconfirmed (targets that were ever unconfirmed), reconciled (found by
reading the account back), duplicates (the simulator's side), lost, published_without_approval
(a post on a platform whose live submission is not approved with its quorum on the content it
holds now), and the last line as one JSON object.
"""

import datetime as dt
import random
import time
from collections import Counter

import requests
from django.core.management.base import BaseCommand
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils.timezone import now

from approvals.models import Outcome
from platforms import proving
from platforms.models import PublishTarget, TargetState
from posts.models import Post, PostState, Variant
from socialops.models import AuditEvent, Membership, Role

# (kind, platforms it is injected on, extra fields). Rate limits only on X (its reset is a
# minute; Mastodon's and Bluesky's are five, LinkedIn's midnight, longer than the run), expired
# tokens only where the platform renews them (elsewhere the account needs a person) and only on
# the publish call: the simulator answering "expired" to the renewal itself would mean the
# refresh token died, which needs a person too.
FAULTS = [
    ("rate_limited", ("x",), {}),
    ("server_error", proving.PLATFORMS, {}),
    ("timeout_after_store", proving.PLATFORMS, {"delay": 7.0}),
    ("expired_token", ("x",), {"path": "/2/tweets"}),
    ("expired_token", ("linkedin",), {"path": "/rest/posts"}),
    ("expired_token", ("bluesky",), {"path": "createRecord"}),
    ("slow", proving.PLATFORMS, {"delay": 2.0, "count": 4}),
]


class Command(BaseCommand):
    help = "Publish approved posts while workers are killed and the platforms misbehave."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=2000)
        parser.add_argument("--minutes", type=float, default=5.0)
        parser.add_argument("--orgs", type=int, default=100)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--concurrency", type=int, default=16)
        parser.add_argument("--lease", type=int, default=30, help="PUBLISH_CLAIM_LEASE")
        parser.add_argument("--reconcile-every", type=int, default=5)
        parser.add_argument("--reconcile-window", type=int, default=60)
        parser.add_argument("--seed", type=int, default=None)

    def handle(self, *args, posts, minutes, orgs, workers, concurrency, **options):
        rng = random.Random(options["seed"])  # noqa: S311 - picks faults, not secrets
        orgs = max(2, min(orgs, posts))
        run = proving.new_run_id()
        started = time.monotonic()
        chaos_seconds = minutes * 60
        with proving.own_database("chaos") as database_url, proving.running("chaos-") as procs:
            port = proving.free_port()
            sim_url = f"http://127.0.0.1:{port}"
            procs.env = proving.child_env(
                database_url, sim_url,
                PUBLISH_CLAIM_LEASE=options["lease"],
                PUBLISH_RECONCILE_EVERY=options["reconcile_every"],
                PUBLISH_RECONCILE_WINDOW=options["reconcile_window"],
            )  # fmt: skip
            procs.start("simulator", proving.simulator_argv(port))
            if not proving.wait_until(lambda: proving.simulator_up(sim_url), 30):
                raise SystemExit("The simulator did not start:\n" + procs.log_tail("simulator"))
            self.say(f"Run {run}: {posts} posts, {orgs} organizations, simulator at {sim_url}")
            accounts = proving.make_orgs(orgs, run=run, simulator_url=sim_url)
            names = [f"worker{n + 1}" for n in range(workers)]
            for name in names:
                procs.start(name, proving.worker_argv(f"chaos-{name}", concurrency))
            for name in ("beat1", "beat2"):
                procs.start(name, proving.beat_argv(procs.folder, name))
            first_due = now() + dt.timedelta(seconds=10 + posts * proving.WRITE_SECONDS)
            spread = max(5.0, chaos_seconds * 0.8)
            due_times = [first_due + dt.timedelta(seconds=spread * i / posts) for i in range(posts)]
            rng.shuffle(due_times)
            post_ids = proving.approved_posts(accounts, due_times, run=run)
            invalid = self._invalidate(rng, accounts, post_ids)
            self.say(
                f"{len(post_ids)} approved posts written ({len(invalid)} made invalid before "
                f"their time) in {time.monotonic() - started:.0f} s"
            )
            kills = self._chaos(rng, procs, names, sim_url, concurrency, chaos_seconds)
            requests.delete(sim_url + "/_sim/faults", timeout=5)
            settle = options["lease"] + options["reconcile_window"] + 180
            self._wait(post_ids, procs, settle)
            sim_posts = proving.simulator_posts(sim_url)
            summary = self._count(post_ids, sim_posts, invalid)
            procs.stop_all()
            proving.purge_publishing_queues()
            errors = procs.errors()
            summary.update(
                posts=posts, minutes=minutes, workers=workers, worker_kills=kills,
                log_errors=len(errors),
            )  # fmt: skip
            self.say(f"Errors in the workers' and beats' logs: {len(errors)}")
            for line in errors[:10]:
                self.say(f"  {line}")
        self.say(f"Took {time.monotonic() - started:.0f} s")
        self.stdout.write(proving.last_line(summary))

    def say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def _invalidate(self, rng, accounts, post_ids) -> set[int]:
        """Before their time, as could happen in real life: a few posts' text changed outside
        the verbs, and in one organization the reviewer who signed was demoted. None of these
        may go out."""
        changed = set(rng.sample(post_ids, max(1, len(post_ids) // 50)))
        Variant.objects.filter(post_id__in=changed).update(
            text=Concat(F("text"), Value(" Edited."))
        )
        demoted = accounts[0]
        Membership.objects.filter(organization=demoted.organization, user=demoted.reviewer).update(
            role=Role.AUTHOR
        )
        changed |= set(
            Post.objects.filter(pk__in=post_ids, organization=demoted.organization).values_list(
                "pk", flat=True
            )
        )
        return changed

    def _chaos(self, rng, procs, names, sim_url, concurrency, seconds) -> int:
        """Faults every second or so; a worker SIGKILLed every 5 to 20 seconds, restarted after
        a moment."""
        end = time.monotonic() + seconds
        next_kill = time.monotonic() + rng.uniform(5, 20)
        kills = 0
        last_report = 0.0
        while time.monotonic() < end:
            kind, platforms, extra = rng.choice(FAULTS)
            fault = {"platform": rng.choice(platforms), "kind": kind, "count": 1, **extra}
            # A few waiting at a time: faults piling up on one platform would hit a call and
            # its retry after a token renewal alike, which only a person can answer.
            pending = requests.get(sim_url + "/_sim/faults", timeout=5).json()["faults"]
            if len(pending) < 4:
                requests.post(sim_url + "/_sim/faults", json=fault, timeout=5).raise_for_status()
            if time.monotonic() >= next_kill:
                victim = rng.choice(names)
                procs.kill(victim)
                kills += 1
                time.sleep(rng.uniform(0.5, 3))
                procs.start(victim, proving.worker_argv(f"chaos-{victim}", concurrency))
                next_kill = time.monotonic() + rng.uniform(5, 20)
            if time.monotonic() - last_report > 15:
                last_report = time.monotonic()
                done = PublishTarget.objects.filter(state=TargetState.PUBLISHED).count()
                self.say(f"  {now():%H:%M:%S} published {done}, workers killed {kills}")
            time.sleep(rng.uniform(0.3, 1.2))
        return kills

    def _wait(self, post_ids, procs, seconds: float) -> None:
        """Until nothing waits, is in flight or is being read back (held targets wait for a
        person), or `seconds` have passed."""
        deadline = time.monotonic() + seconds
        open_states = [TargetState.SCHEDULED, TargetState.PUBLISHING]
        while time.monotonic() < deadline:
            left = (
                PublishTarget.objects.filter(post_id__in=post_ids, state__in=open_states).count()
                + PublishTarget.objects.filter(
                    post_id__in=post_ids, state=TargetState.UNCONFIRMED, decision_needed=False
                ).count()
            )
            if left == 0:
                return
            self.say(f"  {now():%H:%M:%S} settling: {left} waiting, in flight or read back")
            for name, process in list(procs.running.items()):
                if process.poll() is not None:
                    raise SystemExit(f"{name} stopped:\n{procs.log_tail(name)}")
            time.sleep(3)
        self.say("Warning: not every target settled in time; the rest count as lost.")

    def _count(self, post_ids, sim_posts, invalid) -> dict:
        result = proving.outcomes(post_ids, sim_posts, expected_targets=len(post_ids))
        events = AuditEvent.objects.filter(target_type="platforms.publishtarget")
        unconfirmed = set(
            events.filter(verb="publish_target.unconfirmed").values_list("target_id", flat=True)
        )
        reconciled = set(
            events.filter(verb="publish_target.reconciled").values_list("target_id", flat=True)
        )
        targets = {
            str(t.pk): t
            for t in PublishTarget.objects.filter(post_id__in=post_ids).select_related(
                "account", "post"
            )
        }
        settled_by_person = {
            pk
            for pk in unconfirmed
            if pk in targets
            and (
                targets[pk].decision_needed
                or targets[pk].state in (TargetState.FAILED, TargetState.MISSED)
            )
        }
        resolved_otherwise = {
            pk
            for pk in unconfirmed - reconciled - settled_by_person
            if pk in targets and targets[pk].state == TargetState.PUBLISHED
        }
        open_unconfirmed = unconfirmed - reconciled - settled_by_person - resolved_otherwise
        # What is on the platforms must be exactly what a valid approval covers.
        approved_keys = set()
        posts = Post.objects.filter(pk__in=post_ids).prefetch_related("variants")
        valid = {p.pk for p in posts if proving.approved_on_current_content(p)}
        for target in targets.values():
            if target.post_id in valid:
                variant = next(
                    v for v in target.post.variants.all() if v.account_id == target.account_id
                )
                approved_keys.add(proving.target_key(target, variant.text))
        without_approval = sum(
            1
            for p in sim_posts
            if (p["platform"], " ".join(p["text"].split())) not in approved_keys
        )
        posted = proving.on_simulator(sim_posts)
        misjudged = sum(
            1
            for t in targets.values()
            if t.state == TargetState.UNCONFIRMED
            and t.decision_needed
            and proving.target_key(t, t.post.variants.get(account_id=t.account_id).text) in posted
        )
        stopped = Post.objects.filter(pk__in=invalid).exclude(
            state__in=(PostState.PUBLISHED, PostState.PARTLY_PUBLISHED)
        )
        dupes = proving.duplicates(sim_posts)
        self.say(f"Targets by state: {dict(result.by_state)}")
        why = Counter(
            (t.state, t.account.platform, t.reason[:70])
            for t in targets.values()
            if t.state != TargetState.PUBLISHED
        )
        for (state, platform, reason), n in why.most_common(8):
            self.say(f"  {n} {state} on {platform}: {reason}")
        self.say(
            f"Invalid before their time: {len(invalid)}, stopped by the gate: {stopped.count()}; "
            f"posts still approved on their content: {len(valid)} (live submissions approved: "
            f"{sum(1 for p in posts if p.submissions.filter(outcome=Outcome.APPROVED).exists())})"
        )
        self.say(
            f"Unconfirmed {len(unconfirmed)}: reconciled {len(reconciled)}, published by a late "
            f"answer {len(resolved_otherwise)}, in front of a person {len(settled_by_person)}, "
            f"still open {len(open_unconfirmed)}; asked of a person but on the platform "
            f"{misjudged}"
        )
        self.say(
            f"Published {result.published}, duplicates {dupes}, lost {result.lost}, "
            f"published without approval {without_approval}"
        )
        return {
            "published": result.published,
            "unconfirmed": len(unconfirmed),
            "reconciled": len(reconciled),
            "unconfirmed_open": len(open_unconfirmed),
            "decision_needed": result.by_state.get("unconfirmed_decision_needed", 0),
            "duplicates": dupes,
            "lost": result.lost,
            "published_without_approval": without_approval,
        }

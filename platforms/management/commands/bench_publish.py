"""How fast approved posts go out, and that each goes out exactly once, on real services.

    DJANGO_SETTINGS_MODULE=socialops.settings.test DATABASE_URL=postgres://.../socialops_bench \\
    REDIS_URL=redis://127.0.0.1:6379/5 \\
        python manage.py bench_publish --posts 5000 --orgs 100 --latency-ms 100 [--burst] \\
        [--workers 2]

It creates the database `<DATABASE_URL's name>_bench` (dropped at the end), starts the platform
simulator on a free loopback port with every platform answering after --latency-ms, real Celery
worker processes on the publishing queue (threads pool) and a real `celery beat`, writes the
organizations and the approved posts (due within one minute, or all in the same second with
--burst), waits until every target settled, and prints the lag from due time to the platform's
answer, the duplicates counted on the simulator's side, and the lost targets. The last line is
one JSON object. The Redis database in REDIS_URL must be the run's own: its queues are purged.
"""

import datetime as dt
import random
import time

import requests
from django.core.management.base import BaseCommand
from django.utils.timezone import now

from platforms import proving
from platforms.models import WAITING_TARGET_STATES, PublishTarget, TargetState
from platforms.simulator.core import Simulator

# Beyond the last due time, how long the run waits for every target to settle.
SETTLE_SECONDS = 300


class Command(BaseCommand):
    help = "Publish N approved posts through real workers and the simulator; print lag and counts."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=5000)
        parser.add_argument("--orgs", type=int, default=100)
        parser.add_argument("--latency-ms", type=int, default=100)
        parser.add_argument("--burst", action="store_true", help="all posts due in one second")
        parser.add_argument("--workers", type=int, default=1, help="worker processes")
        parser.add_argument("--concurrency", type=int, default=16, help="threads per worker")
        parser.add_argument(
            "--spread-seconds", type=int, default=60, help="due times spread over this long"
        )

    def handle(self, *args, posts, orgs, latency_ms, burst, workers, concurrency, **options):
        spread = 0 if burst else options["spread_seconds"]
        orgs = max(1, min(orgs, posts))
        run = proving.new_run_id()
        started = time.monotonic()
        with proving.own_database("bench") as database_url, proving.running("bench-") as procs:
            port = proving.free_port()
            sim_url = f"http://127.0.0.1:{port}"
            procs.env = proving.child_env(database_url, sim_url)
            procs.start("simulator", proving.simulator_argv(port))
            if not proving.wait_until(lambda: proving.simulator_up(sim_url), 30):
                raise SystemExit("The simulator did not start:\n" + procs.log_tail("simulator"))
            self.say(f"Run {run}: {posts} posts, {orgs} organizations, simulator at {sim_url}")
            accounts = proving.make_orgs(orgs, run=run, simulator_url=sim_url)
            for platform in Simulator().platform_sims:
                requests.post(
                    sim_url + "/_sim/faults", timeout=5,
                    json={"platform": platform, "kind": "slow", "delay": latency_ms / 1000,
                          "count": 0},
                ).raise_for_status()  # fmt: skip
            for n in range(workers):
                procs.start(f"worker{n + 1}", proving.worker_argv(f"bench{n + 1}", concurrency))
            procs.start("beat", proving.beat_argv(procs.folder, "beat"))
            # The posts fall due once all are written and the workers are up.
            first_due = now() + dt.timedelta(seconds=10 + posts * proving.WRITE_SECONDS)
            due_times = [first_due + dt.timedelta(seconds=spread * i / posts) for i in range(posts)]
            if burst:
                due_times = [first_due.replace(microsecond=0)] * posts
            random.shuffle(due_times)
            post_ids = proving.approved_posts(accounts, due_times, run=run)
            ahead = (first_due - now()).total_seconds()
            self.say(
                f"{len(post_ids)} approved posts written in {time.monotonic() - started:.0f} s; "
                f"the first is due in {ahead:.0f} s"
            )
            if ahead < 2:
                self.say("Warning: writing the posts ran past their due time; lag includes it.")
            last_due = max(due_times)
            self._wait(post_ids, procs, last_due)
            sim_posts = proving.simulator_posts(sim_url)
            result = proving.outcomes(post_ids, sim_posts, expected_targets=len(post_ids))
            lag = proving.lags(post_ids)
            dupes = proving.duplicates(sim_posts)
            procs.stop_all()
            proving.purge_publishing_queues()
            errors = procs.errors()
            self.say(f"Errors in the workers' and beats' logs: {len(errors)}")
            for line in errors[:10]:
                self.say(f"  {line}")
        summary = {
            "p50_lag_s": proving.percentile(lag, 50),
            "p99_lag_s": proving.percentile(lag, 99),
            "max_lag_s": round(lag[-1], 3) if lag else None,
            "published": result.published,
            "duplicates": dupes,
            "lost": result.lost,
            "posts": posts,
            "orgs": orgs,
            "workers": workers,
            "concurrency": concurrency,
            "latency_ms": latency_ms,
            "burst": burst,
            "log_errors": len(errors),
        }
        self.say(f"Targets by state: {dict(result.by_state)}")
        self.say(
            f"Lag due -> accepted: p50 {summary['p50_lag_s']} s, p99 {summary['p99_lag_s']} s, "
            f"max {summary['max_lag_s']} s"
        )
        self.say(f"Published {result.published}, duplicates {dupes}, lost {result.lost}")
        self.say(f"Took {time.monotonic() - started:.0f} s")
        self.stdout.write(proving.last_line(summary))

    def say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def _wait(self, post_ids, procs, last_due) -> None:
        """Until no target waits or is in flight, or SETTLE_SECONDS past the last due time."""
        deadline = last_due + dt.timedelta(seconds=SETTLE_SECONDS)
        unsettled = PublishTarget.objects.filter(post_id__in=post_ids).filter(
            state__in=[*WAITING_TARGET_STATES, TargetState.PUBLISHING]
        ) | PublishTarget.objects.filter(
            post_id__in=post_ids, state=TargetState.UNCONFIRMED, decision_needed=False
        )
        last_report = 0.0
        while now() < deadline:
            left = unsettled.count()
            if left == 0 and now() > last_due:
                return
            if time.monotonic() - last_report > 10:
                last_report = time.monotonic()
                done = PublishTarget.objects.filter(
                    post_id__in=post_ids, state=TargetState.PUBLISHED
                ).count()
                self.say(f"  {now():%H:%M:%S} published {done}, waiting or in flight {left}")
                for name, process in list(procs.running.items()):
                    if process.poll() is not None:
                        raise SystemExit(f"{name} stopped:\n{procs.log_tail(name)}")
            time.sleep(1)
        self.say("Warning: not every target settled in time; the rest count as lost.")

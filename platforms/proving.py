"""What `bench_publish` and `chaos_publish` share: a database of their own, the processes they
run (the simulator, Celery workers on the publishing queue, beats), approved posts written
straight into the tables, and the counts read back from the simulator's side.

Everything runs on loopback and stops by itself: every child is started in its own process
group and killed in `Processes.stop_all`, which the commands call in `finally`.
"""

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psycopg2
import requests
from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from guardian.shortcuts import assign_perm

from approvals import content
from approvals.models import Outcome, PostAuthor, SignOff, Submission
from approvals.quorum import Bar, quorum_met
from policies.rules import approval_requirement
from posts.models import Post, PostState, Variant
from socialops import actions as org_actions
from socialops.models import Role, User

from . import targets
from .actions import POST_PERMISSION
from .linkedin.adapter import escape_little
from .models import PublishAttempt, PublishTarget, TargetState
from .testing import connect_simulated

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = ("x", "facebook", "linkedin", "mastodon", "bluesky")
# Writing one approved post takes this long at most on a busy two-core machine: the first due
# time is set this far ahead per post, so that none falls due before all are written.
WRITE_SECONDS = 0.02
# States in which a target is in front of a person (the review queue, the health page).
SHOWN_STATES = (TargetState.FAILED, TargetState.MISSED, TargetState.HELD)


# The database --------------------------------------------------------------------------------


def _database_url(config: dict, name: str) -> str:
    user = quote(config.get("USER") or "", safe="")
    password = quote(config.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"postgres://{auth}{config.get('HOST') or '127.0.0.1'}{port}/{name}"


def _admin_connection(config: dict):
    connection = psycopg2.connect(
        host=config.get("HOST") or "127.0.0.1", port=config.get("PORT") or 5432,
        user=config.get("USER") or None, password=config.get("PASSWORD") or None,
        dbname="postgres", connect_timeout=5,
    )  # fmt: skip
    connection.autocommit = True
    return connection


def _drop(config: dict, name: str) -> None:
    connection = _admin_connection(config)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()


@contextmanager
def own_database(suffix: str):
    """A fresh PostgreSQL database named after the configured one (`<name>_<suffix>`), migrated,
    used by this process and handed to the children by URL; dropped at the end, whatever
    happened. A leftover from a run that was killed is dropped first."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("This command needs PostgreSQL: set DATABASE_URL=postgres://...")
    original = config["NAME"]
    name = f"{original}_{suffix}"[:63]
    _drop(config, name)
    connection = _admin_connection(config)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()
    connections.close_all()
    config["NAME"] = name
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield _database_url(config, name)
    finally:
        connections.close_all()
        config["NAME"] = original
        _drop(config, name)


# Processes -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Processes:
    """Children in their own process groups, their output in files under `folder`."""

    folder: Path
    env: dict
    running: dict = field(default_factory=dict)  # name -> Popen
    started: Counter = field(default_factory=Counter)

    def start(self, name: str, argv: list[str]) -> subprocess.Popen:
        self.started[name] += 1
        log = (self.folder / f"{name}.{self.started[name]}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            argv, cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        self.running[name] = process
        return process

    def kill(self, name: str) -> None:
        """SIGKILL, no goodbye: what an OOM kill or a pulled plug does to a worker."""
        process = self.running.pop(name, None)
        if process is None:
            return
        _signal_group(process, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self, name: str, grace: float = 15.0) -> None:
        process = self.running.pop(name, None)
        if process is None:
            return
        _signal_group(process, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait(timeout=10)

    def stop_all(self) -> None:
        for name in list(self.running):
            self.stop(name)

    def errors(self) -> list[str]:
        """The error lines every child logged (all its lives): deadlocks, tracebacks."""
        found = []
        for path in sorted(self.folder.glob("*.log")):
            for line in path.read_text(errors="replace").splitlines():
                if " ERROR " in line or " CRITICAL " in line or "deadlock" in line.lower():
                    found.append(f"{path.stem}: {line[:300]}")
        return found

    def log_tail(self, name: str, lines: int = 20) -> str:
        path = self.folder / f"{name}.{self.started[name]}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def child_env(database_url: str, simulator_url: str, **extra: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "socialops.settings.test"
        ),
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "PLATFORM_SIMULATOR_URL": simulator_url,
        "PYTHONUNBUFFERED": "1",
        # Workers keep their database connections, as in production.
        "DATABASE_CONN_MAX_AGE": "60",
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


def worker_argv(name: str, concurrency: int) -> list[str]:
    """A publishing worker whose threads keep many platform calls in flight: the calls wait on
    the network, not on the two cores."""
    return [
        sys.executable, "-m", "celery", "-A", "socialops", "worker", "-Q", "publishing",
        "--pool", "threads", "--concurrency", str(concurrency), "-n", f"{name}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning",
    ]  # fmt: skip


def beat_argv(folder: Path, name: str) -> list[str]:
    return [
        sys.executable, "-m", "celery", "-A", "socialops", "beat", "-l", "warning",
        "--schedule", str(folder / f"{name}-schedule"), "--pidfile", str(folder / f"{name}.pid"),
    ]  # fmt: skip


def simulator_argv(port: int) -> list[str]:
    return [sys.executable, "manage.py", "platform_simulator", "--port", str(port)]


def wait_until(predicate, seconds: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def simulator_up(url: str) -> bool:
    try:
        return requests.get(url + "/_sim/health", timeout=2).ok
    except requests.RequestException:
        return False


def purge_publishing_queues() -> None:
    """Empty the queues the run fed, and the broker's record of messages a killed worker held,
    so nothing of this run reaches a later one. The broker is the run's own (REDIS_URL)."""
    from socialops.celery import app

    with app.connection_for_write() as conn:
        for queue in app.conf.task_queues:
            queue(conn.default_channel).declare()
            queue(conn.default_channel).purge()
        client = conn.default_channel.client
        client.delete("unacked", "unacked_index", "unacked_mutex")


@contextmanager
def running(folder_prefix: str):
    """A scratch folder for logs and schedules, and the processes, stopped at the end."""
    with tempfile.TemporaryDirectory(prefix=folder_prefix) as folder:
        processes = Processes(Path(folder), env={})
        try:
            yield processes
        finally:
            processes.stop_all()


# The data ------------------------------------------------------------------------------------


@dataclass
class Org:
    organization: object
    author: User
    reviewer: User
    admin: User
    account: object
    bar: tuple


def make_orgs(count: int, *, run: str, simulator_url: str) -> list[Org]:
    """Organizations with an admin, an author and a reviewer, each with one account on the
    simulator (the platforms taken in turn), connected through the real connect action."""
    orgs = []
    for n in range(count):
        with transaction.atomic():
            org = org_actions.create_organization(
                name=f"Bench Health Center {n + 1}", slug=f"bench-{run}-{n + 1}"
            )
            people = {}
            for role in (Role.ADMIN, Role.AUTHOR, Role.REVIEWER):
                user = User.objects.create_user(
                    f"{role}-{n + 1}-{run}@bench.example", None, full_name=f"{role} {n + 1}"
                )
                org_actions.add_member(organization=org, user=user, role=role, by=None)
                people[role] = user
        platform = PLATFORMS[n % len(PLATFORMS)]
        account = connect_simulated(
            org, platform, f"bench{run}n{n + 1}", simulator_url=simulator_url
        )
        assign_perm(POST_PERMISSION, people[Role.AUTHOR], account)
        need = approval_requirement(org, accounts=[account])
        orgs.append(
            Org(org, people[Role.AUTHOR], people[Role.REVIEWER], people[Role.ADMIN], account,
                (need.count, list(need.required_roles), need.min_reviewers))
        )  # fmt: skip
    return orgs


def approved_posts(orgs: list[Org], due_times: list[dt.datetime], *, run: str) -> list[int]:
    """One approved post per due time, the organizations taken in turn, written straight into
    the tables as the review verbs leave them: the submitted content and its hash, sign-offs by
    the reviewer and the admin on that hash, the post approved, its target scheduled. The
    publisher's last-moment gate checks all of it again, as for any post."""
    post_ids = []
    batch = 500
    for start in range(0, len(due_times), batch):
        with transaction.atomic():
            rows = []
            for i, when in enumerate(due_times[start : start + batch], start=start):
                org = orgs[i % len(orgs)]
                rows.append(
                    Post(
                        organization=org.organization, created_by=org.author,
                        updated_by=org.author, scheduled_at=when, state=PostState.APPROVED,
                        body=_text(run, i, org),
                    )
                )  # fmt: skip
            posts = Post.objects.bulk_create(rows)
            by_org = {o.organization.pk: o for o in orgs}
            Variant.objects.bulk_create(
                Variant(post=p, account=by_org[p.organization_id].account, text=p.body)
                for p in posts
            )
            PostAuthor.objects.bulk_create(
                PostAuthor(post=p, user_id=p.created_by_id) for p in posts
            )
            posts = list(
                Post.objects.filter(pk__in=[p.pk for p in posts]).prefetch_related(
                    "variants", "media"
                )
            )
            submissions = []
            for post in posts:
                org = by_org[post.organization_id]
                document = content.content_of(post)
                count, roles, reviewers = org.bar
                submissions.append(
                    Submission(
                        organization=org.organization, post=post, number=1,
                        submitted_by=org.author, content=document,
                        content_hash=content.hash_of(document), required_count=count,
                        required_roles=roles, required_reviewers=reviewers,
                    )
                )  # fmt: skip
            submissions = Submission.objects.bulk_create(submissions)
            SignOff.objects.bulk_create(
                SignOff(
                    submission=s,
                    post_id=s.post_id,
                    signer=signer,
                    role=role,
                    content_hash=s.content_hash,
                )
                for s in submissions
                for signer, role in (
                    (by_org[s.organization_id].reviewer, Role.REVIEWER),
                    (by_org[s.organization_id].admin, Role.ADMIN),
                )
            )
            # Signed while open (the database refuses sign-offs on a closed round), then closed.
            Submission.objects.filter(pk__in=[s.pk for s in submissions]).update(
                outcome=Outcome.APPROVED
            )
            for post in posts:
                targets.schedule(post)
            post_ids += [p.pk for p in posts]
    return post_ids


def _text(run: str, i: int, org: Org) -> str:
    # Unique per post: the simulator's side counts a duplicate as the same text twice on one
    # account.
    return (
        f"Flu shots are free this Saturday at {org.organization.name}. "
        f"Walk in from 9 to 4. (run {run}, post {i + 1})"
    )


def new_run_id() -> str:
    return uuid.uuid4().hex[:8]


# The counts ----------------------------------------------------------------------------------


def simulator_posts(url: str) -> list[dict]:
    answer = requests.get(url + "/_sim/posts", timeout=30)
    answer.raise_for_status()
    return [p for p in answer.json()["posts"] if not p.get("deleted")]


def duplicates(sim_posts: list[dict]) -> int:
    """The same text on the same account more than once: each extra copy is one duplicate."""
    seen = Counter((p["platform"], p["user_id"], " ".join(p["text"].split())) for p in sim_posts)
    return sum(n - 1 for n in seen.values() if n > 1)


def on_simulator(sim_posts: list[dict]) -> set[tuple[str, str]]:
    return {(p["platform"], " ".join(p["text"].split())) for p in sim_posts}


def target_key(target: PublishTarget, text: str) -> tuple[str, str]:
    """What the simulator holds for this target's text: LinkedIn keeps it escaped as sent."""
    if target.account.platform == "linkedin":
        text = escape_little(text)
    return (target.account.platform, " ".join(text.split()))


@dataclass
class Outcomes:
    by_state: Counter
    published: int  # on the simulator, and the target says so
    lost: int
    phantom: int  # the target says published, the simulator has nothing


def outcomes(post_ids: list[int], sim_posts: list[dict], expected_targets: int) -> Outcomes:
    """Every target of the run against what the simulator holds. Lost: an approved target that
    is neither on the platform nor in front of a person (failed, missed, held, or unconfirmed
    with a decision asked for). A target that disappeared with its post back in review is in
    front of its people; one that disappeared otherwise is lost."""
    posted = on_simulator(sim_posts)
    by_state = Counter()
    published = lost = phantom = 0
    rows = list(
        PublishTarget.objects.filter(post_id__in=post_ids)
        .select_related("account")
        .prefetch_related("post__variants")
    )
    for target in rows:
        text = next(v.text for v in target.post.variants.all() if v.account_id == target.account_id)
        there = target_key(target, text) in posted
        label = target.state
        if target.state == TargetState.UNCONFIRMED:
            label = "unconfirmed_decision_needed" if target.decision_needed else "unconfirmed"
        by_state[label] += 1
        if target.state == TargetState.PUBLISHED:
            if there:
                published += 1
            else:
                phantom += 1
                lost += 1
        elif target.state in SHOWN_STATES or (
            target.state == TargetState.UNCONFIRMED and target.decision_needed
        ):
            continue
        else:
            lost += 1
    back_in_review = Post.objects.filter(
        pk__in=post_ids, state__in=(PostState.IN_REVIEW, PostState.DRAFT)
    ).count()
    missing = expected_targets - len(rows) - back_in_review
    if missing > 0:
        by_state["gone"] += missing
        lost += missing
    return Outcomes(by_state, published, lost, phantom)


def lags(post_ids: list[int]) -> list[float]:
    """Due time to the platform's answer, per published target (its accepted attempt)."""
    rows = PublishAttempt.objects.filter(
        target__post_id__in=post_ids, outcome="accepted"
    ).values_list("finished_at", "target__due_at")
    return sorted((finished - due).total_seconds() for finished, due in rows)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    index = min(len(values) - 1, max(0, round(q / 100 * len(values) + 0.5) - 1))
    return round(values[index], 3)


def approved_on_current_content(post: Post) -> bool:
    """The post's live submission is approved, on the hash of what the post holds now, and its
    sign-offs still make the quorum."""
    from approvals import actions as review

    submission = review.live_submission(post)
    if submission is None or submission.outcome != Outcome.APPROVED:
        return False
    if content.current_hash(post) != submission.content_hash:
        return False
    return quorum_met(Bar.of(submission), review.counting_sign_offs(submission))


def last_line(data: dict) -> str:
    return json.dumps(data, sort_keys=False)

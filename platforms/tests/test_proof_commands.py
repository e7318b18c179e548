"""The two proof commands at a small size, each as its own process against the real PostgreSQL,
Redis, Celery workers and the simulator: what they print last must show nothing went out twice,
nothing was lost and nothing went out without a valid approval."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, timeout: float) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "socialops.settings.test"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_bench_publish_sends_every_approved_post_once_and_measures_the_lag():
    result = _run(
        "bench_publish", "--posts", "30", "--orgs", "5", "--latency-ms", "100",
        "--spread-seconds", "5", "--workers", "1", "--concurrency", "8", timeout=240,
    )  # fmt: skip

    assert result["published"] == 30
    assert result["duplicates"] == 0
    assert result["lost"] == 0
    assert result["p50_lag_s"] is not None and result["p99_lag_s"] >= result["p50_lag_s"]


def test_chaos_publish_loses_nothing_doubles_nothing_and_sends_nothing_unapproved():
    result = _run(
        "chaos_publish", "--posts", "40", "--orgs", "5", "--minutes", "0.4", "--workers", "2",
        "--concurrency", "8", "--lease", "8", "--reconcile-every", "2",
        "--reconcile-window", "8", "--seed", "13", timeout=300,
    )  # fmt: skip

    assert result["worker_kills"] >= 1
    assert result["duplicates"] == 0
    assert result["lost"] == 0
    assert result["published_without_approval"] == 0
    # Every target that was unconfirmed was found on the platform or put to a person.
    assert result["unconfirmed_open"] == 0
    assert result["published"] > 0

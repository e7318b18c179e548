"""Publish through every adapter against the simulator (no injected latency) and print the
adapter's own overhead per call and the simulator's throughput. The last line is JSON:
{"median_ms": {"x": ..., ...}, "simulator_rps": ...}.

Runs inside a transaction that is rolled back, so the benchmark's organization and accounts
never stay in the database."""

import json
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings

from platforms.adapters import ImageUpload, PublishRequest, adapter_for
from platforms.simulator.addresses import api_bases, web_bases
from platforms.simulator.core import Simulator, serve
from platforms.testing import PNG, connect_simulated
from socialops import actions

PLATFORMS = ["x", "facebook", "instagram", "linkedin", "mastodon", "bluesky"]


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark the platform adapters against an in-process simulator."

    def add_arguments(self, parser):
        parser.add_argument("--calls", type=int, default=60, help="publishes per platform")
        parser.add_argument("--rps-seconds", type=float, default=3.0)

    def handle(self, *args, calls, rps_seconds, **options):
        sim = Simulator()
        server = serve(sim, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}"
        medians = {}
        try:
            with override_settings(
                PLATFORM_API_BASES=api_bases(url), PLATFORM_WEB_BASES=web_bases(url)
            ):
                try:
                    with transaction.atomic():
                        medians = self._adapters(url, calls)
                        raise _Rollback
                except _Rollback:
                    pass
            rps = self._throughput(url, rps_seconds)
        finally:
            server.shutdown()
            server.server_close()
        self.stdout.write(json.dumps({"median_ms": medians, "simulator_rps": rps}))

    def _adapters(self, url: str, calls: int) -> dict[str, float]:
        org = actions.create_organization(name="Bench", slug=f"bench-{int(time.time())}")
        medians = {}
        session = requests.Session()
        for platform in PLATFORMS:
            adapter = None
            images = [
                ImageUpload(PNG, "image/png", "alt", public_url="https://cdn.example.org/a.png")
            ]
            wire, total = [], []
            original = session.request

            def timed(*a, _wire=wire, _original=original, **kw):
                start = time.perf_counter()
                try:
                    return _original(*a, **kw)
                finally:
                    _wire.append(time.perf_counter() - start)

            session.request = timed
            for n in range(calls):
                if n % 40 == 0:  # a fresh account now and then: Instagram caps 50 posts a day
                    account = connect_simulated(
                        org, platform, f"bench{platform}{n}", simulator_url=url
                    )
                    adapter = adapter_for(account, session=session)
                request = PublishRequest(
                    text=f"Bench post {n} {time.time_ns()}",
                    images=images if platform == "instagram" else (),
                    idempotency_key=f"bench-{n}-{time.time_ns()}",
                )
                wire.clear()
                start = time.perf_counter()
                adapter.publish(request)
                total.append(time.perf_counter() - start - sum(wire))
            session.request = original
            medians[platform] = round(statistics.median(total) * 1000, 3)
            self.stdout.write(
                f"{platform:<10} adapter overhead per publish: median {medians[platform]:.3f} ms "
                f"(p95 {sorted(total)[int(len(total) * 0.95) - 1] * 1000:.3f} ms, {calls} calls)"
            )
        return medians

    def _throughput(self, url: str, seconds: float) -> float:
        deadline = time.perf_counter() + seconds
        counts = []

        def hammer():
            session, n = requests.Session(), 0
            while time.perf_counter() < deadline:
                session.get(url + "/_sim/health", timeout=5)
                n += 1
            counts.append(n)

        start = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            for _ in range(8):
                pool.submit(hammer)
        rps = round(sum(counts) / (time.perf_counter() - start), 1)
        self.stdout.write(f"simulator throughput: {rps} requests/s (8 clients, {seconds:.0f} s)")
        return rps

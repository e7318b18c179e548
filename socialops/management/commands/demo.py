"""`make demo`: migrate the embedded database, seed it, and run the web app and a Celery worker
with beat until Ctrl-C, then stop them cleanly. Data is kept between runs (var/demo.sqlite3)."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from socialops.management.commands.seed_demo import DEMO_PASSWORD, demo_logins

HOST = "127.0.0.1"
PORT = int(os.environ.get("DEMO_PORT", "8000"))


class Command(BaseCommand):
    help = "Run the SocialOps demo on this machine: web app, worker and beat, with demo data."

    def handle(self, *args, **options):
        var = Path(settings.VAR_DIR)
        for folder in (var, var / "broker", var / "broker-control", var / "media"):
            folder.mkdir(parents=True, exist_ok=True)
        if _port_in_use(HOST, PORT):
            raise CommandError(
                f"Port {PORT} on {HOST} is already in use: stop whatever runs there (an earlier "
                "demo?) and try again."
            )
        sim_port = int(settings.PLATFORM_SIMULATOR_URL.rsplit(":", 1)[1].strip("/"))
        if _port_in_use(HOST, sim_port):
            raise CommandError(
                f"Port {sim_port} on {HOST} (the platform simulator) is already in use: stop "
                "whatever runs there and try again."
            )
        call_command("migrate", interactive=False, verbosity=0)

        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        # The platform simulator first: the seed authorizes the demo accounts on it.
        simulator = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [*manage, "platform_simulator", "--port", str(sim_port),
             "--state", str(var / "platform-simulator.state")],
            start_new_session=True,
        )  # fmt: skip
        try:
            _wait_for_port(HOST, sim_port, simulator, what="platform simulator")
            # The seed's emails (its history published weeks ago, its approvals) are the story
            # the demo starts from, not news: printed, they would bury the banner.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                call_command("seed_demo", verbosity=0)
        except BaseException:
            simulator.terminate()
            simulator.wait(timeout=15)
            raise
        processes = {
            "simulator": simulator,
            "web": subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
                [*manage, "runserver", f"{HOST}:{PORT}", "--noreload"], start_new_session=True
            ),
            "worker": subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "socialops",
                    "worker",
                    "--beat",
                    "--queues",
                    "default,publishing,metrics",
                    # Publishing waits on the platforms, not the CPU: threads keep many calls in
                    # flight, so a slow platform does not hold up posts due on the others.
                    # SQLite takes their writes one at a time (settings/demo.py: WAL, IMMEDIATE,
                    # a busy timeout).
                    "--pool",
                    "threads",
                    "--concurrency",
                    "8",
                    "--loglevel",
                    "warning",
                    "--schedule",
                    str(var / "celerybeat-schedule"),
                ],
                start_new_session=True,
            ),
        }
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            _wait_for_port(HOST, PORT, processes["web"])
        except CommandError:
            for process in processes.values():
                process.terminate()
            raise
        self._banner()

        while not stopping and all(p.poll() is None for p in processes.values()):
            time.sleep(0.3)
        died = [name for name, p in processes.items() if p.poll() is not None]
        self.stdout.write("\nStopping the demo...")
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if died and not stopping:
            raise CommandError(f"The demo stopped because the {', '.join(died)} process exited.")
        self.stdout.write("Stopped. Your demo data is kept in var/demo.sqlite3.")

    def _banner(self):
        lines = [
            "",
            "SocialOps demo is running.",
            f"  Open http://{HOST}:{PORT}/  (API docs: http://{HOST}:{PORT}/api/docs/)",
            f"  Every demo login uses the password: {DEMO_PASSWORD}",
            f"  Platform simulator (what was posted, faults): {settings.PLATFORM_SIMULATOR_URL}/",
        ]
        for org, role, email in demo_logins():
            lines.append(f"  {role:<9} {email:<36} {org}")
        lines += [
            f"  {'Staff':<9} {'staff@socialops.example':<36} Django admin at /admin/",
            "  Emails (invitations, password resets) are printed here.",
            "  Press Ctrl-C to stop.",
            "",
        ]
        self.stdout.write("\n".join(lines))


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((host, port)) == 0


def _wait_for_port(
    host: str, port: int, process: subprocess.Popen, timeout: float = 60, what: str = "web server"
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"The {what} did not start; see the messages above.")
        if _port_in_use(host, port):
            return
        time.sleep(0.2)
    raise CommandError(f"The {what} did not answer on {host}:{port} within {timeout:.0f}s.")

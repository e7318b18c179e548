"""Run the platform simulator: X, Facebook, Instagram, LinkedIn, Mastodon and Bluesky on one
loopback port, with the control API under /_sim/ (see platforms/simulator/core.py)."""

import signal
import threading
from pathlib import Path

from django.core.management.base import BaseCommand

from platforms.simulator.core import Simulator, serve


class Command(BaseCommand):
    help = "Serve the platform simulator on loopback (Ctrl-C stops it)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--state", default="", help="keep accounts, tokens and posts in this file across runs"
        )

    def handle(self, *args, host, port, state, **options):
        sim = Simulator(state_file=Path(state) if state else None)
        server = serve(sim, host, port)
        stop = threading.Event()

        def saver():
            while not stop.wait(1.0):
                sim.save()

        threading.Thread(target=saver, daemon=True).start()

        def shutdown(*_):
            stop.set()
            threading.Thread(target=server.shutdown, daemon=True).start()

        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
        self.stdout.write(f"Platform simulator on http://{host}:{server.server_port}/")
        self.stdout.flush()
        server.serve_forever()
        server.server_close()
        sim.save()

"""The platform simulator for tests: one real HTTP server on a free loopback port for the whole
run, its state wiped before each test that uses it, and the settings pointed at it."""

import threading
from dataclasses import dataclass

import pytest
import requests

from platforms.simulator.addresses import api_bases, web_bases
from platforms.simulator.core import Simulator, serve


@dataclass
class RunningSimulator:
    sim: Simulator
    url: str

    def control(self, method: str, path: str, **kwargs) -> requests.Response:
        response = requests.request(method, self.url + path, timeout=5, **kwargs)
        response.raise_for_status()
        return response

    def fault(self, platform: str, kind: str, **fields) -> dict:
        return self.control(
            "POST", "/_sim/faults", json={"platform": platform, "kind": kind, **fields}
        ).json()

    def posts(self, platform: str) -> list[dict]:
        return self.control("GET", "/_sim/posts", params={"platform": platform}).json()["posts"]

    def grant(self, platform: str, handle: str) -> dict:
        return self.control(
            "POST", "/_sim/grants", json={"platform": platform, "handle": handle}
        ).json()

    def advance(self, seconds: float) -> None:
        self.control("POST", "/_sim/clock", json={"advance": seconds})


@pytest.fixture(scope="session")
def _simulator_server():
    sim = Simulator()
    server = serve(sim, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield RunningSimulator(sim, f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    server.server_close()


@pytest.fixture
def simulator(_simulator_server, settings) -> RunningSimulator:
    _simulator_server.control("POST", "/_sim/reset")
    settings.PLATFORM_API_BASES = api_bases(_simulator_server.url)
    settings.PLATFORM_WEB_BASES = web_bases(_simulator_server.url)
    return _simulator_server

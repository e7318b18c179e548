"""The platform simulator's engine: a threading WSGI server on loopback, the state it keeps
(accounts, tokens, posts, media), fault injection, and the control API under /_sim/.

Each platform adds its own routes from platforms/<kind>/sim.py, with the real URL paths under a
prefix (/x for api.x.com, /graph for graph.facebook.com, ...; see PREFIXES). The app reaches
them through settings.PLATFORM_API_BASES, so pointing at a real platform is a setting.

Control API (JSON):
  GET    /_sim/health                      {"ok": true}
  GET    /_sim/posts?platform=x            what was posted (deleted ones flagged)
  POST   /_sim/faults                      {"platform", "kind", "account"?, "path"?, "count"?,
                                            "delay"?, "message"?}; kinds in FAULT_KINDS
  DELETE /_sim/faults                      clear every fault
  POST   /_sim/clock                       {"advance": seconds}: metrics grow, tokens expire
  POST   /_sim/grants                      {"platform", "handle"}: an authorized account and
                                           its tokens, as after an OAuth consent (demo seeding)
  POST   /_sim/reset                       forget everything
"""

import contextlib
import hashlib
import json
import logging
import math
import pickle
import re
import secrets
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from html import escape
from importlib import import_module
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.core.handlers.wsgi import WSGIRequest

from .addresses import PREFIXES  # noqa: F401 - re-exported for the platform modules

log = logging.getLogger(__name__)

PLATFORM_MODULES = ["x", "facebook", "linkedin", "mastodon", "bluesky"]
FAULT_KINDS = (
    "rate_limited",  # 429 (or Meta's throttling code) with the platform's own signal
    "server_error",  # 5xx before anything is stored
    "slow",  # answer after `delay` seconds
    "timeout_after_store",  # store the post, then hold the answer for `delay` seconds
    "expired_token",  # the platform's own "token expired" answer
    "revoked",  # access revoked: every token of the account stops working
    "validation",  # the platform's own "invalid request" answer with `message`; nothing stored
)


# --- state -----------------------------------------------------------------------------------


@dataclass
class SimUser:
    platform: str
    id: str
    handle: str
    name: str
    created: float
    extra: dict = field(default_factory=dict)


@dataclass
class Grant:
    platform: str
    user_id: str
    scopes: list[str]
    expires_at: float | None
    client_id: str = ""
    revoked: bool = False


@dataclass
class SimPost:
    platform: str
    id: str
    user_id: str
    text: str
    created: float
    url: str = ""
    media: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    deleted: bool = False


@dataclass
class Fault:
    id: int
    platform: str
    kind: str
    account: str = ""
    path: str = ""
    count: int = 1  # how many matching requests it hits; 0 = until cleared
    delay: float = 0.0
    message: str = ""  # the platform's wording, for "validation"


@dataclass
class State:
    users: dict = field(default_factory=dict)  # (platform, id) -> SimUser
    tokens: dict = field(default_factory=dict)  # access token -> Grant
    refresh_tokens: dict = field(default_factory=dict)  # refresh token -> Grant
    codes: dict = field(default_factory=dict)  # code -> dict
    apps: dict = field(default_factory=dict)  # (platform, client_id) -> dict
    posts: dict = field(default_factory=dict)  # (platform, id) -> SimPost
    media: dict = field(default_factory=dict)  # (platform, id) -> dict
    idempotency: dict = field(default_factory=dict)  # (platform, user, key) -> (post id, when)
    faults: list = field(default_factory=list)
    clock_offset: float = 0.0
    next_fault_id: int = 1
    sequence: int = 0


# --- requests and responses ------------------------------------------------------------------


class SimRequest:
    def __init__(self, environ: dict):
        self.django = WSGIRequest(environ)
        self.method = environ["REQUEST_METHOD"].upper()
        self.path = environ.get("PATH_INFO", "/")
        self.headers = self.django.headers
        self.query = self.django.GET
        self.user: SimUser | None = None
        self.grant: Grant | None = None
        self._body: bytes | None = None

    @property
    def content_type(self) -> str:
        return self.django.content_type or ""

    @property
    def body(self) -> bytes:
        if self._body is None:
            self._body = self.django.body
        return self._body

    def json(self) -> dict | None:
        try:
            data = json.loads(self.body or b"null")
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def params(self) -> dict[str, str]:
        """Query string and form body together, as the Graph API reads them."""
        merged = {k: self.query.get(k) for k in self.query}
        if self.method == "POST" and self.content_type != "application/json":
            merged.update({k: self.django.POST.get(k) for k in self.django.POST})
        return merged

    def form_lists(self) -> dict[str, list[str]]:
        if self.content_type == "application/json":
            return {}
        return {k: self.django.POST.getlist(k) for k in self.django.POST}

    @property
    def files(self):
        return self.django.FILES

    def bearer(self) -> str:
        auth = self.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        return self.query.get("access_token") or (
            self.django.POST.get("access_token", "")
            if self.method == "POST" and self.content_type != "application/json"
            else ""
        )


@dataclass
class SimResponse:
    status: int = 200
    body: object = None  # dict/list -> JSON, str -> text/html, bytes -> as is
    headers: dict = field(default_factory=dict)
    content_type: str = ""

    def encode(self) -> tuple[bytes, str]:
        if isinstance(self.body, dict | list):
            return json.dumps(self.body).encode(), self.content_type or "application/json"
        if isinstance(self.body, str):
            return self.body.encode(), self.content_type or "text/html; charset=utf-8"
        if self.body is None:
            return b"", self.content_type or "application/json"
        return self.body, self.content_type or "application/octet-stream"


def redirect(url: str) -> SimResponse:
    return SimResponse(302, "", {"Location": url}, "text/plain")


REASONS = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    204: "No Content",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


@dataclass
class Route:
    method: str
    pattern: re.Pattern
    handler: Callable
    platform: str
    api: bool


class PlatformSim(ABC):
    """What each platform module gives the engine: how to find the account behind a request,
    and its own error answers for the faults."""

    platform = ""

    def __init__(self, sim: "Simulator"):
        self.sim = sim
        sim.add_platform(self)

    def identify(self, sim: "Simulator", request: SimRequest) -> tuple[SimUser, Grant] | None:
        grant = sim.state.tokens.get(request.bearer())
        if grant is None or grant.platform not in self.platforms:
            return None
        user = sim.state.users.get((grant.platform, grant.user_id))
        return (user, grant) if user else None

    @property
    def platforms(self) -> tuple[str, ...]:
        return (self.platform,)

    @abstractmethod
    def error(self, kind: str, request: SimRequest, message: str = "") -> SimResponse:
        """The platform's own answer for `kind`: unauthorized, expired_token, revoked,
        rate_limited, server_error, duplicate, validation, not_found."""

    def denial(self) -> dict[str, str]:
        """Query parameters the consent page sends back when the person clicks Deny."""
        return {"error": "access_denied", "error_description": "The user denied access."}

    @abstractmethod
    def provision(self, sim: "Simulator", platform: str, handle: str) -> dict:
        """An authorized account and its tokens without the consent page (demo seeding)."""

    def auth(self, request: SimRequest) -> SimResponse | None:
        """None when the request carries a live token, else the platform's 401-style answer."""
        if request.grant is None:
            return self.error("unauthorized", request)
        if request.grant.revoked:
            return self.error("revoked", request)
        if request.grant.expires_at is not None and request.grant.expires_at < time.time() + (
            self.sim.state.clock_offset
        ):
            return self.error("expired_token", request)
        return None


# --- the simulator ---------------------------------------------------------------------------


class Simulator:
    def __init__(self, state_file: Path | None = None):
        self.lock = threading.RLock()
        self.routes: list[Route] = []
        self.platform_sims: dict[str, PlatformSim] = {}
        self.state_file = state_file
        self.state = self._load() if state_file else State()
        self._dirty = False
        self.requests_served = 0
        for name in PLATFORM_MODULES:
            import_module(f"platforms.{name}.sim").register(self)

    # registration

    def add_platform(self, sim: PlatformSim) -> None:
        for platform in sim.platforms:
            self.platform_sims[platform] = sim

    def route(self, method: str, pattern: str, platform: str, *, api: bool = True):
        def decorator(handler):
            self.routes.append(Route(method, re.compile(pattern + r"\Z"), handler, platform, api))
            return handler

        return decorator

    # time, ids, growth

    def now(self) -> float:
        return time.time() + self.state.clock_offset

    def now_dt(self) -> datetime:
        return datetime.fromtimestamp(self.now(), UTC)

    def next_seq(self) -> int:
        with self.lock:
            self.state.sequence += 1
            return self.state.sequence

    def snowflake(self, epoch_ms: int = 1288834974657, shift: int = 22) -> str:
        ms = int(self.now() * 1000) - epoch_ms
        return str((ms << shift) | (self.next_seq() % (1 << 12)) << 10 | secrets.randbelow(1024))

    @staticmethod
    def stable_id(*parts: str, digits: int = 16) -> str:
        digest = int(hashlib.sha256("|".join(parts).encode()).hexdigest(), 16)
        return str(10 ** (digits - 1) + digest % (9 * 10 ** (digits - 1)))

    @staticmethod
    def _seed(*parts: str) -> float:
        return int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF

    def grow(self, post: SimPost, metric: str, ceiling: int) -> int:
        """A metric that rises quickly after publishing and levels off over days."""
        hours = max(0.0, (self.now() - post.created) / 3600)
        scale = 0.4 + 0.6 * self._seed(post.platform, post.id, metric)
        return int(ceiling * scale * (1 - math.exp(-hours / 18)))

    def followers(self, user: SimUser) -> int:
        days = max(0.0, (self.now() - user.created) / 86400)
        return int(800 + 4000 * self._seed(user.platform, user.id) + 6 * days)

    # accounts and tokens

    def user_for(self, platform: str, handle: str, name: str = "", **extra) -> SimUser:
        with self.lock:
            user_id = extra.pop("user_id", None) or self.stable_id(platform, handle.lower())
            user = self.state.users.get((platform, user_id))
            if user is None:
                user = SimUser(platform, user_id, handle, name or handle, self.now(), extra)
                self.state.users[(platform, user_id)] = user
                self._dirty = True
            return user

    def issue(
        self,
        platform: str,
        user: SimUser,
        scopes: list[str],
        *,
        lifetime: float | None,
        refresh: bool,
        client_id: str = "",
        access_token: str = "",
        refresh_token: str = "",
    ) -> dict:
        with self.lock:
            expires = self.now() + lifetime if lifetime else None
            grant = Grant(platform, user.id, scopes, expires, client_id)
            access = access_token or secrets.token_urlsafe(40)
            self.state.tokens[access] = grant
            answer = {"access_token": access, "expires_in": int(lifetime) if lifetime else None}
            if refresh:
                rt = refresh_token or secrets.token_urlsafe(40)
                self.state.refresh_tokens[rt] = Grant(platform, user.id, scopes, None, client_id)
                answer["refresh_token"] = rt
            self._dirty = True
            return answer

    def spend_refresh_token(self, token: str, platform: str) -> Grant | None:
        """Refresh tokens are single-use (rotation): the old one is gone once traded."""
        with self.lock:
            grant = self.state.refresh_tokens.get(token)
            if grant is None or grant.platform != platform or grant.revoked:
                return None
            del self.state.refresh_tokens[token]
            self._dirty = True
            return grant

    def revoke_user(self, platform: str, user_id: str) -> None:
        with self.lock:
            for store in (self.state.tokens, self.state.refresh_tokens):
                for grant in store.values():
                    if grant.platform == platform and grant.user_id == user_id:
                        grant.revoked = True
            self._dirty = True

    def expire_user(self, platform: str, user_id: str) -> None:
        with self.lock:
            for grant in self.state.tokens.values():
                if grant.platform == platform and grant.user_id == user_id:
                    grant.expires_at = self.now() - 1

    # posts

    def store_post(self, post: SimPost) -> SimPost:
        with self.lock:
            self.state.posts[(post.platform, post.id)] = post
            self._dirty = True
        return post

    def posts_of(self, platform: str, user_id: str, *, include_deleted=False) -> list[SimPost]:
        with self.lock:
            found = [
                p
                for p in self.state.posts.values()
                if p.platform == platform
                and p.user_id == user_id
                and (include_deleted or not p.deleted)
            ]
        return sorted(found, key=lambda p: p.created, reverse=True)

    def find_post(self, platform: str, post_id: str) -> SimPost | None:
        post = self.state.posts.get((platform, post_id))
        return None if post is None or post.deleted else post

    # faults

    def _take_fault(self, route: Route, request: SimRequest) -> Fault | None:
        with self.lock:
            platform = request.user.platform if request.user else route.platform
            for fault in self.state.faults:
                if fault.platform != platform:
                    continue
                if fault.path and fault.path not in request.path:
                    continue
                if fault.account:
                    user = request.user
                    if user is None or fault.account not in (user.id, user.handle):
                        continue
                if fault.count:
                    fault.count -= 1
                    if fault.count == 0:
                        self.state.faults.remove(fault)
                return fault
        return None

    # the WSGI app

    def __call__(self, environ, start_response):
        request = SimRequest(environ)
        try:
            response = self.dispatch(request)
        except Exception:
            log.exception("simulator error on %s %s", request.method, request.path)
            response = SimResponse(500, {"error": "simulator error"})
        with self.lock:
            self.requests_served += 1
        body, content_type = response.encode()
        headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        headers += [(k, str(v)) for k, v in response.headers.items()]
        start_response(f"{response.status} {REASONS.get(response.status, 'Status')}", headers)
        return [body]

    def dispatch(self, request: SimRequest) -> SimResponse:
        if request.path.startswith("/_sim/") or request.path == "/":
            return self.control(request)
        allowed = False
        for route in self.routes:
            match = route.pattern.match(request.path)
            if not match:
                continue
            allowed = True
            if route.method != request.method:
                continue
            return self._run(route, request, match.groupdict())
        if allowed:
            return SimResponse(405, {"error": "method not allowed"})
        return SimResponse(404, {"error": "Not Found", "path": request.path})

    def _run(self, route: Route, request: SimRequest, kwargs: dict) -> SimResponse:
        psim = self.platform_sims[route.platform]
        found = psim.identify(self, request) if route.api else None
        if found:
            request.user, request.grant = found
        fault = self._take_fault(route, request) if route.api else None
        if fault is None:
            return route.handler(request, **kwargs)
        if fault.kind == "slow":
            time.sleep(fault.delay or 2.0)
            return route.handler(request, **kwargs)
        if fault.kind == "timeout_after_store":
            response = route.handler(request, **kwargs)
            # Held before the status line is written: the client times out with the post stored.
            time.sleep(fault.delay or 30.0)
            return response
        if fault.kind == "revoked" and request.user:
            self.revoke_user(request.user.platform, request.user.id)
        if fault.kind == "expired_token" and request.user:
            self.expire_user(request.user.platform, request.user.id)
        return psim.error(fault.kind, request, fault.message or "The request was refused.")

    # control API and index page

    def control(self, request: SimRequest) -> SimResponse:
        path, method = request.path, request.method
        if path == "/":
            return SimResponse(200, self._index_page())
        if path == "/_sim/health":
            return SimResponse(200, {"ok": True, "requests": self.requests_served})
        if path == "/_sim/posts" and method == "GET":
            platform = request.query.get("platform")
            with self.lock:
                posts = [
                    {**asdict(p), "created_at": _iso(p.created)}
                    for p in self.state.posts.values()
                    if not platform or p.platform == platform
                ]
            return SimResponse(200, {"posts": sorted(posts, key=lambda p: p["created"])})
        if path == "/_sim/faults" and method == "POST":
            data = request.json() or {}
            if (
                data.get("kind") not in FAULT_KINDS
                or data.get("platform") not in self.platform_sims
            ):
                return SimResponse(400, {"error": f"kind must be one of {FAULT_KINDS}"})
            with self.lock:
                fault = Fault(
                    id=self.state.next_fault_id,
                    platform=data["platform"],
                    kind=data["kind"],
                    account=str(data.get("account", "")),
                    path=data.get("path", ""),
                    count=int(data.get("count", 1)),
                    delay=float(data.get("delay", 0)),
                    message=str(data.get("message", ""))[:500],
                )
                self.state.next_fault_id += 1
                self.state.faults.append(fault)
            return SimResponse(201, asdict(fault))
        if path == "/_sim/faults" and method == "GET":
            return SimResponse(200, {"faults": [asdict(f) for f in self.state.faults]})
        if path == "/_sim/faults" and method == "DELETE":
            with self.lock:
                self.state.faults.clear()
            return SimResponse(204)
        if path == "/_sim/clock" and method == "POST":
            with self.lock:
                self.state.clock_offset += float((request.json() or {}).get("advance", 0))
            return SimResponse(200, {"now": _iso(self.now())})
        if path == "/_sim/grants" and method == "POST":
            data = request.json() or {}
            psim = self.platform_sims.get(data.get("platform", ""))
            if psim is None or not data.get("handle"):
                return SimResponse(400, {"error": "platform and handle are required"})
            return SimResponse(201, psim.provision(self, data["platform"], data["handle"]))
        if path == "/_sim/reset" and method == "POST":
            with self.lock:
                self.state = State()
                self._dirty = True
            return SimResponse(204)
        return SimResponse(404, {"error": "no such control endpoint"})

    def _index_page(self) -> str:
        with self.lock:
            posts = sorted(self.state.posts.values(), key=lambda p: p.created, reverse=True)[:50]
        rows = "".join(
            f"<tr><td>{escape(p.platform)}</td><td>{escape(p.id)}</td><td>{escape(p.text)}</td>"
            f"<td>{_iso(p.created)}</td><td>{'deleted' if p.deleted else ''}</td></tr>"
            for p in posts
        )
        return (
            "<!doctype html><title>Platform simulator</title><h1>Platform simulator</h1>"
            "<p>Plays X, Facebook, Instagram, LinkedIn, Mastodon and Bluesky on loopback. "
            "Control API under /_sim/ (posts, faults, clock, grants).</p>"
            f"<table border=1 cellpadding=4><tr><th>platform</th><th>id</th><th>text</th>"
            f"<th>created</th><th></th></tr>{rows}</table>"
        )

    # persistence (the demo keeps its simulator state across restarts)

    def _load(self) -> State:
        if self.state_file and self.state_file.exists():
            try:
                with self.state_file.open("rb") as handle:
                    return pickle.load(handle)  # noqa: S301 - our own file under var/
            except Exception:  # a broken or outdated file: start afresh
                log.warning("simulator state in %s unreadable; starting empty", self.state_file)
        return State()

    def save(self) -> None:
        if not self.state_file:
            return
        with self.lock:
            if not self._dirty:
                return
            data = pickle.dumps(self.state)
            self._dirty = False
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(self.state_file)


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


# --- OAuth consent pages shared by the platforms ---------------------------------------------


def consent_page(
    sim: Simulator, request: SimRequest, *, platform: str, brand: str, default_handle: str
) -> SimResponse:
    """The platform's authorize page: GET shows who is asking for what with Allow and Deny;
    POST answers the redirect_uri with a code (Allow) or the platform's error (Deny)."""
    if request.method == "GET":
        params = {k: request.query.get(k) for k in request.query}
        missing = [k for k in ("client_id", "redirect_uri", "response_type") if not params.get(k)]
        if missing:
            return SimResponse(400, f"<p>Missing {', '.join(missing)}</p>")
        hidden = "".join(
            f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
            for k, v in params.items()
        )
        scopes = escape(params.get("scope", "").replace(",", " "))
        return SimResponse(
            200,
            f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Authorize access - {escape(brand)} (simulator)</title>
<style>body{{font-family:sans-serif;max-width:28rem;margin:3rem auto;color:#222}}
.card{{border:1px solid #ccc;border-radius:8px;padding:1.5rem}}button{{font-size:1rem;
padding:.5rem 1.2rem;margin-right:.5rem}}label{{display:block;margin:1rem 0 .3rem}}</style>
</head><body><div class="card"><p><strong>{escape(brand)}</strong> · platform simulator</p>
<h1>Authorize SocialOps to use your account?</h1>
<p>It asks for: <code>{scopes or "basic access"}</code></p>
<form method="post">{hidden}
<label for="handle">Signed in as</label>
<input id="handle" name="sim_handle" value="{escape(default_handle)}">
<p><button name="decision" value="allow">Allow</button>
<button name="decision" value="deny">Deny</button></p></form></div></body></html>""",
        )
    form = request.django.POST
    redirect_uri, state = form.get("redirect_uri", ""), form.get("state", "")
    joiner = "&" if "?" in redirect_uri else "?"
    if form.get("decision") != "allow":
        psim = sim.platform_sims[platform]
        return redirect(redirect_uri + joiner + urlencode({**psim.denial(), "state": state}))
    handle = (form.get("sim_handle") or default_handle).strip().lstrip("@")
    code = secrets.token_urlsafe(24)
    with sim.lock:
        sim.state.codes[code] = {
            "platform": platform,
            "handle": handle,
            "client_id": form.get("client_id", ""),
            "redirect_uri": redirect_uri,
            "challenge": form.get("code_challenge", ""),
            "challenge_method": form.get("code_challenge_method", ""),
            "scopes": form.get("scope", "").replace(",", " ").split(),
            "created": sim.now(),
        }
    return redirect(redirect_uri + joiner + urlencode({"code": code, "state": state}))


def take_code(sim: Simulator, code: str, platform: str, redirect_uri: str, verifier: str):
    """The stored authorization (or None): single use, short-lived, PKCE checked."""
    with sim.lock:
        entry = sim.state.codes.pop(code, None)
    if entry is None or entry["platform"] != platform:
        return None
    if entry["redirect_uri"] != redirect_uri or sim.now() - entry["created"] > 600:
        return None
    if entry["challenge"]:
        import base64

        digest = hashlib.sha256(verifier.encode()).digest()
        expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if entry["challenge_method"] == "plain":
            expected = verifier
        if not verifier or expected != entry["challenge"]:
            return None
    return entry


def serve(sim: Simulator, host: str, port: int) -> WSGIServer:
    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True
        allow_reuse_address = True
        request_queue_size = 128

    class Handler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

        def handle(self):
            # The client may give up first (a timeout fault); there is no one left to tell.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                super().handle()

    return make_server(host, port, sim, server_class=Server, handler_class=Handler)

"""One Mastodon instance on the simulator under /mastodon."""

import secrets
from datetime import timedelta

import regex

from platforms.simulator.contracts import openapi_errors
from platforms.simulator.core import (
    PlatformSim,
    SimPost,
    SimRequest,
    SimResponse,
    Simulator,
    consent_page,
    take_code,
)

IDEMPOTENCY_TTL = 3600
MAX_CHARACTERS = 500


class MastodonSim(PlatformSim):
    platform = "mastodon"

    def error(self, kind: str, request: SimRequest, message: str = "") -> SimResponse:
        if kind in ("unauthorized", "expired_token", "revoked"):
            return SimResponse(401, {"error": "The access token is invalid"})
        if kind == "rate_limited":
            reset = (self.sim.now_dt() + timedelta(minutes=5)).isoformat(timespec="microseconds")
            return SimResponse(
                429,
                {"error": "Too many requests"},
                {
                    "X-RateLimit-Limit": 300,
                    "X-RateLimit-Remaining": 0,
                    "X-RateLimit-Reset": reset.replace("+00:00", "Z"),
                },
            )
        if kind == "server_error":
            return SimResponse(503, {"error": "Remote data could not be fetched"})
        if kind == "not_found":
            return SimResponse(404, {"error": "Record not found"})
        return SimResponse(422, {"error": f"Validation failed: {message}"})

    def rate_headers(self):
        reset = (self.sim.now_dt() + timedelta(hours=3)).isoformat(timespec="microseconds")
        return {
            "X-RateLimit-Limit": 300,
            "X-RateLimit-Remaining": 299,
            "X-RateLimit-Reset": reset.replace("+00:00", "Z"),
        }

    def provision(self, sim: Simulator, platform: str, handle: str) -> dict:
        user = sim.user_for("mastodon", handle, handle.title())
        answer = sim.issue("mastodon", user, ["read", "write"], lifetime=None, refresh=False)
        return {**answer, "external_id": user.id, "handle": f"@{user.handle}", "name": user.name}

    def account(self, user) -> dict:
        return {
            "id": user.id,
            "username": user.handle,
            "acct": user.handle,
            "display_name": user.name,
            "followers_count": self.sim.followers(user),
            "following_count": 120,
            "statuses_count": len(self.sim.posts_of("mastodon", user.id)),
            "url": f"https://mastodon.example/@{user.handle}",
        }

    def status(self, post: SimPost) -> dict:
        user = self.sim.state.users[("mastodon", post.user_id)]
        from platforms.simulator.core import _iso

        return {
            "id": post.id,
            "created_at": _iso(post.created),
            "content": f"<p>{post.text}</p>",
            "text": post.text,
            "url": post.url,
            "uri": post.url,
            "visibility": "public",
            "media_attachments": post.media,
            "account": self.account(user),
            "replies_count": self.sim.grow(post, "replies", 8),
            "reblogs_count": self.sim.grow(post, "reblogs", 25),
            "favourites_count": self.sim.grow(post, "favourites", 70),
            "quotes_count": self.sim.grow(post, "quotes", 3),
        }


def register(sim: Simulator) -> None:
    m = MastodonSim(sim)
    route = sim.route

    @route("POST", r"/mastodon/api/v1/apps", "mastodon", api=False)
    def apps(request):
        data = request.json() or request.params()
        if not data.get("client_name") or not data.get("redirect_uris"):
            return m.error("validation", request, "Name can't be blank")
        client_id, secret = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        sim.state.apps[("mastodon", client_id)] = {
            "secret": secret,
            "redirect_uri": data["redirect_uris"],
        }
        return SimResponse(
            200,
            {
                "id": str(sim.next_seq()),
                "name": data["client_name"],
                "client_id": client_id,
                "client_secret": secret,
                "client_secret_expires_at": 0,
                "redirect_uri": data["redirect_uris"],
            },
        )

    @route("GET", r"/mastodon/oauth/authorize", "mastodon", api=False)
    @route("POST", r"/mastodon/oauth/authorize", "mastodon", api=False)
    def authorize(request):
        if request.method == "GET":
            app = sim.state.apps.get(("mastodon", request.query.get("client_id", "")))
            if app is None:
                return SimResponse(400, "<p>The client application is unknown.</p>")
            if request.query.get("code_challenge_method", "S256") != "S256":
                return SimResponse(400, "<p>Only S256 PKCE is supported.</p>")
        return consent_page(
            sim, request, platform="mastodon", brand="Mastodon", default_handle="riverside"
        )

    @route("POST", r"/mastodon/oauth/token", "mastodon", api=False)
    def token(request):
        form = request.django.POST
        app = sim.state.apps.get(("mastodon", form.get("client_id", "")))
        if app is None or app["secret"] != form.get("client_secret"):
            return SimResponse(
                401,
                {
                    "error": "invalid_client",
                    "error_description": "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
                },
            )
        entry = take_code(
            sim,
            form.get("code", ""),
            "mastodon",
            form.get("redirect_uri", ""),
            form.get("code_verifier", ""),
        )
        if entry is None:
            return SimResponse(
                400,
                {
                    "error": "invalid_grant",
                    "error_description": "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
                },
            )
        user = sim.user_for("mastodon", entry["handle"], entry["handle"].title())
        answer = sim.issue("mastodon", user, entry["scopes"], lifetime=None, refresh=False)
        return SimResponse(
            200,
            {
                "access_token": answer["access_token"],
                "token_type": "Bearer",
                "scope": " ".join(entry["scopes"]),
                "created_at": int(sim.now()),
            },
        )

    @route("GET", r"/mastodon/api/v1/accounts/verify_credentials", "mastodon")
    def verify(request):
        if denied := m.auth(request):
            return denied
        return SimResponse(200, m.account(request.user), m.rate_headers())

    @route("POST", r"/mastodon/api/v2/media", "mastodon")
    def media(request):
        if denied := m.auth(request):
            return denied
        upload = request.files.get("file")
        if upload is None:
            return m.error("validation", request, "File can't be blank")
        description = request.django.POST.get("description", "")
        if len(description) > 1500:
            return m.error(
                "validation", request, "Description is too long (maximum is 1500 characters)"
            )
        media_id = sim.snowflake(epoch_ms=0, shift=16)
        entry = {
            "id": media_id,
            "type": "image",
            "url": f"https://files.mastodon.example/{media_id}.png",
            "description": description,
            "user_id": request.user.id,
        }
        sim.state.media[("mastodon", media_id)] = entry
        return SimResponse(200, {k: v for k, v in entry.items() if k != "user_id"})

    @route("POST", r"/mastodon/api/v1/statuses", "mastodon")
    def create(request):
        if denied := m.auth(request):
            return denied
        body = request.json()
        if body is None:  # form-encoded, as many clients send
            lists = request.form_lists()
            body = {
                k.removesuffix("[]"): (v if k.endswith("[]") else v[0]) for k, v in lists.items()
            }
        errors = openapi_errors(
            "mastodon", "MediaStatus" if body.get("media_ids") else "TextStatus", body
        )
        if errors:
            return m.error("validation", request, "; ".join(errors))
        text = body.get("status", "")
        if len(regex.findall(r"\X", text)) > MAX_CHARACTERS:
            return m.error(
                "validation", request, f"Text character limit of {MAX_CHARACTERS} exceeded"
            )
        if not text and not body.get("media_ids"):
            return m.error("validation", request, "Text can't be blank")
        key = request.headers.get("Idempotency-Key", "")
        with sim.lock:
            if key:
                seen = sim.state.idempotency.get(("mastodon", request.user.id, key))
                if seen and sim.now() - seen[1] < IDEMPOTENCY_TTL:
                    post = sim.state.posts[("mastodon", seen[0])]
                    return SimResponse(200, m.status(post), m.rate_headers())
            media = []
            for media_id in body.get("media_ids", []):
                entry = sim.state.media.get(("mastodon", media_id))
                if entry is None or entry["user_id"] != request.user.id:
                    return m.error("validation", request, "Media attachments is invalid")
                media.append({k: v for k, v in entry.items() if k != "user_id"})
            post_id = sim.snowflake(epoch_ms=0, shift=16)
            post = sim.store_post(
                SimPost(
                    "mastodon",
                    post_id,
                    request.user.id,
                    text,
                    sim.now(),
                    f"https://mastodon.example/@{request.user.handle}/{post_id}",
                    media,
                )
            )
            if key:
                sim.state.idempotency[("mastodon", request.user.id, key)] = (post_id, sim.now())
        return SimResponse(200, m.status(post), m.rate_headers())

    @route("GET", r"/mastodon/api/v1/statuses/(?P<status_id>\d+)", "mastodon")
    def read(request, status_id):
        if denied := m.auth(request):
            return denied
        post = sim.find_post("mastodon", status_id)
        return SimResponse(200, m.status(post)) if post else m.error("not_found", request)

    @route("DELETE", r"/mastodon/api/v1/statuses/(?P<status_id>\d+)", "mastodon")
    def delete(request, status_id):
        if denied := m.auth(request):
            return denied
        post = sim.find_post("mastodon", status_id)
        if post is None or post.user_id != request.user.id:
            return m.error("not_found", request)
        post.deleted = True
        return SimResponse(200, {**m.status(post), "text": post.text})

    @route("GET", r"/mastodon/api/v1/accounts/(?P<account_id>\d+)/statuses", "mastodon")
    def statuses(request, account_id):
        if denied := m.auth(request):
            return denied
        limit = min(int(request.query.get("limit", 20)), 40)
        return SimResponse(200, [m.status(p) for p in sim.posts_of("mastodon", account_id)[:limit]])

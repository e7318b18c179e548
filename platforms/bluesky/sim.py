"""A Bluesky PDS on the simulator under /bluesky: sessions with real JWTs, records checked
against the lexicons, blobs, and the app.bsky reads the adapter uses."""

import base64
import hashlib
import secrets
import time

import jwt

from platforms.simulator.contracts import lexicon_errors
from platforms.simulator.core import PlatformSim, SimPost, SimRequest, SimResponse, Simulator, _iso

ACCESS_LIFETIME = 120 * 60
REFRESH_LIFETIME = 90 * 86400
SECRET = secrets.token_hex(32)
# Times in the tokens follow the simulator's clock (which tests move forward), so the clock
# checks are made against it here rather than by PyJWT against the wall clock.
_SIM_CLOCK = {"verify_exp": False, "verify_iat": False, "verify_aud": False}
_B32 = "234567abcdefghijklmnopqrstuvwxyz"


def tid(micros: int) -> str:
    value, out = (micros << 10) | secrets.randbelow(1024), ""
    for _ in range(13):
        out = _B32[value & 31] + out
        value >>= 5
    return out


def cid(data: bytes) -> str:
    return (
        "bafyrei"
        + base64.b32encode(hashlib.sha256(data).digest()).decode().lower().rstrip("=")[:52]
    )


class BlueskySim(PlatformSim):
    platform = "bluesky"

    def identify(self, sim, request):
        token = request.bearer()
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"], options=_SIM_CLOCK)
        except jwt.InvalidTokenError:
            return None
        grant = sim.state.tokens.get(claims.get("jti", ""))
        user = sim.state.users.get(("bluesky", claims.get("sub", "")))
        if grant is None or user is None:
            return None
        request.claims = claims
        return user, grant

    def error(self, kind: str, request: SimRequest, message: str = "") -> SimResponse:
        if kind == "unauthorized":
            return SimResponse(401, {"error": "AuthMissing", "message": "Authentication Required"})
        if kind == "expired_token":
            return SimResponse(400, {"error": "ExpiredToken", "message": "Token has expired"})
        if kind == "revoked":
            return SimResponse(
                400, {"error": "InvalidToken", "message": "Token could not be verified"}
            )
        if kind == "rate_limited":
            reset = int(time.time()) + 300
            return SimResponse(
                429,
                {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
                {
                    "RateLimit-Limit": 5000,
                    "RateLimit-Remaining": 0,
                    "RateLimit-Reset": reset,
                    "RateLimit-Policy": "5000;w=3600",
                },
            )
        if kind == "server_error":
            return SimResponse(502, {"error": "UpstreamFailure", "message": "Upstream Failure"})
        if kind == "not_found":
            return SimResponse(
                400, {"error": "RecordNotFound", "message": message or "Could not locate record"}
            )
        return SimResponse(400, {"error": "InvalidRequest", "message": message})

    def session(self, sim: Simulator, user) -> dict:
        now = int(sim.now())
        grant = sim.issue(
            "bluesky", user, ["com.atproto.appPass"], lifetime=ACCESS_LIFETIME, refresh=False
        )
        access_jti = grant["access_token"]
        refresh_jti = secrets.token_urlsafe(16)
        sim.state.refresh_tokens[refresh_jti] = sim.state.tokens[access_jti].__class__(
            "bluesky", user.id, ["com.atproto.refresh"], now + REFRESH_LIFETIME
        )
        access = jwt.encode(
            {
                "scope": "com.atproto.appPass",
                "sub": user.id,
                "aud": "did:web:bsky.sim",
                "iat": now,
                "exp": now + ACCESS_LIFETIME,
                "jti": access_jti,
            },
            SECRET,
            algorithm="HS256",
        )
        refresh = jwt.encode(
            {
                "scope": "com.atproto.refresh",
                "sub": user.id,
                "aud": "did:web:bsky.sim",
                "iat": now,
                "exp": now + REFRESH_LIFETIME,
                "jti": refresh_jti,
            },
            SECRET,
            algorithm="HS256",
        )
        return {
            "accessJwt": access,
            "refreshJwt": refresh,
            "handle": user.handle,
            "did": user.id,
            "active": True,
        }

    def provision(self, sim: Simulator, platform: str, handle: str) -> dict:
        user = self.user(sim, handle)
        answer = self.session(sim, user)
        return {**answer, "external_id": user.id, "handle": "@" + user.handle, "name": user.handle}

    def user(self, sim, handle):
        handle = handle.lstrip("@")
        if "." not in handle:
            handle += ".bsky.social"
        did = (
            "did:plc:"
            + base64.b32encode(hashlib.sha256(handle.encode()).digest()).decode().lower()[:24]
        )
        return sim.user_for("bluesky", handle, handle, user_id=did)

    def post_view(self, post: SimPost) -> dict:
        user = self.sim.state.users[("bluesky", post.user_id)]
        g = self.sim.grow
        return {
            "uri": post.id,
            "cid": post.extra["cid"],
            "author": {"did": user.id, "handle": user.handle},
            "record": post.extra["record"],
            "indexedAt": _iso(post.created),
            "likeCount": g(post, "like", 90),
            "repostCount": g(post, "repost", 20),
            "replyCount": g(post, "reply", 7),
            "quoteCount": g(post, "quote", 2),
            "bookmarkCount": g(post, "bookmark", 5),
        }


def register(sim: Simulator) -> None:
    b = BlueskySim(sim)
    route = sim.route

    def authed(request):
        if request.grant is None:
            return b.error("unauthorized", request)
        if request.grant.revoked:
            return b.error("revoked", request)
        if request.claims["exp"] < sim.now() or (request.grant.expires_at or 0) < sim.now():
            return b.error("expired_token", request)
        return None

    @route("POST", r"/bluesky/xrpc/com\.atproto\.server\.createSession", "bluesky", api=False)
    def create_session(request):
        body = request.json() or {}
        if not body.get("identifier") or not body.get("password"):
            return b.error("validation", request, 'Input must have the property "identifier"')
        if not _looks_like_app_password(body["password"]):
            return SimResponse(
                401,
                {"error": "AuthenticationRequired", "message": "Invalid identifier or password"},
            )
        return SimResponse(200, b.session(sim, b.user(sim, body["identifier"])))

    @route("POST", r"/bluesky/xrpc/com\.atproto\.server\.refreshSession", "bluesky", api=False)
    def refresh_session(request):
        try:
            claims = jwt.decode(request.bearer(), SECRET, algorithms=["HS256"], options=_SIM_CLOCK)
        except jwt.InvalidTokenError:
            return b.error("revoked", request)
        if claims["exp"] < sim.now():
            return b.error("expired_token", request)
        grant = sim.spend_refresh_token(claims.get("jti", ""), "bluesky")
        if grant is None or claims.get("scope") != "com.atproto.refresh":
            return SimResponse(400, {"error": "ExpiredToken", "message": "Token has been revoked"})
        return SimResponse(200, b.session(sim, sim.state.users[("bluesky", grant.user_id)]))

    @route("POST", r"/bluesky/xrpc/com\.atproto\.repo\.uploadBlob", "bluesky")
    def upload_blob(request):
        if denied := authed(request):
            return denied
        data = request.body
        if not data:
            return b.error("validation", request, "Request body is empty")
        ref = cid(data)
        blob = {
            "$type": "blob",
            "ref": {"$link": ref},
            "mimeType": request.content_type,
            "size": len(data),
        }
        sim.state.media[("bluesky", ref)] = {"user_id": request.user.id, **blob}
        return SimResponse(200, {"blob": blob})

    @route("POST", r"/bluesky/xrpc/com\.atproto\.repo\.createRecord", "bluesky")
    def create_record(request):
        if denied := authed(request):
            return denied
        body = request.json() or {}
        errors = []
        for name in ("repo", "collection", "record"):
            if name not in body:
                errors.append(f'Input must have the property "{name}"')
        if errors:
            return b.error("validation", request, "; ".join(errors))
        if body["repo"] not in (request.user.id, request.user.handle):
            return b.error("validation", request, "Invalid repo")
        if body["collection"] != "app.bsky.feed.post":
            return b.error("validation", request, f"Unsupported collection {body['collection']}")
        errors = lexicon_errors("app.bsky.feed.post", body["record"])
        if errors:
            return b.error(
                "validation", request, f"Invalid app.bsky.feed.post record: {'; '.join(errors)}"
            )
        for image in body["record"].get("embed", {}).get("images", []):
            if ("bluesky", image["image"]["ref"]["$link"]) not in sim.state.media:
                return b.error("validation", request, "Could not find blob")
        rkey = body.get("rkey") or tid(int(sim.now() * 1_000_000))
        uri = f"at://{request.user.id}/app.bsky.feed.post/{rkey}"
        with sim.lock:
            if ("bluesky", uri) in sim.state.posts:
                return SimResponse(
                    400, {"error": "InvalidRequest", "message": f"Record already exists at {uri}"}
                )
            record_cid = cid(uri.encode())
            sim.store_post(
                SimPost(
                    "bluesky",
                    uri,
                    request.user.id,
                    body["record"]["text"],
                    sim.now(),
                    f"https://bsky.app/profile/{request.user.handle}/post/{rkey}",
                    body["record"].get("embed", {}).get("images", []),
                    {"cid": record_cid, "record": body["record"]},
                )
            )
        return SimResponse(
            200,
            {
                "uri": uri,
                "cid": record_cid,
                "validationStatus": "valid",
                "commit": {"cid": cid(rkey.encode()), "rev": tid(int(sim.now() * 1e6))},
            },
        )

    @route("POST", r"/bluesky/xrpc/com\.atproto\.repo\.deleteRecord", "bluesky")
    def delete_record(request):
        if denied := authed(request):
            return denied
        body = request.json() or {}
        uri = f"at://{request.user.id}/{body.get('collection')}/{body.get('rkey')}"
        post = sim.find_post("bluesky", uri)
        if post:
            post.deleted = True  # deleting a missing record is not an error on a PDS
        return SimResponse(
            200, {"commit": {"cid": cid(uri.encode()), "rev": tid(int(sim.now() * 1e6))}}
        )

    @route("GET", r"/bluesky/xrpc/com\.atproto\.repo\.listRecords", "bluesky")
    def list_records(request):
        if denied := authed(request):
            return denied
        repo = request.query.get("repo", "")
        limit = min(int(request.query.get("limit", 50)), 100)
        records = [
            {"uri": p.id, "cid": p.extra["cid"], "value": p.extra["record"]}
            for p in sim.posts_of("bluesky", repo)[:limit]
        ]
        return SimResponse(200, {"records": records})

    @route("GET", r"/bluesky/xrpc/app\.bsky\.feed\.getPosts", "bluesky")
    def get_posts(request):
        if denied := authed(request):
            return denied
        uris = request.query.getlist("uris")
        if len(uris) > 25:
            return b.error("validation", request, "uris must not have more than 25 elements")
        return SimResponse(
            200, {"posts": [b.post_view(p) for u in uris if (p := sim.find_post("bluesky", u))]}
        )

    @route("GET", r"/bluesky/xrpc/app\.bsky\.actor\.getProfile", "bluesky")
    def get_profile(request):
        if denied := authed(request):
            return denied
        actor = request.query.get("actor", "")
        user = sim.state.users.get(("bluesky", actor)) or next(
            (u for (p, _), u in sim.state.users.items() if p == "bluesky" and u.handle == actor),
            None,
        )
        if user is None:
            return b.error("validation", request, "Profile not found")
        return SimResponse(
            200,
            {
                "did": user.id,
                "handle": user.handle,
                "followersCount": sim.followers(user),
                "followsCount": 75,
                "postsCount": len(sim.posts_of("bluesky", user.id)),
            },
        )


def _looks_like_app_password(value: str) -> bool:
    parts = value.split("-")
    return len(parts) == 4 and all(len(p) == 4 for p in parts)

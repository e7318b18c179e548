"""X on the simulator: /x is https://api.x.com, /x-web is https://x.com."""

import base64
import time

from platforms.simulator.contracts import openapi_errors, weighted_length
from platforms.simulator.core import (
    PlatformSim,
    SimPost,
    SimRequest,
    SimResponse,
    Simulator,
    consent_page,
    take_code,
)

ACCESS_LIFETIME = 7200
DUPLICATE_WINDOW = 24 * 3600


class XSim(PlatformSim):
    platform = "x"

    def rate_headers(self) -> dict:
        reset = int(time.time()) + 900
        return {
            "x-rate-limit-limit": 100,
            "x-rate-limit-remaining": 99,
            "x-rate-limit-reset": reset,
        }

    def error(self, kind: str, request: SimRequest, message: str = "") -> SimResponse:
        if kind in ("unauthorized", "expired_token", "revoked"):
            body = {
                "title": "Unauthorized",
                "type": "about:blank",
                "status": 401,
                "detail": "Unauthorized",
            }
            return SimResponse(401, body, content_type="application/problem+json")
        if kind == "rate_limited":
            headers = {
                **self.rate_headers(),
                "x-rate-limit-remaining": 0,
                "x-rate-limit-reset": int(time.time()) + 60,
            }
            body = {
                "title": "Too Many Requests",
                "detail": "Too Many Requests",
                "type": "about:blank",
                "status": 429,
            }
            return SimResponse(429, body, headers)
        if kind == "server_error":
            body = {
                "title": "Service Unavailable",
                "detail": "Service Unavailable",
                "type": "about:blank",
                "status": 503,
            }
            return SimResponse(503, body)
        if kind == "duplicate":
            body = {
                "detail": "You are not allowed to create a Tweet with duplicate content.",
                "type": "about:blank",
                "title": "Forbidden",
                "status": 403,
            }
            return SimResponse(403, body)
        if kind == "not_found":
            body = {
                "title": "Not Found Error",
                "type": "https://api.twitter.com/2/problems/resource-not-found",
                "detail": message or "Not found",
            }
            return SimResponse(404, body)
        body = {
            "errors": [{"parameters": {}, "message": message}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request",
        }
        return SimResponse(400, body)

    def provision(self, sim: Simulator, platform: str, handle: str) -> dict:
        user = sim.user_for("x", handle.lstrip("@"), handle.lstrip("@").title())
        answer = sim.issue(
            "x",
            user,
            ["tweet.read", "tweet.write", "users.read", "media.write", "offline.access"],
            lifetime=ACCESS_LIFETIME,
            refresh=True,
        )
        return {**answer, "external_id": user.id, "handle": "@" + user.handle, "name": user.name}

    def tweet(self, post: SimPost, fields: str = "") -> dict:
        data = {
            "id": post.id,
            "text": post.text,
            "edit_history_tweet_ids": [post.id],
            "created_at": _iso(post.created),
            "author_id": post.user_id,
        }
        if "public_metrics" in fields:
            data["public_metrics"] = self.metrics(post)
        if "non_public_metrics" in fields:
            m = self.metrics(post)
            data["non_public_metrics"] = {
                "impression_count": m["impression_count"],
                "url_link_clicks": self.sim.grow(post, "url_link_clicks", 60),
                "user_profile_clicks": self.sim.grow(post, "user_profile_clicks", 90),
                "engagements": m["like_count"] + m["retweet_count"] + m["reply_count"],
            }
        return data

    def metrics(self, post: SimPost) -> dict:
        grow = self.sim.grow
        return {
            "retweet_count": grow(post, "retweet", 40),
            "reply_count": grow(post, "reply", 15),
            "like_count": grow(post, "like", 220),
            "quote_count": grow(post, "quote", 6),
            "bookmark_count": grow(post, "bookmark", 12),
            "impression_count": grow(post, "impression", 5000),
        }


def _iso(ts: float) -> str:
    from platforms.simulator.core import _iso as iso

    return iso(ts).replace("+00:00", "Z")


def register(sim: Simulator) -> None:
    x = XSim(sim)
    route = sim.route

    @route("GET", r"/x-web/i/oauth2/authorize", "x", api=False)
    @route("POST", r"/x-web/i/oauth2/authorize", "x", api=False)
    def authorize(request):
        return consent_page(sim, request, platform="x", brand="X", default_handle="riversidehealth")

    @route("POST", r"/x/2/oauth2/token", "x", api=False)
    def token(request):
        form = request.django.POST
        client_id = form.get("client_id", "")
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            client_id = base64.b64decode(auth[6:]).decode().partition(":")[0]
        if not client_id:
            return SimResponse(
                401,
                {
                    "error": "unauthorized_client",
                    "error_description": "Missing valid authorization header",
                },
            )
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            entry = take_code(
                sim,
                form.get("code", ""),
                "x",
                form.get("redirect_uri", ""),
                form.get("code_verifier", ""),
            )
            if entry is None or entry["client_id"] != client_id:
                return SimResponse(
                    400,
                    {
                        "error": "invalid_request",
                        "error_description": "Value passed for the authorization code was invalid.",
                    },
                )
            user = sim.user_for("x", entry["handle"], entry["handle"].title())
            scopes = entry["scopes"]
        elif grant_type == "refresh_token":
            grant = sim.spend_refresh_token(form.get("refresh_token", ""), "x")
            if grant is None:
                return SimResponse(
                    400,
                    {
                        "error": "invalid_request",
                        "error_description": "Value passed for the token was invalid.",
                    },
                )
            user = sim.state.users[("x", grant.user_id)]
            scopes = grant.scopes
        else:
            return SimResponse(400, {"error": "unsupported_grant_type"})
        answer = sim.issue(
            "x",
            user,
            scopes,
            lifetime=ACCESS_LIFETIME,
            refresh="offline.access" in scopes,
            client_id=client_id,
        )
        if not answer.get("refresh_token"):
            answer.pop("refresh_token", None)
        return SimResponse(200, {"token_type": "bearer", "scope": " ".join(scopes), **answer})

    @route("POST", r"/x/2/oauth2/revoke", "x", api=False)
    def revoke(request):
        grant = sim.state.tokens.get(request.django.POST.get("token", ""))
        if grant:
            grant.revoked = True
        return SimResponse(200, {"revoked": True})

    @route("POST", r"/x/2/tweets", "x")
    def create(request):
        if denied := x.auth(request):
            return denied
        body = request.json()
        if body is None:
            return x.error("validation", request, "Request body must be a JSON object")
        errors = openapi_errors("x", "TweetCreateRequest", body)
        if errors:
            return x.error("validation", request, "; ".join(errors))
        text = body.get("text", "")
        media_ids = body.get("media", {}).get("media_ids", [])
        if not text and not media_ids:
            return x.error("validation", request, "Text is required without media")
        if weighted_length(text) > 280:
            return x.error("validation", request, "Tweet text is too long (over 280 weighted)")
        for media_id in media_ids:
            media = sim.state.media.get(("x", media_id))
            if media is None or media["user_id"] != request.user.id:
                return x.error("validation", request, f"Your media IDs are invalid: {media_id}")
        with sim.lock:
            for post in sim.posts_of("x", request.user.id):
                if post.text == text and text and sim.now() - post.created < DUPLICATE_WINDOW:
                    return x.error("duplicate", request)
            post_id = sim.snowflake()
            media = [sim.state.media[("x", m)] for m in media_ids]
            sim.store_post(
                SimPost(
                    "x",
                    post_id,
                    request.user.id,
                    text,
                    sim.now(),
                    f"https://x.com/{request.user.handle}/status/{post_id}",
                    media,
                )
            )
        data = {"id": post_id, "text": text, "edit_history_tweet_ids": [post_id]}
        return SimResponse(201, {"data": data}, x.rate_headers())

    @route("DELETE", r"/x/2/tweets/(?P<post_id>\d+)", "x")
    def delete(request, post_id):
        if denied := x.auth(request):
            return denied
        post = sim.find_post("x", post_id)
        if post is None or post.user_id != request.user.id:
            return x.error("not_found", request, f"Could not find tweet with id: [{post_id}].")
        post.deleted = True
        return SimResponse(200, {"data": {"deleted": True}}, x.rate_headers())

    @route("GET", r"/x/2/tweets/(?P<post_id>\d+)", "x")
    def read(request, post_id):
        if denied := x.auth(request):
            return denied
        post = sim.find_post("x", post_id)
        if post is None:
            return x.error("not_found", request, f"Could not find tweet with id: [{post_id}].")
        fields = request.query.get("tweet.fields", "")
        if post.user_id != request.user.id:
            fields = fields.replace("non_public_metrics", "").replace("organic_metrics", "")
        return SimResponse(200, {"data": x.tweet(post, fields)}, x.rate_headers())

    @route("GET", r"/x/2/users/(?P<user_id>\d+)/tweets", "x")
    def timeline(request, user_id):
        if denied := x.auth(request):
            return denied
        limit = int(request.query.get("max_results", 10))
        posts = sim.posts_of("x", user_id)[:limit]
        data = [x.tweet(p, request.query.get("tweet.fields", "")) for p in posts]
        meta = {"result_count": len(data)}
        if data:
            meta.update(newest_id=data[0]["id"], oldest_id=data[-1]["id"])
        return SimResponse(200, {"data": data, "meta": meta} if data else {"meta": meta})

    @route("GET", r"/x/2/users/me", "x")
    def me(request):
        if denied := x.auth(request):
            return denied
        user = request.user
        data = {"id": user.id, "name": user.name, "username": user.handle}
        if "public_metrics" in request.query.get("user.fields", ""):
            data["public_metrics"] = {
                "followers_count": sim.followers(user),
                "following_count": 180,
                "tweet_count": len(sim.posts_of("x", user.id)),
                "listed_count": 12,
                "like_count": 40,
            }
        return SimResponse(200, {"data": data}, x.rate_headers())

    @route("POST", r"/x/2/media/upload", "x")
    def upload(request):
        if denied := x.auth(request):
            return denied
        if "media.write" not in request.grant.scopes:
            return SimResponse(
                403,
                {
                    "title": "Forbidden",
                    "type": "about:blank",
                    "status": 403,
                    "detail": "Missing media.write scope",
                },
            )
        fields = {k: request.django.POST.get(k) for k in request.django.POST}
        errors = openapi_errors("x", "MediaUploadRequestOneShot", {**fields, "media": "<binary>"})
        upload = request.files.get("media")
        if errors or upload is None:
            return x.error("validation", request, "; ".join(errors) or "media is required")
        content = upload.read()
        if len(content) > 5 * 1024 * 1024:
            return x.error("validation", request, "Image exceeds 5 MB")
        media_id = sim.snowflake()
        with sim.lock:
            sim.state.media[("x", media_id)] = {
                "id": media_id,
                "user_id": request.user.id,
                "size": len(content),
                "type": fields.get("media_type"),
                "alt_text": "",
            }
        data = {
            "id": media_id,
            "media_key": f"3_{media_id}",
            "size": len(content),
            "expires_after_secs": 86400,
            "processing_info": {"state": "succeeded"},
        }
        return SimResponse(200, {"data": data})

    @route("POST", r"/x/2/media/metadata", "x")
    def metadata(request):
        if denied := x.auth(request):
            return denied
        body = request.json() or {}
        errors = openapi_errors("x", "MetadataCreateRequest", body)
        media = sim.state.media.get(("x", str(body.get("id"))))
        if errors or media is None:
            return x.error("validation", request, "; ".join(errors) or "unknown media id")
        alt = body.get("metadata", {}).get("alt_text", {}).get("text", "")
        if len(alt) > 1000:
            return x.error("validation", request, "alt text longer than 1000 characters")
        media["alt_text"] = alt
        return SimResponse(200, {"data": {"id": media["id"], "associated_metadata": True}})

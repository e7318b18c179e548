"""The Graph API on the simulator (/graph is https://graph.facebook.com, /facebook-web is
https://www.facebook.com): Facebook Login, pages and their tokens, page posts and photos, page
and post insights, and Instagram content publishing for the accounts linked to the pages."""

import json
import secrets
import time

from platforms.simulator.core import (
    PlatformSim,
    SimPost,
    SimRequest,
    SimResponse,
    Simulator,
    SimUser,
    consent_page,
    take_code,
)

V = r"/graph/v[0-9.]+"
IG_DAILY_CAP = 50
DEPRECATED_METRICS = {
    "post_impressions",
    "post_impressions_unique",
    "page_impressions",
    "page_fans",
    "impressions",
    "plays",
    "engagement",
    "video_views",
}


def _error(
    status, message, code, subcode=None, kind="OAuthException", headers=None, transient=False
):
    error = {
        "message": message,
        "type": kind,
        "code": code,
        "fbtrace_id": secrets.token_urlsafe(8),
        "is_transient": transient,
    }
    if subcode:
        error["error_subcode"] = subcode
    return SimResponse(status, {"error": error}, headers or {})


class GraphSim(PlatformSim):
    platform = "facebook"

    @property
    def platforms(self):
        return ("facebook", "instagram")

    def identify(self, sim, request):
        grant = sim.state.tokens.get(request.bearer())
        if grant is None or grant.platform != "facebook":
            return None
        owner = sim.state.users.get(("facebook", grant.user_id))
        if owner is None:
            return None
        # The object in the path decides whose call this is (for per-account faults).
        object_id = request.path.split("/")[3] if request.path.count("/") >= 3 else ""
        ig = sim.state.users.get(("instagram", object_id))
        media = sim.state.posts.get(("instagram", object_id))
        if media:
            ig = sim.state.users.get(("instagram", media.user_id))
        return (ig or owner), grant

    def usage_headers(self, request, percent=12, regain=0):
        owner = request.grant.user_id if request.grant else "0"
        usage = {
            owner: [
                {
                    "type": "pages",
                    "call_count": percent,
                    "total_cputime": 5,
                    "total_time": 5,
                    "estimated_time_to_regain_access": regain,
                }
            ]
        }
        return {
            "X-App-Usage": json.dumps({"call_count": percent, "total_cputime": 4, "total_time": 4}),
            "X-Business-Use-Case-Usage": json.dumps(usage),
        }

    def error(self, kind: str, request: SimRequest, message: str = "") -> SimResponse:
        if kind == "unauthorized":
            return _error(400, "Invalid OAuth access token - Cannot parse access token", 190)
        if kind == "expired_token":
            return _error(
                400,
                "Error validating access token: Session has expired on "
                "Thursday, 01-Jan-26 00:00:00 PST.",
                190,
                463,
            )
        if kind == "revoked":
            return _error(
                400,
                "Error validating access token: The user has not authorized application.",
                190,
                458,
            )
        if kind == "rate_limited":
            return _error(
                400,
                "(#32) Page request limit reached",
                32,
                headers=self.usage_headers(request, 100, 7),
            )
        if kind == "server_error":
            return _error(
                500,
                "An unexpected error has occurred. Please retry your request later.",
                2,
                transient=True,
            )
        if kind == "duplicate":
            return _error(400, "(#506) Duplicate status message", 506)
        if kind == "not_found":
            return _error(
                400,
                f"Unsupported request - object '{message}' does not exist",
                100,
                33,
                kind="GraphMethodException",
            )
        return _error(400, f"(#100) {message}", 100)

    def denial(self):
        return {
            "error": "access_denied",
            "error_code": "200",
            "error_reason": "user_denied",
            "error_description": "Permissions error",
        }

    def pages_of(self, sim: Simulator, person: SimUser) -> list[SimUser]:
        pages, base = [], person.handle.removesuffix("-person")
        for suffix, title in (("", "Community Health"), ("-dental", "Dental Clinic")):
            handle = base + suffix
            page = sim.user_for(
                "facebook", handle, f"{base.title()} {title}", kind="page", owner=person.id
            )
            ig = sim.user_for("instagram", handle.replace("-", "_"), page.name, page_id=page.id)
            page.extra["instagram"] = ig.id
            pages.append(page)
        return pages

    def page_token(self, sim: Simulator, page: SimUser) -> str:
        with sim.lock:
            for token, grant in sim.state.tokens.items():
                if grant.user_id == page.id and grant.platform == "facebook" and not grant.revoked:
                    return token
        return sim.issue("facebook", page, [], lifetime=None, refresh=False)["access_token"]

    def provision(self, sim: Simulator, platform: str, handle: str) -> dict:
        person = sim.user_for("facebook", handle + "-person", handle.title(), kind="user")
        page = self.pages_of(sim, person)[0]
        token = self.page_token(sim, page)
        if platform == "instagram":
            ig = sim.state.users[("instagram", page.extra["instagram"])]
            return {
                "access_token": token,
                "external_id": ig.id,
                "handle": "@" + ig.handle,
                "name": ig.name,
                "page_id": page.id,
            }
        return {
            "access_token": token,
            "external_id": page.id,
            "handle": page.name,
            "name": page.name,
        }


def register(sim: Simulator) -> None:
    g = GraphSim(sim)
    route = sim.route

    @route("GET", r"/facebook-web/v[0-9.]+/dialog/oauth", "facebook", api=False)
    @route("POST", r"/facebook-web/v[0-9.]+/dialog/oauth", "facebook", api=False)
    def dialog(request):
        return consent_page(
            sim, request, platform="facebook", brand="Facebook", default_handle="riverside"
        )

    @route("GET", V + r"/oauth/access_token", "facebook", api=False)
    def access_token(request):
        q = request.params()
        if q.get("grant_type") == "fb_exchange_token":
            grant = sim.state.tokens.get(q.get("fb_exchange_token", ""))
            if grant is None or grant.revoked:
                return g.error("unauthorized", request)
            person = sim.state.users[("facebook", grant.user_id)]
            answer = sim.issue("facebook", person, grant.scopes, lifetime=5183944, refresh=False)
            return SimResponse(
                200,
                {
                    "access_token": answer["access_token"],
                    "token_type": "bearer",
                    "expires_in": 5183944,
                },
            )
        if not q.get("client_secret"):
            return _error(400, "Missing client_secret", 1)
        entry = take_code(sim, q.get("code", ""), "facebook", q.get("redirect_uri", ""), "")
        if entry is None:
            return _error(400, "Invalid verification code format.", 100, 36007)
        person = sim.user_for(
            "facebook", entry["handle"] + "-person", entry["handle"].title(), kind="user"
        )
        answer = sim.issue("facebook", person, entry["scopes"], lifetime=5400, refresh=False)
        return SimResponse(
            200,
            {"access_token": answer["access_token"], "token_type": "bearer", "expires_in": 5400},
        )

    @route("GET", V + r"/me/accounts", "facebook")
    def accounts(request):
        if denied := g.auth(request):
            return denied
        person = sim.state.users[("facebook", request.grant.user_id)]
        data = [
            {
                "id": p.id,
                "name": p.name,
                "category": "Medical & health",
                "access_token": g.page_token(sim, p),
                "tasks": ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT"],
            }
            for p in g.pages_of(sim, person)
        ]
        return SimResponse(200, {"data": data, "paging": {"cursors": {}}})

    def page_of(request, page_id):
        """The page a request acts on, after the token check, or the Graph API's error."""
        if denied := g.auth(request):
            return None, denied
        page = sim.state.users.get(("facebook", page_id))
        if page is None or page.extra.get("kind") != "page":
            return None, g.error("not_found", request, page_id)
        if request.grant.user_id != page_id:
            return None, _error(
                403, "(#200) The user hasn't authorized the application to perform this action", 200
            )
        return page, None

    def store_fb(request, page, text, media):
        with sim.lock:
            last = sim.posts_of("facebook", page.id)
            if text and last and last[0].text == text:
                return None, g.error("duplicate", request)
            post_id = f"{page.id}_{sim.stable_id(page.id, str(sim.next_seq()), str(time.time()))}"
            story = post_id.split("_")[1]
            post = sim.store_post(
                SimPost(
                    "facebook",
                    post_id,
                    page.id,
                    text,
                    sim.now(),
                    f"https://www.facebook.com/{page.id}/posts/{story}",
                    media,
                )
            )
        return post, None

    @route("POST", V + r"/(?P<page_id>\d+)/feed", "facebook")
    def feed(request, page_id):
        page, error = page_of(request, page_id)
        if error:
            return error
        q = request.params()
        media = []
        for key in sorted(k for k in q if k.startswith("attached_media")):
            try:
                fbid = json.loads(q[key])["media_fbid"]
            except (ValueError, KeyError, TypeError):
                return g.error("validation", request, f"Invalid parameter {key}")
            photo = sim.state.media.get(("facebook", fbid))
            if photo is None:
                return g.error("validation", request, f"Invalid media_fbid {fbid}")
            media.append(photo)
        if not q.get("message") and not media and not q.get("link"):
            return g.error("validation", request, "Invalid parameter: message or link required")
        post, error = store_fb(request, page, q.get("message", ""), media)
        return error or SimResponse(200, {"id": post.id}, g.usage_headers(request))

    @route("POST", V + r"/(?P<page_id>\d+)/photos", "facebook")
    def photos(request, page_id):
        page, error = page_of(request, page_id)
        if error:
            return error
        q = request.params()
        upload = request.files.get("source")
        if upload is None and not q.get("url"):
            return g.error("validation", request, "Invalid parameter: source or url required")
        photo_id = sim.stable_id(page.id, "photo", str(sim.next_seq()))
        photo = {
            "id": photo_id,
            "size": upload.size if upload else 0,
            "alt_text": q.get("alt_text_custom", ""),
        }
        sim.state.media[("facebook", photo_id)] = photo
        if q.get("published", "true") == "false":
            return SimResponse(200, {"id": photo_id})
        post, error = store_fb(request, page, q.get("message", ""), [photo])
        return error or SimResponse(200, {"id": photo_id, "post_id": post.id})

    @route("GET", V + r"/(?P<page_id>\d+)/(?:published_posts|feed)", "facebook")
    def published(request, page_id):
        page, error = page_of(request, page_id)
        if error:
            return error
        limit = int(request.query.get("limit", 25))
        data = [
            {
                "id": p.id,
                "message": p.text,
                "created_time": _graph_time(p.created),
                "permalink_url": p.url,
            }
            for p in sim.posts_of("facebook", page.id)[:limit]
        ]
        return SimResponse(200, {"data": data, "paging": {"cursors": {}}})

    @route("DELETE", V + r"/(?P<object_id>[\d_]+)", "facebook")
    def delete(request, object_id):
        if denied := g.auth(request):
            return denied
        post = sim.find_post("facebook", object_id)
        if post is None or post.user_id != request.grant.user_id:
            return g.error("not_found", request, object_id)
        post.deleted = True
        return SimResponse(200, {"success": True})

    @route("GET", V + r"/(?P<object_id>[\d_]+)/insights", "facebook")
    def insights(request, object_id):
        if denied := g.auth(request):
            return denied
        metrics = [m for m in request.query.get("metric", "").split(",") if m]
        if not metrics:
            return _error(400, "(#100) No metric was specified to be fetched", 3001, 1504028)
        for name in metrics:
            if name in DEPRECATED_METRICS:
                return _error(400, f"(#100) The value must be a valid insights metric: {name}", 100)
        post = sim.find_post("facebook", object_id) or sim.find_post("instagram", object_id)
        if post is None:
            return g.error("not_found", request, object_id)
        growth = {
            "post_media_view": 3000,
            "post_total_media_view_unique": 2100,
            "post_clicks": 90,
            "views": 2500,
            "reach": 1800,
            "likes": 160,
            "comments": 14,
            "saved": 20,
            "shares": 11,
            "total_interactions": 205,
        }
        data = []
        for name in metrics:
            if name == "post_reactions_by_type_total":
                value = {"like": sim.grow(post, "like", 120), "love": sim.grow(post, "love", 30)}
            elif name in growth:
                value = sim.grow(post, name, growth[name])
            else:
                return _error(400, f"(#100) The value must be a valid insights metric: {name}", 100)
            data.append(
                {
                    "name": name,
                    "period": "lifetime",
                    "values": [{"value": value}],
                    "title": name,
                    "id": f"{object_id}/insights/{name}/lifetime",
                }
            )
        return SimResponse(200, {"data": data})

    @route("GET", V + r"/(?P<object_id>\d+)", "facebook")
    def read_object(request, object_id):
        if denied := g.auth(request):
            return denied
        fields = request.query.get("fields", "")
        if page := sim.state.users.get(("facebook", object_id)):
            body = {"id": page.id, "name": page.name}
            if "followers_count" in fields:
                body["followers_count"] = sim.followers(page)
            if "instagram_business_account" in fields and page.extra.get("instagram"):
                ig = sim.state.users[("instagram", page.extra["instagram"])]
                body["instagram_business_account"] = {
                    "id": ig.id,
                    "username": ig.handle,
                    "name": ig.name,
                }
            return SimResponse(200, body)
        if ig := sim.state.users.get(("instagram", object_id)):
            body = {
                "id": ig.id,
                "username": ig.handle,
                "followers_count": sim.followers(ig),
                "follows_count": 95,
                "media_count": len(sim.posts_of("instagram", ig.id)),
            }
            return SimResponse(200, body)
        if post := sim.find_post("instagram", object_id):
            return SimResponse(200, {"id": post.id, "permalink": post.url, "caption": post.text})
        if container := sim.state.media.get(("instagram", object_id)):
            return SimResponse(200, {"id": object_id, "status_code": container["status_code"]})
        return g.error("not_found", request, object_id)

    # Instagram content publishing

    def ig_user(request, ig_id):
        """The Instagram account a request acts on, after the token check, or the error."""
        if denied := g.auth(request):
            return None, denied
        ig = sim.state.users.get(("instagram", ig_id))
        if ig is None:
            return None, g.error("not_found", request, ig_id)
        if ig.extra.get("page_id") != request.grant.user_id:
            return None, _error(
                403, "(#10) Application does not have permission for this action", 10
            )
        return ig, None

    @route("POST", V + r"/(?P<ig_id>\d+)/media", "instagram")
    def container(request, ig_id):
        ig, error = ig_user(request, ig_id)
        if error:
            return error
        q = request.params()
        if q.get("media_type") == "CAROUSEL":
            children = [c for c in q.get("children", "").split(",") if c]
            if not 2 <= len(children) <= 10 or any(
                ("instagram", c) not in sim.state.media for c in children
            ):
                return g.error("validation", request, "Invalid parameter children")
        elif not str(q.get("image_url", "")).startswith(("http://", "https://")):
            return _error(400, "Only photo or video can be accepted as media type.", 9004, 2207052)
        if len(q.get("caption", "")) > 2200:
            return g.error("validation", request, "The caption is longer than 2,200 characters")
        container_id = sim.stable_id(ig.id, "container", str(sim.next_seq()), digits=17)
        sim.state.media[("instagram", container_id)] = {
            "id": container_id,
            "user_id": ig.id,
            "status_code": "FINISHED",
            "caption": q.get("caption", ""),
            "image_url": q.get("image_url", ""),
            "alt_text": q.get("alt_text", ""),
            "children": q.get("children", ""),
        }
        return SimResponse(200, {"id": container_id})

    @route("POST", V + r"/(?P<ig_id>\d+)/media_publish", "instagram")
    def media_publish(request, ig_id):
        ig, error = ig_user(request, ig_id)
        if error:
            return error
        entry = sim.state.media.get(("instagram", request.params().get("creation_id", "")))
        if entry is None or entry["user_id"] != ig.id:
            return g.error("validation", request, "Invalid parameter creation_id")
        with sim.lock:
            if entry["status_code"] == "PUBLISHED":
                return _error(400, "The media has already been published", 9, 2207020)
            recent = [
                p
                for p in sim.posts_of("instagram", ig.id, include_deleted=True)
                if sim.now() - p.created < 86400
            ]
            if len(recent) >= IG_DAILY_CAP:
                return _error(400, "Application request limit reached", 9, 2207042)
            media_id = sim.stable_id(ig.id, "media", str(sim.next_seq()), digits=17)
            entry["status_code"] = "PUBLISHED"
            sim.store_post(
                SimPost(
                    "instagram",
                    media_id,
                    ig.id,
                    entry["caption"],
                    sim.now(),
                    f"https://www.instagram.com/p/{media_id[-11:]}/",
                    [entry],
                )
            )
        return SimResponse(200, {"id": media_id}, g.usage_headers(request))

    @route("GET", V + r"/(?P<ig_id>\d+)/media", "instagram")
    def ig_media(request, ig_id):
        ig, error = ig_user(request, ig_id)
        if error:
            return error
        limit = int(request.query.get("limit", 25))
        data = [
            {"id": p.id, "caption": p.text, "timestamp": _graph_time(p.created), "permalink": p.url}
            for p in sim.posts_of("instagram", ig.id)[:limit]
        ]
        return SimResponse(200, {"data": data})


def _graph_time(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(ts))

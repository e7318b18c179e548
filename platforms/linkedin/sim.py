"""LinkedIn on the simulator: /linkedin is https://api.linkedin.com, /linkedin-web is
https://www.linkedin.com (consent page and token endpoint)."""

import secrets
from urllib.parse import unquote

from platforms.simulator.core import (
    PlatformSim,
    SimPost,
    SimRequest,
    SimResponse,
    Simulator,
    consent_page,
    take_code,
)

ACCESS_LIFETIME = 60 * 86400
REFRESH_LIFETIME = 365 * 86400


class LinkedInSim(PlatformSim):
    platform = "linkedin"

    def error(self, kind: str, request: SimRequest, message: str = "") -> SimResponse:
        if kind in ("unauthorized", "expired_token"):
            return SimResponse(
                401, {"serviceErrorCode": 65600, "message": "Invalid access token", "status": 401}
            )
        if kind == "revoked":
            return SimResponse(
                401,
                {
                    "status": 401,
                    "serviceErrorCode": 65601,
                    "code": "REVOKED_ACCESS_TOKEN",
                    "message": "The token used in the request has been revoked by the user",
                },
            )
        if kind == "rate_limited":
            return SimResponse(
                429,
                {
                    "status": 429,
                    "serviceErrorCode": 101,
                    "code": "TOO_MANY_REQUESTS",
                    "message": "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
                },
            )
        if kind == "server_error":
            return SimResponse(500, {"message": "Internal Server Error", "status": 500})
        if kind == "not_found":
            return SimResponse(404, {"message": f"Not Found: {message}", "status": 404})
        if kind == "duplicate":
            return SimResponse(
                422,
                {
                    "errorDetailType": "com.linkedin.common.error.BadRequest",
                    "message": "com.linkedin.content.common.exception.BadRequestResponseException: "
                    f"Content is a duplicate of {message}",
                    "errorDetails": {
                        "inputErrors": [
                            {
                                "description": "Duplicate post is detected",
                                "input": {},
                                "code": "DUPLICATE_POST",
                            }
                        ]
                    },
                    "status": 422,
                },
            )
        return SimResponse(422, {"message": message, "status": 422})

    def denial(self):
        return {
            "error": "user_cancelled_authorize",
            "error_description": "The user cancelled the authorization",
        }

    def orgs_of(self, sim: Simulator, member) -> list:
        base = member.handle.removesuffix("-member")
        return [
            sim.user_for(
                "linkedin",
                f"{base}{suffix}",
                f"{base.title()}{title}",
                kind="organization",
                user_id=sim.stable_id("li-org", base, suffix, digits=8),
            )
            for suffix, title in (("", " Community Health"), ("-foundation", " Health Foundation"))
        ]

    def provision(self, sim: Simulator, platform: str, handle: str) -> dict:
        member = sim.user_for("linkedin", handle + "-member", handle.title(), kind="member")
        org = self.orgs_of(sim, member)[0]
        answer = sim.issue(
            "linkedin",
            member,
            ["w_organization_social", "r_organization_social", "rw_organization_admin"],
            lifetime=ACCESS_LIFETIME,
            refresh=True,
        )
        return {
            **answer,
            "external_id": f"urn:li:organization:{org.id}",
            "handle": org.handle,
            "name": org.name,
        }

    def check_headers(self, request):
        if not request.headers.get("LinkedIn-Version"):
            return SimResponse(
                426,
                {
                    "status": 426,
                    "code": "NONEXISTENT_VERSION",
                    "message": "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
                },
            )
        if request.headers.get("X-Restli-Protocol-Version") != "2.0.0":
            return self.error("validation", request, "X-Restli-Protocol-Version 2.0.0 required")
        return None


def register(sim: Simulator) -> None:
    li = LinkedInSim(sim)
    route = sim.route

    def org_of(request, urn):
        org_id = urn.rsplit(":", 1)[-1]
        org = sim.state.users.get(("linkedin", org_id))
        member = request.user
        if (
            org is None
            or member is None
            or org.handle
            not in (
                member.handle.removesuffix("-member"),
                member.handle.removesuffix("-member") + "-foundation",
            )
        ):
            return None
        return org

    def guard(request):
        return li.auth(request) or li.check_headers(request)

    @route("GET", r"/linkedin-web/oauth/v2/authorization", "linkedin", api=False)
    @route("POST", r"/linkedin-web/oauth/v2/authorization", "linkedin", api=False)
    def authorization(request):
        return consent_page(
            sim, request, platform="linkedin", brand="LinkedIn", default_handle="riverside"
        )

    @route("POST", r"/linkedin-web/oauth/v2/accessToken", "linkedin", api=False)
    def access_token(request):
        form = request.django.POST
        if not form.get("client_id") or not form.get("client_secret"):
            return SimResponse(
                401,
                {"error": "invalid_client", "error_description": "Client authentication failed"},
            )
        if form.get("grant_type") == "refresh_token":
            grant = sim.state.refresh_tokens.get(form.get("refresh_token", ""))
            if grant is None or grant.revoked:
                return SimResponse(
                    400,
                    {
                        "error": "invalid_request",
                        "error_description": "The provided refresh token is invalid",
                    },
                )
            member = sim.state.users[("linkedin", grant.user_id)]
            answer = sim.issue(
                "linkedin", member, grant.scopes, lifetime=ACCESS_LIFETIME, refresh=False
            )
            return SimResponse(
                200,
                {
                    **answer,
                    "refresh_token": form["refresh_token"],
                    "refresh_token_expires_in": REFRESH_LIFETIME,
                    "scope": ",".join(grant.scopes),
                },
            )
        entry = take_code(sim, form.get("code", ""), "linkedin", form.get("redirect_uri", ""), "")
        if entry is None:
            return SimResponse(
                400,
                {
                    "error": "invalid_request",
                    "error_description": "Unable to retrieve access token: authorization code not found",
                },
            )
        member = sim.user_for(
            "linkedin", entry["handle"] + "-member", entry["handle"].title(), kind="member"
        )
        answer = sim.issue(
            "linkedin", member, entry["scopes"], lifetime=ACCESS_LIFETIME, refresh=True
        )
        return SimResponse(
            200,
            {
                **answer,
                "refresh_token_expires_in": REFRESH_LIFETIME,
                "scope": ",".join(entry["scopes"]),
            },
        )

    @route("GET", r"/linkedin/rest/organizationAcls", "linkedin")
    def acls(request):
        if denied := guard(request):
            return denied
        orgs = li.orgs_of(sim, request.user)
        elements = [
            {
                "roleAssignee": f"urn:li:person:{request.user.id}",
                "role": "ADMINISTRATOR",
                "state": "APPROVED",
                "organization": f"urn:li:organization:{o.id}",
            }
            for o in orgs
        ]
        return SimResponse(200, {"elements": elements, "paging": {"count": 10, "start": 0}})

    @route("GET", r"/linkedin/rest/organizations/(?P<org_id>\d+)", "linkedin")
    def organization(request, org_id):
        if denied := guard(request):
            return denied
        org = sim.state.users.get(("linkedin", org_id))
        if org is None:
            return li.error("not_found", request, org_id)
        return SimResponse(
            200, {"id": int(org.id), "localizedName": org.name, "vanityName": org.handle}
        )

    @route("POST", r"/linkedin/rest/images", "linkedin")
    def images(request):
        if denied := guard(request):
            return denied
        owner = (request.json() or {}).get("initializeUploadRequest", {}).get("owner", "")
        if request.query.get("action") != "initializeUpload" or not org_of(request, owner):
            return li.error(
                "validation", request, "initializeUploadRequest.owner must be your organization"
            )
        image = "urn:li:image:C4E10AQ" + secrets.token_urlsafe(12)
        sim.state.media[("linkedin", image)] = {
            "id": image,
            "owner": owner,
            "uploaded": False,
            "size": 0,
        }
        upload = f"/linkedin/dms-uploads/{image}"
        return SimResponse(
            200,
            {
                "value": {
                    "uploadUrlExpiresAt": int(sim.now() * 1000) + 3600_000,
                    "uploadUrl": _absolute(request, upload),
                    "image": image,
                }
            },
        )

    @route("PUT", r"/linkedin/dms-uploads/(?P<image>urn:li:image:[\w-]+)", "linkedin")
    def upload(request, image):
        if denied := li.auth(request):
            return denied
        entry = sim.state.media.get(("linkedin", image))
        if entry is None or not request.body:
            return li.error("validation", request, "unknown upload")
        entry.update(uploaded=True, size=len(request.body))
        return SimResponse(201, None)

    @route("POST", r"/linkedin/rest/posts", "linkedin")
    def create(request):
        if denied := guard(request):
            return denied
        body = request.json() or {}
        missing = [
            k
            for k in ("author", "commentary", "visibility", "distribution", "lifecycleState")
            if k not in body
        ]
        if missing:
            return li.error(
                "validation",
                request,
                f"/{missing[0]} :: field is required but not found and has no default value",
            )
        org = org_of(request, body["author"])
        if org is None:
            return SimResponse(
                403,
                {
                    "status": 403,
                    "code": "ACCESS_DENIED",
                    "serviceErrorCode": 100,
                    "message": f"Not enough permissions to post as {body['author']}",
                },
            )
        if len(body["commentary"]) > 3000:
            return li.error("validation", request, "/commentary :: length exceeds 3000")
        content = body.get("content", {})
        images = (
            [content["media"]]
            if "media" in content
            else content.get("multiImage", {}).get("images", [])
        )
        ids = [i["id"] for i in images]
        for image in ids:
            entry = sim.state.media.get(("linkedin", image))
            if entry is None or not entry["uploaded"]:
                return li.error(
                    "validation", request, f"/content/media/id :: {image} is not uploaded"
                )
        with sim.lock:
            for post in sim.posts_of("linkedin", org.id):
                if post.text == body["commentary"]:
                    return li.error("duplicate", request, post.id)
            urn = f"urn:li:share:{sim.snowflake()}"
            sim.store_post(
                SimPost(
                    "linkedin",
                    urn,
                    org.id,
                    body["commentary"],
                    sim.now(),
                    f"https://www.linkedin.com/feed/update/{urn}/",
                    [
                        {**sim.state.media[("linkedin", i["id"])], "altText": i.get("altText", "")}
                        for i in images
                    ],
                )
            )
        return SimResponse(201, None, {"x-restli-id": urn, "x-linkedin-id": urn})

    @route("GET", r"/linkedin/rest/posts", "linkedin")
    def list_posts(request):
        if denied := guard(request):
            return denied
        org = org_of(request, request.query.get("author", ""))
        if request.query.get("q") != "author" or org is None:
            return li.error(
                "validation", request, "q=author with one of your organizations is required"
            )
        count = int(request.query.get("count", 10))
        elements = [
            {
                "id": p.id,
                "author": f"urn:li:organization:{org.id}",
                "commentary": p.text,
                "publishedAt": int(p.created * 1000),
                "lifecycleState": "PUBLISHED",
                "visibility": "PUBLIC",
            }
            for p in sim.posts_of("linkedin", org.id)[:count]
        ]
        return SimResponse(200, {"elements": elements, "paging": {"count": count, "start": 0}})

    @route("DELETE", r"/linkedin/rest/posts/(?P<urn>[^/]+)", "linkedin")
    def delete(request, urn):
        if denied := guard(request):
            return denied
        post = sim.find_post("linkedin", unquote(urn))
        if post is None or org_of(request, f"urn:li:organization:{post.user_id}") is None:
            return li.error("not_found", request, unquote(urn))
        post.deleted = True
        return SimResponse(204, None)

    @route("GET", r"/linkedin/rest/organizationalEntityShareStatistics", "linkedin")
    def statistics(request):
        if denied := guard(request):
            return denied
        org = org_of(request, request.query.get("organizationalEntity", ""))
        listed = request.query.get("shares") or request.query.get("ugcPosts") or ""
        if org is None or not listed.startswith("List("):
            return li.error(
                "validation", request, "organizationalEntity and shares=List(...) are required"
            )
        elements = []
        for urn in unquote(listed[5:-1]).split(","):
            post = sim.find_post("linkedin", urn)
            if post is None:
                continue
            g = sim.grow
            stats = {
                "impressionCount": g(post, "imp", 2400),
                "uniqueImpressionsCount": g(post, "uimp", 1500),
                "clickCount": g(post, "click", 80),
                "likeCount": g(post, "like", 70),
                "commentCount": g(post, "comment", 9),
                "shareCount": g(post, "share", 6),
            }
            impressions = stats["impressionCount"] or 1
            stats["engagement"] = round(
                (
                    stats["clickCount"]
                    + stats["likeCount"]
                    + stats["commentCount"]
                    + stats["shareCount"]
                )
                / impressions,
                4,
            )
            elements.append(
                {
                    "organizationalEntity": f"urn:li:organization:{org.id}",
                    "share": urn,
                    "totalShareStatistics": stats,
                }
            )
        return SimResponse(200, {"elements": elements, "paging": {"count": 10, "start": 0}})

    @route("GET", r"/linkedin/rest/networkSizes/(?P<urn>[^/]+)", "linkedin")
    def network_size(request, urn):
        if denied := guard(request):
            return denied
        org = org_of(request, unquote(urn))
        if org is None:
            return li.error("not_found", request, unquote(urn))
        return SimResponse(200, {"firstDegreeSize": sim.followers(org)})


def _absolute(request: SimRequest, path: str) -> str:
    host = request.headers.get("Host", "127.0.0.1")
    return f"http://{host}{path}"

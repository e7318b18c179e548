"""Facebook Login for Pages: the person's user token (short-lived, then exchanged for a
long-lived one) lists the pages they manage with a page token each; the admin picks the page.
Instagram professional accounts come from the same login, through the page they are linked to.
"""

from requests_oauthlib.compliance_fixes import facebook_compliance_fix

from platforms.http import Transport
from platforms.oauth import (
    Candidate,
    ConnectError,
    Flow,
    api,
    client,
    connect_errors,
    oauth_session,
    timeout,
    web,
)
from platforms.tokens import TokenSet

from .errors import classify

PAGE_SCOPES = ["pages_show_list", "pages_manage_posts", "pages_read_engagement", "read_insights"]
INSTAGRAM_SCOPES = [
    "instagram_basic",
    "instagram_content_publish",
    "instagram_manage_insights",
    "pages_show_list",
    "pages_read_engagement",
]


class FacebookFlow(Flow):
    platform = "facebook"
    scopes = PAGE_SCOPES
    brand = "Facebook"

    def _session(self, redirect_uri: str):
        client_id, _ = client(self.platform)
        session = oauth_session(client_id=client_id, redirect_uri=redirect_uri, scope=self.scopes)
        return facebook_compliance_fix(session)

    def begin(self, redirect_uri: str, form: dict) -> tuple[str, dict]:
        url, state = self._session(redirect_uri).authorization_url(
            web(self.platform, "/dialog/oauth")
        )
        return url.replace("+", ","), {"state": state}

    def finish(self, params: dict, data: dict, redirect_uri: str) -> list[Candidate]:
        client_id, secret = client(self.platform)
        graph = Transport(self.platform, classify)
        with connect_errors(self.brand):
            short = self._session(redirect_uri).fetch_token(
                api(self.platform, "/oauth/access_token"),
                code=params.get("code", ""),
                client_secret=secret,
                include_client_id=True,
                method="GET",
                timeout=timeout(),
            )
            long_lived = graph.request(
                "GET",
                api(self.platform, "/oauth/access_token"),
                params={
                    "grant_type": "fb_exchange_token",
                    "client_id": client_id,
                    "client_secret": secret,
                    "fb_exchange_token": short["access_token"],
                },
            ).json()
            pages = graph.request(
                "GET",
                api(self.platform, "/me/accounts"),
                params={"fields": "id,name,access_token,tasks"},
                headers={"Authorization": f"Bearer {long_lived['access_token']}"},
            ).json()["data"]
            candidates = self.candidates(graph, pages)
        if not candidates:
            raise ConnectError(self.none_found)
        return candidates

    none_found = (
        "Facebook shows no page you can post to with this login. Nothing was saved; ask to be "
        "given the page's Create content task and connect again."
    )

    def candidates(self, graph: Transport, pages: list[dict]) -> list[Candidate]:
        # A page token from a long-lived user token does not expire.
        return [
            Candidate(
                page["id"],
                page["name"],
                page["name"],
                TokenSet(page["access_token"], scopes=tuple(self.scopes)),
            )
            for page in pages
            if "CREATE_CONTENT" in page.get("tasks", ["CREATE_CONTENT"])
        ]


class InstagramFlow(FacebookFlow):
    platform = "instagram"
    scopes = INSTAGRAM_SCOPES
    brand = "Instagram"
    none_found = (
        "None of your Facebook pages has an Instagram professional account linked. Nothing was "
        "saved; link one in the page's settings and connect again."
    )

    def candidates(self, graph: Transport, pages: list[dict]) -> list[Candidate]:
        found = []
        for page in pages:
            linked = (
                graph.request(
                    "GET",
                    api("instagram", f"/{page['id']}"),
                    params={"fields": "instagram_business_account{id,username,name}"},
                    headers={"Authorization": f"Bearer {page['access_token']}"},
                )
                .json()
                .get("instagram_business_account")
            )
            if linked:
                tokens = TokenSet(
                    page["access_token"], scopes=tuple(self.scopes), config={"page_id": page["id"]}
                )
                found.append(
                    Candidate(
                        linked["id"],
                        "@" + linked["username"],
                        linked.get("name", linked["username"]),
                        tokens,
                    )
                )
        return found

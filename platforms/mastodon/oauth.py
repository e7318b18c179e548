"""Connect a Mastodon account: register SocialOps on the instance once (POST /api/v1/apps),
then authorization code with PKCE (S256); Mastodon tokens do not expire and have no refresh."""

from django.conf import settings

from platforms.http import Transport
from platforms.models import MastodonApp
from platforms.oauth import Candidate, ConnectError, Flow, connect_errors, oauth_session, timeout
from platforms.tokens import TokenSet
from socialops import crypto

from .errors import classify

SCOPES = ["read", "write"]


def normalize_instance(value: str) -> str:
    value = (value or "").strip().rstrip("/")
    if not value:
        return settings.PLATFORM_API_BASES["mastodon"].rstrip("/")
    if not value.startswith(("https://", "http://")):
        value = "https://" + value
    return value


def app_for(instance: str, redirect_uri: str) -> tuple[str, str]:
    app = MastodonApp.objects.filter(instance_url=instance, redirect_uri=redirect_uri).first()
    if app is None:
        with connect_errors("Mastodon"):
            answer = (
                Transport("mastodon", classify)
                .request(
                    "POST",
                    instance + "/api/v1/apps",
                    json={
                        "client_name": "SocialOps",
                        "redirect_uris": redirect_uri,
                        "scopes": " ".join(SCOPES),
                        "website": settings.SITE_URL,
                    },
                )
                .json()
            )
        app, _ = MastodonApp.objects.update_or_create(
            instance_url=instance,
            defaults={
                "client_id": answer["client_id"],
                "redirect_uri": redirect_uri,
                "client_secret": crypto.encrypt(answer["client_secret"]),
            },
        )
    return app.client_id, crypto.decrypt(app.client_secret)


class MastodonFlow(Flow):
    platform = "mastodon"
    needs_form = True

    def begin(self, redirect_uri: str, form: dict) -> tuple[str, dict]:
        instance = normalize_instance(form.get("instance", ""))
        client_id, _ = app_for(instance, redirect_uri)
        session = oauth_session(
            client_id=client_id, redirect_uri=redirect_uri, scope=SCOPES, pkce="S256"
        )
        url, state = session.authorization_url(instance + "/oauth/authorize")
        return url, {"state": state, "verifier": session._code_verifier, "instance": instance}

    def finish(self, params: dict, data: dict, redirect_uri: str) -> list[Candidate]:
        instance = data["instance"]
        client_id, secret = app_for(instance, redirect_uri)
        session = oauth_session(
            client_id=client_id, redirect_uri=redirect_uri, scope=SCOPES, pkce="S256"
        )
        session._code_verifier = data["verifier"]
        with connect_errors("Mastodon"):
            token = session.fetch_token(
                instance + "/oauth/token",
                code=params.get("code", ""),
                client_secret=secret,
                include_client_id=True,
                timeout=timeout(),
            )
            me = (
                Transport("mastodon", classify)
                .request(
                    "GET",
                    instance + "/api/v1/accounts/verify_credentials",
                    headers={"Authorization": f"Bearer {token['access_token']}"},
                )
                .json()
            )
        if not me.get("id"):
            raise ConnectError("Mastodon did not say which account signed in.")
        host = instance.split("://", 1)[1].split("/", 1)[0]
        tokens = TokenSet(
            token["access_token"],
            scopes=tuple(token.get("scope", SCOPES)),
            config={"instance": instance},
        )
        return [
            Candidate(
                me["id"],
                f"@{me['username']}@{host}",
                me.get("display_name") or me["username"],
                tokens,
            )
        ]

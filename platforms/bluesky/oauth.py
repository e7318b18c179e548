"""Connect a Bluesky account with its handle and an app password (createSession on the PDS).
The password is used once and never stored; the session's JWTs are."""

from django.conf import settings

from platforms.http import Transport
from platforms.oauth import Candidate, ConnectError, Flow, connect_errors

from .adapter import classify, session_tokens


class BlueskyFlow(Flow):
    platform = "bluesky"
    needs_form = True

    def begin(self, redirect_uri: str, form: dict) -> tuple[str, dict]:
        handle = (form.get("handle") or "").strip().lstrip("@")
        password = form.get("app_password") or ""
        if not handle or not password:
            raise ConnectError("Enter the Bluesky handle and an app password.")
        pds = (form.get("pds") or settings.PLATFORM_API_BASES["bluesky"]).rstrip("/")
        with connect_errors("Bluesky"):
            answer = (
                Transport("bluesky", classify)
                .request(
                    "POST",
                    pds + "/xrpc/com.atproto.server.createSession",
                    json={"identifier": handle, "password": password},
                    idempotent=False,
                )
                .json()
            )
        self.candidates = [
            Candidate(
                answer["did"], "@" + answer["handle"], answer["handle"], session_tokens(answer, pds)
            )
        ]
        return "", {}

    def finish(self, params: dict, data: dict, redirect_uri: str) -> list[Candidate]:
        return self.candidates

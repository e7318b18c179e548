"""Connect flows end to end: the accounts page, the simulator's consent page, the callback."""

from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.urls import reverse

from platforms.models import ConnectionState, SocialAccount
from platforms.testing import connect_simulated
from socialops.models import AuditEvent
from socialops.testing import PASSWORD


def login(client, membership):
    client.login(username=membership.user.email, password=PASSWORD)
    return client


def consent(authorize_url: str, decision: str, handle: str = "riverside") -> str:
    """Answer the simulator's consent page as a person would; return where it sends us."""
    params = dict(parse_qsl(urlsplit(authorize_url).query))
    page = requests.get(authorize_url, timeout=5)
    assert page.status_code == 200 and "Allow" in page.text and "Deny" in page.text
    answer = requests.post(
        authorize_url.split("?")[0],
        data={**params, "decision": decision, "sim_handle": handle},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 302
    return answer.headers["Location"]


def start(client, org, platform, **form):
    return client.post(
        reverse("platforms:connect", args=[org.slug]), {"platform": platform, **form}
    )


def back(client, location: str):
    parts = urlsplit(location)
    assert parts.netloc == "testserver"
    return client.get(f"{parts.path}?{parts.query}")


@pytest.mark.parametrize("platform", ["x", "linkedin", "facebook", "instagram", "mastodon"])
def test_an_admin_connects_an_account_through_the_consent_page(
    platform, client, riverside, simulator
):
    login(client, riverside.admin)
    response = start(client, riverside.org, platform, submitted="1")
    assert response.status_code == 302
    assert response["Location"].startswith(simulator.url)
    response = back(client, consent(response["Location"], "allow"))
    if response["Location"].endswith("/pick/"):  # pages and organizations: choose one
        page = client.get(response["Location"])
        choice = page.context["candidates"][0].external_id
        response = client.post(response["Location"], {"choice": choice})
    assert response["Location"] == reverse("platforms:accounts", args=[riverside.org.slug])
    account = SocialAccount.objects.get(organization=riverside.org, platform=platform)
    assert account.state == ConnectionState.CONNECTED
    assert AuditEvent.objects.filter(verb="social_account.connected", actor=riverside.admin.user)
    page = client.get(response["Location"])
    assert "is connected" in page.content.decode()


def test_x_asks_for_offline_access_with_pkce(client, riverside, simulator):
    login(client, riverside.admin)
    location = start(client, riverside.org, "x")["Location"]
    params = dict(parse_qsl(urlsplit(location).query))
    assert params["code_challenge_method"] == "S256" and params["code_challenge"]
    assert "offline.access" in params["scope"].split()
    back(client, consent(location, "allow"))
    account = SocialAccount.objects.get(platform="x")
    assert account.credential.refresh_token  # stored (encrypted) for rotation


def test_a_denied_consent_ends_with_a_clear_message_and_nothing_saved(client, riverside, simulator):
    login(client, riverside.admin)
    response = back(client, consent(start(client, riverside.org, "x")["Location"], "deny"))
    page = client.get(response["Location"])
    assert "access was not granted" in page.content.decode()
    assert not SocialAccount.objects.exists()


def test_a_callback_with_a_forged_state_saves_nothing(client, riverside, simulator):
    login(client, riverside.admin)
    location = consent(start(client, riverside.org, "x")["Location"], "allow")
    response = back(client, location.replace("state=", "state=forged"))
    assert "did not ask for" in client.get(response["Location"]).content.decode()
    assert not SocialAccount.objects.exists()


def test_bluesky_connects_with_an_app_password(client, riverside, simulator):
    login(client, riverside.admin)
    response = start(
        client,
        riverside.org,
        "bluesky",
        submitted="1",
        handle="riverside.bsky.social",
        app_password="abcd-efgh-ijkl-mnop",
    )
    assert response.status_code == 302
    account = SocialAccount.objects.get(platform="bluesky")
    assert account.external_id.startswith("did:plc:") and account.token_expires_at


def test_a_wrong_app_password_is_explained_and_nothing_saved(client, riverside, simulator):
    login(client, riverside.admin)
    response = start(
        client,
        riverside.org,
        "bluesky",
        submitted="1",
        handle="riverside.bsky.social",
        app_password="wrong",
    )
    assert response.status_code == 400
    assert "Bluesky answered with an error" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_reconnecting_as_another_account_is_refused(client, riverside, simulator):
    account = connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url)
    account.state = ConnectionState.NEEDS_REAUTH
    account.save()
    login(client, riverside.admin)
    location = start(client, riverside.org, "x", account=account.pk)["Location"]
    response = back(client, consent(location, "allow", handle="someoneelse"))
    assert (
        "Sign in to the platform as that account"
        in client.get(response["Location"]).content.decode()
    )
    account.refresh_from_db()
    assert account.state == ConnectionState.NEEDS_REAUTH


def test_the_accounts_page_is_for_admins(client, riverside, harbor, simulator):
    connect_simulated(riverside.org, "mastodon", "riverside", simulator_url=simulator.url)
    url = reverse("platforms:accounts", args=[riverside.org.slug])
    assert login(client, riverside.admin).get(url).status_code == 200
    assert "@riverside" in client.get(url).content.decode()
    assert login(client, riverside.author).get(url).status_code == 403
    assert login(client, harbor.admin).get(url).status_code == 404


def test_an_admin_disconnects_and_the_tokens_are_gone(client, riverside, simulator):
    account = connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url)
    login(client, riverside.admin)
    client.post(reverse("platforms:disconnect", args=[riverside.org.slug, account.pk]))
    account.refresh_from_db()
    assert account.state == ConnectionState.DISCONNECTED
    assert account.credential.access_token == "" and account.credential.refresh_token == ""
    assert AuditEvent.objects.filter(verb="social_account.disconnected").exists()


def test_who_may_post_is_a_per_account_grant(client, riverside, simulator):
    from platforms.access import accounts_user_may_post_to

    first = connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url)
    connect_simulated(riverside.org, "mastodon", "riverside", simulator_url=simulator.url)
    assert list(accounts_user_may_post_to(riverside.author)) == []
    login(client, riverside.admin)
    client.post(
        reverse("platforms:posters", args=[riverside.org.slug, first.pk]),
        {"posters": [riverside.author.pk]},
    )
    assert list(accounts_user_may_post_to(riverside.author)) == [first]
    assert accounts_user_may_post_to(riverside.admin).count() == 2
    assert list(accounts_user_may_post_to(riverside.viewer)) == []
    assert AuditEvent.objects.filter(verb="social_account.posters_changed").exists()


def test_the_api_lists_accounts_without_tokens_and_admins_disconnect(client, riverside, simulator):
    account = connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url)
    base = f"/api/v1/orgs/{riverside.org.slug}/social-accounts/"
    login(client, riverside.viewer)
    listed = client.get(base).json()["results"]
    assert [a["handle"] for a in listed] == ["@riverside"]
    assert "token" not in str(listed).replace("token_expires_at", "")
    assert client.post(f"{base}{account.pk}/disconnect/").status_code == 403
    login(client, riverside.admin)
    assert client.post(f"{base}{account.pk}/disconnect/").json()["state"] == "disconnected"

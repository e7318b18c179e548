"""Connecting a social account in the browser: the accounts page, the platform's consent page
(played by the simulator), back to SocialOps."""

from playwright.sync_api import expect

from platforms.conftest import _simulator_server, simulator  # noqa: F401 - fixtures
from platforms.models import ConnectionState, SocialAccount
from tests.browser.helpers import expect_path, log_in, screenshot


def test_an_admin_connects_an_x_account_end_to_end(live_server, page, riverside, simulator):  # noqa: F811
    log_in(page, live_server.url, riverside.admin.user.email)
    page.goto(f"{live_server.url}/o/riverside/settings/accounts/")
    expect(page.get_by_text("No social accounts yet.")).to_be_visible()
    page.get_by_role("button", name="Connect X").click()
    expect(
        page.get_by_role("heading", name="Authorize SocialOps to use your account?")
    ).to_be_visible()
    expect(page.get_by_text("offline.access")).to_be_visible()
    screenshot(page, "platforms-x-consent")
    page.get_by_role("button", name="Allow").click()
    expect_path(page, live_server.url, "/o/riverside/settings/accounts/")
    expect(page.get_by_text("X @riversidehealth is connected.")).to_be_visible()
    expect(page.locator("table.accounts-table")).to_contain_text("Connected")
    screenshot(page, "platforms-accounts-connected")
    account = SocialAccount.objects.get(platform="x")
    assert account.state == ConnectionState.CONNECTED


def test_a_denied_consent_shows_a_clear_message(live_server, page, riverside, simulator):  # noqa: F811
    log_in(page, live_server.url, riverside.admin.user.email)
    page.goto(f"{live_server.url}/o/riverside/settings/accounts/")
    page.get_by_role("button", name="Connect LinkedIn").click()
    page.get_by_role("button", name="Deny").click()
    expect_path(page, live_server.url, "/o/riverside/settings/accounts/")
    expect(page.get_by_text("LinkedIn access was not granted")).to_be_visible()
    screenshot(page, "platforms-consent-denied")
    assert not SocialAccount.objects.exists()

"""Password reset by email and password change, in the browser."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import expect_path, log_in, screenshot


def test_a_person_resets_a_forgotten_password_from_the_emailed_link(live_server, page, riverside):
    email = riverside.author.user.email
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    link = re.search(r"http://\S+/accounts/password-reset/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/" + link.split("/", 3)[3])
    page.get_by_label("New password", exact=True).fill("Brand-new-pass-2026")
    page.get_by_label("New password confirmation").fill("Brand-new-pass-2026")
    screenshot(page, "password-reset-confirm")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", name="Your password has been changed")).to_be_visible()

    log_in(page, live_server.url, email, "Brand-new-pass-2026")
    expect_path(page, live_server.url, "/o/riverside/drafts/")


def test_a_member_changes_their_password_from_the_header(live_server, page, riverside):
    log_in(page, live_server.url, riverside.viewer.user.email)
    page.get_by_role("link", name=riverside.viewer.user.email).click()
    page.get_by_label("Old password").fill("not-it")
    page.get_by_label("New password", exact=True).fill("Another-pass-2026")
    page.get_by_label("New password confirmation").fill("Another-pass-2026")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".field.has-error")).to_contain_text("old password was entered incorrectly")
    screenshot(page, "password-change-error")

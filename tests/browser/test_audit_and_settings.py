"""The audit trail page and the organization settings page, as a person uses them."""

import csv
import io

from playwright.sync_api import expect

from tests.browser.helpers import expect_path, log_in, screenshot


def test_a_reviewer_filters_the_audit_trail_and_exports_it(live_server, page, riverside):
    log_in(page, live_server.url, riverside.reviewer.user.email)
    page.locator("nav[aria-label=Main]").get_by_role("link", name="Audit trail").click()
    expect_path(page, live_server.url, "/o/riverside/audit/")
    page.get_by_label("What happened").select_option("member.added")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.audit tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("member.added")
    screenshot(page, "audit-filtered")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename == "audit-riverside.csv"
    content = download.path().read_text()
    records = list(csv.DictReader(io.StringIO(content)))
    assert [r["verb"] for r in records] == ["member.added"] * 4
    assert all(len(r["hash"]) == 64 for r in records)


def test_an_admin_changes_the_timezone_and_a_bad_name_is_shown_at_the_field(
    live_server, page, riverside
):
    log_in(page, live_server.url, riverside.admin.user.email)
    page.goto(f"{live_server.url}/o/riverside/settings/organization/")
    page.get_by_label("Name").fill("")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".field.has-error")).to_contain_text("This field is required.")
    screenshot(page, "organization-error")
    page.get_by_label("Name").fill("Riverside CHC")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Organization settings saved.")
    expect(page.locator(".switcher summary")).to_contain_text("Riverside CHC")
    riverside.org.refresh_from_db()
    assert riverside.org.timezone == "America/Chicago"

"""A crisis in the browser: a reviewer pauses publishing with a reason, every page says so, the
calendar shows the approved post as held, a pre-approved holding statement goes out on the
reviewer's fast track, and the pause is lifted."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.timezone import now
from playwright.sync_api import expect

from approvals.models import CrisisPause, Submission
from approvals.testing import crisis_template, sign, submitted_post
from socialops.models import Notification
from tests.browser.helpers import PHONE, log_in, screenshot

NEW_YORK = ZoneInfo("America/New_York")
REASON = "Shooting near the Main Street clinic: wait for the police statement"


def test_a_reviewer_pauses_publishing_fast_tracks_a_holding_statement_and_lifts_it(
    live_server, page, new_page, riverside
):
    when = (now() + dt.timedelta(days=2)).astimezone(NEW_YORK).replace(hour=10, minute=0)
    post, _ = submitted_post(
        riverside.author, body="Saturday flu clinic: walk in, no appointment", scheduled_at=when
    )
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    template = crisis_template(
        riverside.author,
        [riverside.reviewer, riverside.admin],
        body="We know about the incident near our Main Street clinic.\nWe will post updates here.",
    )

    log_in(page, live_server.url, riverside.reviewer.user.email)
    page.locator("nav[aria-label=Main]").get_by_role("link", name="Crisis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Crisis pause")
    page.get_by_role("button", name="Pause publishing").click()
    # Refused without a reason, next to the field.
    expect(page.locator("#id_reason_error")).to_have_text("Say why publishing is paused.")
    page.get_by_label("Why is publishing paused?").fill(REASON)
    page.get_by_role("button", name="Pause publishing").click()
    banner = page.get_by_role("region", name="Crisis pause", exact=True)
    expect(banner).to_contain_text("Publishing is paused")
    expect(banner).to_contain_text(REASON)
    expect(page.locator(".crisis-active")).to_contain_text(riverside.reviewer.user.get_full_name())

    # The calendar: the banner, the pause, and the approved post held.
    page.locator("nav[aria-label=Main]").get_by_role("link", name="Calendar").click()
    page.goto(f"{live_server.url}/o/riverside/calendar/?view=week&date={when.date()}")
    expect(page.get_by_role("region", name="Crisis pause", exact=True)).to_contain_text(REASON)
    expect(page.locator(".calendar-pause")).to_contain_text("1 post in this view is held")
    card = page.locator(f"[data-post='{post.pk}']")
    expect(card).to_contain_text("Held: crisis pause")
    screenshot(page, "crisis-calendar-week")
    page.get_by_role("link", name="Month").click()
    expect(page.locator(".pause-start")).to_contain_text("Paused")
    screenshot(page, "crisis-calendar-month")

    # The holding statement goes out on this reviewer's fast track.
    page.get_by_role("region", name="Crisis pause", exact=True).get_by_role(
        "link", name="Crisis page"
    ).click()
    form = page.get_by_role("form", name=f"Fast-track {template.title}")
    expect(form.get_by_label("Time")).not_to_have_value("")
    screenshot(page, "crisis-page-paused")
    form.get_by_role("button", name="Fast-track").click()
    expect(page.locator(".message")).to_contain_text("Fast-tracked on your sign-off")
    copy = Submission.objects.get(fast_track_of=template).post
    listed = page.locator(".copies li")
    expect(listed).to_contain_text("Fast track")
    expect(listed.get_by_role("link", name=copy.title)).to_be_visible()
    assert copy.state == "approved" and copy.scheduled_at > now()
    screenshot(page, "crisis-page-fast-tracked")

    # A viewer on a phone reads the same pause, and has nothing to press.
    phone = new_page(PHONE)
    log_in(phone, live_server.url, riverside.viewer.user.email)
    phone.goto(f"{live_server.url}/o/riverside/crisis/")
    expect(phone.get_by_role("region", name="Crisis pause", exact=True)).to_contain_text(REASON)
    expect(phone.get_by_role("button")).to_have_text(["Log out"])
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "crisis-page-phone-viewer")

    page.get_by_label("Note (optional)").fill("Police statement is out; back to normal")
    page.get_by_role("button", name="Lift the pause").click()
    expect(page.get_by_role("heading", name="Publishing is running")).to_be_visible()
    expect(page.get_by_role("region", name="Crisis pause", exact=True)).to_have_count(0)
    expect(page.locator(".pause-history")).to_contain_text("back to normal")
    screenshot(page, "crisis-page-lifted")
    pause = CrisisPause.objects.get()
    assert pause.lifted_by == riverside.reviewer.user and pause.reason == REASON

    # Everyone else was told; the reviewer's own bell leads to the list, marked read in place.
    assert Notification.objects.filter(
        user=riverside.author.user, message__startswith="Publishing resumed"
    ).exists()
    page.locator("#bell").click()
    expect(page.locator(".notification.unread").first).to_contain_text("To review")
    expect(page.locator(".notifications")).not_to_contain_text("Publishing paused by")
    screenshot(page, "notifications")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator("#notifications")).to_contain_text("All notifications marked read.")
    expect(page.locator(".notification.unread")).to_have_count(0)
    expect(page.locator("#bell")).to_have_attribute("aria-label", "Notifications: none unread")
    expect(page.locator(".bell-count")).to_have_count(0)

"""Comms staff drafting and planning posts in the browser: the editor with its live counters,
media with alt text, and the calendar with drag-to-reschedule and the iCalendar feed."""

import datetime as dt
import urllib.request
from zoneinfo import ZoneInfo

from django.utils.timezone import now
from icalendar import Calendar
from playwright.sync_api import expect

from posts.models import Media, Post
from posts.testing import image_bytes, make_account, make_post
from tests.browser.helpers import log_in, screenshot

NEW_YORK = ZoneInfo("America/New_York")


def test_an_author_drafts_a_post_with_two_variants_and_an_image(
    live_server, page, riverside, tmp_path
):
    make_account(riverside.org, "x", "@RiversideCHC")
    make_account(riverside.org, "facebook", "riversidehealth")
    log_in(page, live_server.url, riverside.author.user.email)
    page.locator("nav[aria-label=Main]").get_by_role("link", name="Drafts").click()
    page.get_by_role("button", name="New post").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Untitled draft")

    page.get_by_label("Post text").fill("Free flu shots this Saturday at all three clinics.")
    page.get_by_label("X Riverside").check()
    page.get_by_label("Facebook Riverside").check()
    expect(page.locator("article.variant")).to_have_count(2)
    expect(page.get_by_test_id("counter-x")).to_contain_text("50 / 280")

    # Tailor the X variant: it stops following the post text.
    page.get_by_text("Tailor for X").click()
    page.get_by_label("Text for X @RiversideCHC").fill("Free flu shots Sat! #FluSeason")
    expect(page.get_by_test_id("counter-x")).to_contain_text("30 / 280")

    day = (now() + dt.timedelta(days=5)).astimezone(NEW_YORK).date()
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Time").fill("10:30")

    photo = tmp_path / "flu-clinic.jpg"
    photo.write_bytes(image_bytes(1200, 1000))
    page.get_by_label("Image or video").set_input_files(str(photo))
    page.locator("#media").get_by_label("Alt text").fill(
        "A nurse gives a flu shot to a smiling man"
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".media-item")).to_contain_text("flu-clinic.jpg")

    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=8000)
    screenshot(page, "post-editor")

    post = Post.objects.get()
    assert post.body == "Free flu shots this Saturday at all three clinics."
    variants = {v.account.platform: v for v in post.variants.all()}
    assert variants["x"].text == "Free flu shots Sat! #FluSeason" and variants["x"].tailored
    assert not variants["facebook"].tailored
    assert post.scheduled_at.astimezone(NEW_YORK).time() == dt.time(10, 30)
    assert Media.objects.get().alt_text == "A nurse gives a flu shot to a smiling man"


def test_the_live_counter_goes_red_past_the_limit(live_server, page, riverside):
    post = make_post(riverside.author, [make_account(riverside.org, "x")], body="Short")
    log_in(page, live_server.url, riverside.author.user.email)
    page.goto(f"{live_server.url}/o/riverside/posts/{post.pk}/")
    counter = page.get_by_test_id("counter-x")
    expect(counter).not_to_have_class("counter over")
    page.get_by_label("Post text").fill("Walk-in flu shots. " * 15 + "Bring your card.")
    expect(counter).to_have_class("counter over")
    expect(counter).to_contain_text("301 / 280")
    expect(page.locator(".finding.block")).to_contain_text("21 over X's limit")
    expect(counter).to_have_css("color", "rgb(180, 35, 24)")
    screenshot(page, "post-editor-over-limit")


def test_an_author_drags_a_post_to_another_day(live_server, page, riverside):
    when = (
        (now() + dt.timedelta(days=2))
        .astimezone(NEW_YORK)
        .replace(hour=9, minute=15, second=0, microsecond=0)
    )
    post = make_post(riverside.author, [make_account(riverside.org, "x")], scheduled_at=when)
    target = when.date() + dt.timedelta(days=1)
    log_in(page, live_server.url, riverside.author.user.email)
    page.goto(f"{live_server.url}/o/riverside/calendar/?view=week&date={when.date()}")
    card = page.locator(f"[data-post='{post.pk}']")
    expect(card).to_be_visible()
    card.drag_to(page.locator(f"[data-drop-date='{target}']"))
    expect(page.locator(".message")).to_contain_text("moved to")
    expect(page.locator(f"[data-date='{target}'] [data-post='{post.pk}']")).to_be_visible()
    screenshot(page, "calendar-week-after-drag")
    post.refresh_from_db()
    moved = post.scheduled_at.astimezone(NEW_YORK)
    assert (moved.date(), moved.time()) == (target, dt.time(9, 15))


def test_the_month_view_shows_observances_and_the_feed_url_is_valid_icalendar(
    live_server, page, riverside
):
    post = make_post(riverside.author, [make_account(riverside.org, "x")])
    log_in(page, live_server.url, riverside.viewer.user.email)
    page.goto(f"{live_server.url}/o/riverside/calendar/")
    expect(page.locator(".calendar")).to_contain_text(post.title)
    page.get_by_role("button", name="Get my feed URL").click()
    feed_url = page.get_by_label("Calendar feed URL").input_value()
    screenshot(page, "calendar-month")

    with urllib.request.urlopen(feed_url) as response:  # noqa: S310 - the live test server
        assert response.headers["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.read())
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == f"[Draft] {post.title}"
    assert event.decoded("dtstart") == post.scheduled_at.replace(microsecond=0)
    assert str(calendar["x-wr-timezone"]) == "America/New_York"


def test_a_draft_naming_a_patient_shows_the_phi_finding_while_typing(live_server, page, riverside):
    post = make_post(riverside.author, [make_account(riverside.org, "facebook")], body="Hello")
    log_in(page, live_server.url, riverside.author.user.email)
    page.goto(f"{live_server.url}/o/riverside/posts/{post.pk}/")
    expect(page.locator(".finding.block")).to_have_count(0)
    page.get_by_label("Post text").press_sequentially(
        "So proud of our patient Maria Gonzalez, she finished chemo today!", delay=5
    )
    finding = page.locator(".finding.block").first
    expect(finding).to_contain_text("Must fix")
    expect(page.locator(".findings")).to_contain_text("Maria Gonzalez")
    screenshot(page, "post-editor-phi-finding")


def test_an_author_adds_a_campaign_and_a_pillar_then_uses_them_in_a_post(
    live_server, page, riverside
):
    post = make_post(riverside.author, [make_account(riverside.org, "facebook")])
    log_in(page, live_server.url, riverside.author.user.email)
    page.goto(f"{live_server.url}/o/riverside/drafts/")
    page.get_by_role("link", name="Campaigns and pillars").click()
    page.get_by_role("button", name="Add campaign").click()
    expect(page.locator(".field.has-error")).to_contain_text("This field is required.")
    page.get_by_label("Name").fill("Flu season 2026")
    page.get_by_role("button", name="Add campaign").click()
    expect(page.locator(".message")).to_contain_text("Flu season 2026 added.")
    page.get_by_role("textbox", name="Pillar").fill("Prevention")
    page.get_by_role("button", name="Add pillar").click()
    expect(page.locator("#pillars-title + ul")).to_contain_text("Prevention")
    screenshot(page, "campaigns-and-pillars")

    page.goto(f"{live_server.url}/o/riverside/posts/{post.pk}/")
    page.get_by_label("Campaign").select_option(label="Flu season 2026")
    page.get_by_label("Content pillar").select_option(label="Prevention")
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    post.refresh_from_db()
    assert (post.campaign.name, post.pillar.name) == ("Flu season 2026", "Prevention")


def test_an_author_duplicates_adds_a_spanish_version_and_deletes_a_draft(
    live_server, page, riverside
):
    post = make_post(riverside.author, [make_account(riverside.org, "facebook")])
    log_in(page, live_server.url, riverside.author.user.email)
    page.goto(f"{live_server.url}/o/riverside/posts/{post.pk}/")
    page.get_by_role("button", name="Duplicate").click()
    expect(page.locator(".message")).to_contain_text("Duplicated")
    copy = Post.objects.exclude(pk=post.pk).get()
    page.get_by_role("button", name="Add Spanish version").click()
    expect(page.locator(".message")).to_contain_text("Spanish version added.")
    expect(page.get_by_text("Travels with its English version")).to_be_visible()
    spanish = Post.objects.get(paired_with=copy)
    page.goto(f"{live_server.url}/o/riverside/posts/{spanish.pk}/")
    page.get_by_role("link", name="Delete draft").click()
    page.get_by_role("button", name="Delete draft").click()
    expect(page.locator(".message")).to_contain_text("Draft deleted.")
    assert not Post.objects.filter(pk=spanish.pk).exists()
    assert Post.objects.count() == 2

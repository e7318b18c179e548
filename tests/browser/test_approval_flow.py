"""The whole approval gate in the browser, each person in their own browser: the author submits,
the first reviewer signs, the author edits (the sign-off is voided, and everyone sees it), two
reviewers sign the new version, the post is approved on the calendar, and a crisis pause holds
it."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.timezone import now
from playwright.sync_api import expect

from approvals.models import Outcome, SignOff
from approvals.testing import second_reviewer
from posts.models import Post, PostState
from posts.testing import make_account
from tests.browser.helpers import log_in, screenshot

NEW_YORK = ZoneInfo("America/New_York")


def _approve(page, base_url: str, post: Post, expected: str) -> None:
    page.goto(f"{base_url}/o/riverside/review/")
    page.get_by_test_id(f"queue-row-{post.pk}").get_by_role("link").first.click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text(expected)


def test_submit_sign_edit_voids_two_sign_then_approved_on_the_calendar_and_held_by_a_pause(
    live_server, new_page, riverside
):
    make_account(riverside.org, "facebook", "riversidehealth")
    base = live_server.url
    other_reviewer = second_reviewer(riverside.reviewer)
    author, first, second = new_page(), new_page(), new_page()
    log_in(author, base, riverside.author.user.email)
    log_in(first, base, riverside.reviewer.user.email)
    log_in(second, base, other_reviewer.user.email)

    # The author writes and submits.
    author.locator("nav[aria-label=Main]").get_by_role("link", name="Drafts").click()
    author.get_by_role("button", name="New post").click()
    author.get_by_label("Post text").fill(
        "Flu shots are free this Saturday at our Main Street clinic. Not medical advice. "
        "Talk to your care team."
    )
    author.get_by_label("Facebook Riverside").check()
    day = (now() + dt.timedelta(days=3)).astimezone(NEW_YORK).date()
    author.get_by_label("Date").fill(day.isoformat())
    author.get_by_label("Time").fill("10:30")
    panel = author.locator("#review-panel")
    panel.get_by_role("button", name="Submit for review").click()
    expect(panel).to_contain_text("Still to sign: 2 more sign-offs, from a reviewer.")
    post = Post.objects.get()
    assert post.state == PostState.IN_REVIEW

    # The first reviewer signs.
    _approve(first, base, post, "1 more sign-off")
    author.reload()
    expect(panel).to_contain_text(riverside.reviewer.user.get_full_name())
    expect(panel).to_contain_text("Still to sign: 1 more sign-off")

    # The author changes the text: the sign-off is voided, visibly, and the post is back in review.
    author.get_by_label("Post text").fill(
        "Flu shots are free this Sunday at our Main Street clinic. Not medical advice. "
        "Talk to your care team."
    )
    author.get_by_role("button", name="Save", exact=True).click()
    voided = f"Sign-offs by {riverside.reviewer.user.get_full_name()} were voided when"
    expect(author.locator(".messages")).to_contain_text(voided)
    expect(panel.locator(".past-rounds")).to_contain_text(voided)
    expect(panel).to_contain_text("Still to sign: 2 more sign-offs, from a reviewer.")
    screenshot(author, "flow-author-sign-off-voided")
    first_round = post.submissions.get(number=1)
    assert first_round.outcome == Outcome.VOIDED and first_round.sign_offs.count() == 1

    # The reviewers see what changed, and both sign the new version.
    first.goto(f"{base}/o/riverside/review/{post.pk}/")
    diff = first.get_by_role("table", name="Changes since round 1")
    expect(diff.locator("tr.diff-removed").first).to_contain_text("this Saturday")
    expect(diff.locator("tr.diff-added").first).to_contain_text("this Sunday")
    screenshot(first, "flow-reviewer-diff")
    _approve(first, base, post, "1 more sign-off")
    _approve(second, base, post, "Approved:")
    post.refresh_from_db()
    assert post.state == PostState.APPROVED
    approved = post.submissions.get(number=2)
    assert approved.outcome == Outcome.APPROVED
    signers = set(SignOff.objects.filter(submission=approved).values_list("signer", flat=True))
    assert signers == {riverside.reviewer.user.pk, other_reviewer.user.pk}

    # Approved on the calendar.
    week = f"{base}/o/riverside/calendar/?view=week&date={day.isoformat()}"
    author.goto(week)
    card = author.locator(f"[data-post='{post.pk}']")
    expect(card).to_contain_text("Approved")
    expect(card).not_to_contain_text("Held")
    screenshot(author, "flow-calendar-approved")

    # A reviewer pauses publishing: the approved post is held, on everyone's calendar.
    first.locator("nav[aria-label=Main]").get_by_role("link", name="Crisis").click()
    first.get_by_label("Why is publishing paused?").fill(
        "Water main break downtown: checking every scheduled post."
    )
    first.get_by_role("button", name="Pause publishing").click()
    author.goto(week)
    expect(author.get_by_role("region", name="Crisis pause", exact=True)).to_contain_text(
        "Water main break"
    )
    expect(card).to_contain_text("Held: crisis pause")
    screenshot(author, "flow-calendar-held")

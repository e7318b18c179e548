"""An author sends a post to review from the editor: the PHI scanner stops it until the author
justifies it, a reviewer sends it back with a comment on one variant, the author answers next to
that variant, edits and submits again."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.timezone import now
from playwright.sync_api import expect

from approvals import actions
from approvals.models import CommentKind, Outcome, ReviewComment
from approvals.testing import sign, submitted_post
from posts.models import Post, PostState
from posts.testing import make_account, make_post
from tests.browser.helpers import log_in, screenshot

NEW_YORK = ZoneInfo("America/New_York")
PHI_TEXT = "Get well soon Maria Gonzalez after your knee surgery at our Main Street clinic!"


def test_an_author_submits_answers_a_comment_and_resubmits(live_server, page, riverside):
    facebook = make_account(riverside.org, "facebook", "riversidehealth")
    log_in(page, live_server.url, riverside.author.user.email)
    page.locator("nav[aria-label=Main]").get_by_role("link", name="Drafts").click()
    page.get_by_role("button", name="New post").click()

    page.get_by_label("Post text").fill(PHI_TEXT)
    page.get_by_label("Facebook Riverside").check()
    day = (now() + dt.timedelta(days=4)).astimezone(NEW_YORK).date()
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Time").fill("09:15")
    panel = page.locator("#review-panel")
    expect(panel).to_contain_text("Not submitted yet")

    # Submit straight after typing: the button posts the editor, which is saved first.
    panel.get_by_role("button", name="Submit for review").click()
    justification = panel.get_by_label("PHI justification")
    expect(justification).to_be_visible()
    expect(panel).to_contain_text("The PHI scanner found protected health information")
    post = Post.objects.get()
    assert post.state == PostState.DRAFT and post.body == PHI_TEXT
    screenshot(page, "submit-phi-refused")

    justification.fill(
        "Maria asked us to share this and signed the story consent; her family approved it."
    )
    panel.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("one more reviewer has to sign off")
    expect(panel).to_contain_text("In review")
    expect(panel).to_contain_text("Still to sign: 3 more sign-offs, 2 of them from reviewers.")
    expect(panel).to_contain_text("a PHI finding sent with a justification")
    expect(panel.get_by_role("button", name="Withdraw from review")).to_be_visible()
    screenshot(page, "submit-in-review")

    # A reviewer sends it back, with a comment on the Facebook variant.
    actions.request_changes(
        post=post, by=riverside.reviewer.user, comment="Please leave the surgery out.",
        variant_comments={facebook.pk: "No patient names on Facebook, even with consent."},
    )  # fmt: skip
    page.reload()
    expect(panel).to_contain_text("Changes requested")
    expect(panel).to_contain_text("Please leave the surgery out.")
    variant = page.locator("article.variant")
    expect(variant.locator(".comment.kind-changes_requested")).to_contain_text(
        "No patient names on Facebook"
    )
    expect(variant.locator(".comment-flag")).to_have_text("✎ Changes requested")
    screenshot(page, "submit-changes-requested")

    variant.get_by_label("Reply").fill("Done: no name, no surgery.")
    # Editing the text re-renders the variant's findings; the half-written reply stays.
    page.get_by_label("Post text").fill("Our Main Street clinic wishes everyone a healthy week!")
    expect(page.get_by_test_id("counter-facebook")).to_contain_text("54 /")
    expect(variant.get_by_label("Reply")).to_have_value("Done: no name, no surgery.")
    variant.get_by_role("button", name="Reply").click()
    expect(page.locator("article.variant .comment.kind-reply")).to_contain_text(
        "Done: no name, no surgery."
    )
    reply = ReviewComment.objects.get(kind=CommentKind.REPLY)
    assert reply.account_id == facebook.pk

    expect(page.get_by_label("Post text")).to_have_value(
        "Our Main Street clinic wishes everyone a healthy week!"
    )
    panel.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text(
        "Submitted for review: 2 more sign-offs, from a reviewer."
    )
    expect(panel).to_contain_text("Round 2")
    expect(panel.locator(".past-rounds")).to_contain_text(
        f"{riverside.reviewer.user.get_full_name()} requested changes."
    )
    screenshot(page, "submit-resubmitted")

    post.refresh_from_db()
    assert post.state == PostState.IN_REVIEW
    live = actions.live_submission(post)
    assert live.number == 2 and not live.phi_override
    assert live.content["variants"][0]["text"].startswith("Our Main Street clinic")
    assert post.submissions.get(number=1).outcome == Outcome.CHANGES_REQUESTED


def test_editing_an_approved_post_warns_then_shows_the_voided_sign_offs(
    live_server, page, riverside
):
    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    log_in(page, live_server.url, riverside.author.user.email)
    page.goto(f"{live_server.url}/o/riverside/posts/{post.pk}/")
    panel = page.locator("#review-panel")
    warning = (
        "This post is approved: saving a change voids 2 sign-offs and sends it back to review."
    )
    expect(panel.locator(".review-warning")).to_contain_text(warning)
    expect(page.locator("#save-status")).to_contain_text("Changes save when you press Save.")

    page.get_by_label("Post text").fill("Flu shots are free this Sunday at our Main Street clinic.")
    # Nothing saves on its own while sign-offs are at stake.
    page.wait_for_timeout(2000)
    assert Post.objects.get(pk=post.pk).state == PostState.APPROVED
    screenshot(page, "submit-approved-warning")

    page.get_by_role("button", name="Save", exact=True).click()
    names = [m.user.get_full_name() for m in (riverside.reviewer, riverside.admin)]
    voided = f"Sign-offs by {names[0]} and {names[1]} were voided when"
    expect(page.locator(".messages")).to_contain_text(voided)
    expect(page.locator(".messages")).to_contain_text("The post is back in review.")
    expect(panel.locator(".past-rounds")).to_contain_text(voided)
    expect(panel).to_contain_text("Still to sign: 2 more sign-offs, from a reviewer.")
    screenshot(page, "submit-sign-offs-voided")
    assert Post.objects.get(pk=post.pk).state == PostState.IN_REVIEW


def test_a_crisis_template_has_no_time(live_server, page, riverside):
    post = make_post(riverside.author, [make_account(riverside.org, "x")])
    log_in(page, live_server.url, riverside.author.user.email)
    page.goto(f"{live_server.url}/o/riverside/posts/{post.pk}/")
    page.get_by_label("Crisis holding statement (template)").check()
    expect(page.get_by_label("Date")).to_be_disabled()
    expect(page.get_by_label("Time")).to_have_value("")
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=8000)
    post.refresh_from_db()
    assert post.crisis_template and post.scheduled_at is None

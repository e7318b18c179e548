"""Compliance officers working the review queue: a patient story sent back with a comment on its
X variant, then a post approved by two reviewers, from the keyboard and the mouse."""

from playwright.sync_api import expect

from approvals import actions
from approvals.models import Outcome, ReviewComment
from approvals.testing import second_reviewer, submitted_post
from policies.testing import make_consent
from posts.actions import PostChanges, save_post
from posts.models import PostState
from posts.testing import make_account
from tests.browser.helpers import expect_path, log_in, screenshot


def test_a_reviewer_sends_one_post_back_and_two_reviewers_approve_another(
    live_server, new_page, riverside
):
    x = make_account(riverside.org, "x", "@RiversideCHC")
    facebook = make_account(riverside.org, "facebook", "riversidehealth")
    consent = make_consent(riverside.org, by=riverside.reviewer.user, platforms=("x", "facebook"))
    story, _ = submitted_post(
        riverside.author,
        accounts=[x, facebook],
        body="Meet Rosa: after years without a doctor she found care at our Main Street clinic.",
        patient_story=True,
        consent=consent,
    )
    flu, _ = submitted_post(
        riverside.author, accounts=[x], body="Free flu shots this Saturday, 9 am to 3 pm."
    )

    page = new_page()
    log_in(page, live_server.url, riverside.reviewer.user.email)
    expect_path(page, live_server.url, "/o/riverside/review/")
    story_row = page.get_by_test_id(f"queue-row-{story.pk}")
    expect(story_row).to_contain_text("Patient story")
    expect(story_row).to_contain_text("0 of 3 · needs 2 reviewers")
    expect(page.get_by_test_id(f"queue-row-{flu.pk}")).to_contain_text("0 of 2 · needs a reviewer")
    screenshot(page, "review-queue")

    story_row.get_by_role("link", name="Meet Rosa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meet Rosa")
    expect(page.get_by_role("group", name="Preview on X")).to_contain_text("found care")
    expect(page.get_by_role("group", name="Preview on Facebook")).to_be_visible()
    expect(page.locator("#first-review")).to_be_visible()
    expect(page.locator("#still-needed")).to_contain_text(
        "3 more sign-offs, 2 of them from reviewers"
    )
    screenshot(page, "review-page")

    # "r" goes to the comment; an empty one is refused next to the field, the rest is kept.
    page.locator("body").press("r")
    expect(page.get_by_label("What should change")).to_be_focused()
    page.get_by_label("On the X variant (@RiversideCHC)").fill(
        "Too long for X: cut the doctor part."
    )
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator("#id_comment_error")).to_have_text("Say what should change.")
    expect(page.get_by_label("On the X variant (@RiversideCHC)")).to_have_value(
        "Too long for X: cut the doctor part."
    )
    screenshot(page, "review-page-comment-missing")
    page.get_by_label("What should change").fill("Say which clinic days Rosa's doctor is in.")
    page.get_by_role("button", name="Request changes").click()
    expect_path(page, live_server.url, "/o/riverside/review/")
    expect(page.locator(".messages")).to_contain_text("Sent back to the author")
    expect(page.get_by_test_id(f"queue-row-{story.pk}")).to_have_count(0)
    story.refresh_from_db()
    assert story.state == PostState.CHANGES_REQUESTED
    assert ReviewComment.objects.get(post=story, account=x).body == (
        "Too long for X: cut the doctor part."
    )

    # The flu post: the first reviewer signs from the keyboard ("a", then Enter).
    page.get_by_role("link", name="Free flu shots this Saturday").click()
    page.locator("body").press("a")
    expect(page.get_by_role("button", name="Approve")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("1 more sign-off")
    flu_row = page.get_by_test_id(f"queue-row-{flu.pk}")
    expect(flu_row).to_contain_text("1 of 2")
    expect(flu_row).to_contain_text("You signed")

    other = new_page()
    log_in(other, live_server.url, second_reviewer(riverside.reviewer).user.email)
    other.get_by_role("link", name="Free flu shots this Saturday").click()
    expect(other.locator(".sign-offs")).to_contain_text(riverside.reviewer.user.get_full_name())
    other.get_by_role("button", name="Approve").click()
    expect(other.locator(".messages")).to_contain_text("Approved: “Free flu shots this Saturday")
    expect(other.locator(".empty-state")).to_contain_text("Nothing is waiting for review")
    flu.refresh_from_db()
    assert flu.state == PostState.APPROVED
    assert flu.submissions.get().outcome == Outcome.APPROVED

    # The author answers and resubmits the story: the reviewer sees what changed since.
    changes = PostChanges.of(story)
    changes.body = "Meet Rosa: she found care at our Main Street clinic, open Mon to Fri."
    story = save_post(
        post=story, by=riverside.author.user, expected_version=story.version, changes=changes
    )
    actions.add_comment(post=story, by=riverside.author.user, body="Shortened, days added.")
    actions.submit_post(post=story, by=riverside.author.user)
    page.goto(f"{live_server.url}/o/riverside/review/{story.pk}/")
    diff = page.get_by_role("table", name="Changes since round 1")
    expect(diff.locator("tr.diff-removed").first).to_contain_text("after years without a doctor")
    expect(diff.locator("tr.diff-added").first).to_contain_text("open Mon to Fri")
    comments = page.locator(".comments")
    expect(comments).to_contain_text("on the X variant (@RiversideCHC)")
    expect(comments).to_contain_text("Shortened, days added.")
    screenshot(page, "review-page-second-round")

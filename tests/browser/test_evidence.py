"""The evidence page of an approved post, on screen and as printed for a regulator
(screenshots under test-artifacts/screens/)."""

from playwright.sync_api import expect

from approvals import actions
from approvals.testing import second_reviewer, sign, submitted_post
from policies.testing import acknowledge, publish
from tests.browser.helpers import log_in, screenshot


def test_the_evidence_of_an_approved_post_prints_as_a_plain_document(live_server, page, riverside):
    publish(riverside.org, riverside.admin.user)
    second = second_reviewer(riverside.reviewer)
    for member in (riverside.admin, riverside.author, riverside.reviewer, second):
        acknowledge(member)
    post, _ = submitted_post(riverside.author)
    actions.request_changes(
        post=post, by=riverside.reviewer.user, comment="Say which clinic, please."
    )
    actions.add_comment(post=post, by=riverside.author.user, body="Main Street: resubmitted.")
    actions.submit_post(post=post, by=riverside.author.user)
    sign(post, riverside.reviewer)
    sign(post, second)

    log_in(page, live_server.url, riverside.reviewer.user.email)
    page.goto(f"{live_server.url}/o/riverside/posts/{post.pk}/evidence/")
    expect(page.get_by_role("heading", level=1)).to_have_text(post.title)
    expect(page.get_by_role("heading", name="Round 2: Approved")).to_be_visible()
    expect(page.get_by_role("heading", name="Round 1: Changes requested")).to_be_visible()
    expect(page.get_by_text("Social media policy (version 1)").first).to_be_visible()
    expect(page.get_by_text("Not published yet")).to_be_visible()
    download = page.get_by_role("link", name="Download JSON")
    expect(download).to_be_visible()
    json_url = live_server.url + download.get_attribute("href")
    screenshot(page, "evidence-screen")

    page.emulate_media(media="print")
    expect(page.locator("nav[aria-label=Main]")).to_be_hidden()
    expect(page.locator("header.topbar")).to_be_hidden()
    expect(page.locator("a", has_text="Download JSON")).to_be_hidden()
    expect(page.get_by_role("heading", name="Round 2: Approved")).to_be_visible()
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)"
    screenshot(page, "evidence-print")

    # The JSON behind the link is the same evidence, as an attachment.
    response = page.request.get(json_url)
    assert response.ok
    assert response.headers["content-disposition"].startswith("attachment;")
    document = response.json()
    assert [r["outcome"] for r in document["rounds"]] == ["changes_requested", "approved"]

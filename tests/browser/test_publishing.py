"""Publishing in the browser: a reviewer and an admin approve a post due seconds later, the
publisher sends it to the platform simulator when its time comes, and the post page says
"Published" with the platform's link; then the health page after the platform failed a call."""

import datetime as dt
import time

from django.utils.timezone import now
from guardian.shortcuts import assign_perm
from playwright.sync_api import expect

from approvals.actions import submit_post
from platforms import conftest as platform_fixtures
from platforms import publishing
from platforms.actions import POST_PERMISSION
from platforms.models import PublishTarget, TargetState
from platforms.testing import approved_post, connect_simulated
from posts.models import PostState
from posts.testing import make_post
from tests.browser.helpers import PHONE, log_in, screenshot

# The platform simulator's fixtures (platforms/conftest.py), for the tests in this file.
_simulator_server = platform_fixtures._simulator_server
simulator = platform_fixtures.simulator


def _sign_in_the_browser(page, base: str, post) -> None:
    page.goto(f"{base}/o/riverside/review/")
    page.get_by_test_id(f"queue-row-{post.pk}").get_by_role("link").first.click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_be_visible()


def _run_publisher_when_due(post) -> None:
    """What the beat and a worker do, from the test thread, once the post's time has come."""
    wait = (post.scheduled_at - now()).total_seconds()
    if wait > 0:
        time.sleep(wait + 0.2)
    for target_id in publishing.sweep():
        publishing.publish(target_id)


def test_approved_in_the_browser_then_published_with_the_platforms_link(
    live_server, new_page, riverside, simulator
):
    base = live_server.url
    account = connect_simulated(riverside.org, "mastodon", "riverside", simulator_url=simulator.url)
    assign_perm(POST_PERMISSION, riverside.author.user, account)
    post = make_post(
        riverside.author, [account], scheduled_at=now() + dt.timedelta(seconds=12),
        body="Flu shots are free this Saturday at our Main Street clinic. Not medical advice.",
    )  # fmt: skip
    submit_post(post=post, by=riverside.author.user)

    reviewer, admin = new_page(), new_page()
    log_in(reviewer, base, riverside.reviewer.user.email)
    log_in(admin, base, riverside.admin.user.email)
    _sign_in_the_browser(reviewer, base, post)
    _sign_in_the_browser(admin, base, post)
    expect(admin.locator(".messages")).to_contain_text("Approved")

    # Approved: the post page shows its target waiting for its time.
    admin.goto(f"{base}/o/riverside/posts/{post.pk}/")
    target = admin.get_by_test_id("target-mastodon")
    expect(target).to_contain_text("Scheduled")
    expect(target).to_contain_text("No call made yet.")

    _run_publisher_when_due(post)
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED
    (sent,) = simulator.posts("mastodon")
    link = PublishTarget.objects.get(post=post).url

    admin.reload()
    expect(admin.locator("h1 .badge")).to_have_text("Published")
    expect(target).to_contain_text("Published")
    expect(target.get_by_role("link", name=link)).to_have_attribute("href", link)
    expect(target.locator("table.attempts")).to_contain_text("Accepted")
    expect(target.get_by_role("button", name="Take down")).to_be_visible()
    screenshot(admin, "publishing-post-published")
    admin.screenshot(path="/tmp/ui-post-published.png", full_page=True)  # noqa: S108
    assert sent["text"].startswith("Flu shots")

    # The reviewer's review page shows the same, with the same action.
    reviewer.goto(f"{base}/o/riverside/review/{post.pk}/")
    expect(reviewer.get_by_test_id("target-mastodon")).to_contain_text(link)

    # The evidence lists the call and the platform's answer.
    admin.goto(f"{base}/o/riverside/posts/{post.pk}/evidence/")
    evidence = admin.get_by_test_id("evidence-target-mastodon")
    expect(evidence).to_contain_text(link)
    expect(evidence).to_contain_text("Accepted")
    admin.screenshot(path="/tmp/ui-evidence.png", full_page=True)  # noqa: S108

    # Told in the app; email is each person's own choice.
    admin.goto(f"{base}/o/riverside/notifications/")
    admin.get_by_label("Email me when my posts go out, fail or miss their time").uncheck()
    expect(admin.locator("#email-preferences")).to_contain_text("no more emails")
    admin.screenshot(path="/tmp/ui-notifications.png", full_page=True)  # noqa: S108
    riverside.admin.user.refresh_from_db()
    assert riverside.admin.user.publishing_emails is False


def test_the_health_page_after_the_platform_failed_and_rate_limited(
    live_server, new_page, riverside, simulator
):
    base = live_server.url
    x = connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url)
    mastodon = connect_simulated(
        riverside.org, "mastodon", "riverside", simulator_url=simulator.url
    )
    down = approved_post(riverside, [x], body="Our Main Street clinic opens at 8 on Monday.")
    limited = approved_post(riverside, [mastodon], body="Walk-in hours are back on Tuesday.")
    simulator.fault("x", "server_error")
    simulator.fault("mastodon", "rate_limited")
    for post in (down, limited):
        at = post.scheduled_at + dt.timedelta(seconds=1)
        for target_id in publishing.sweep(at=at):
            publishing.publish(target_id, at=at)
    x_target = PublishTarget.objects.get(post=down)
    assert x_target.state in (TargetState.UNCONFIRMED, TargetState.FAILED)
    mastodon.refresh_from_db()
    assert mastodon.rate_limited_until is not None

    page = new_page()
    log_in(page, base, riverside.admin.user.email)
    page.locator("nav[aria-label=Main]").get_by_role("link", name="Publishing").click()
    expect(page.get_by_role("heading", name="Publishing health")).to_be_visible()
    failures = page.get_by_role("table", name="Platform calls that failed, by error kind")
    expect(failures).to_contain_text("Platform error (5xx)")
    expect(failures).to_contain_text("Rate limited")
    expect(page.get_by_test_id("rate-limited")).to_contain_text("Mastodon Riverside")
    expect(page.get_by_test_id("queue-depth")).to_be_visible()
    screenshot(page, "publishing-health")
    page.screenshot(path="/tmp/ui-health.png", full_page=True)  # noqa: S108


def test_a_reviewer_settles_a_failed_target_from_the_queue_and_the_review_page(
    live_server, new_page, riverside, simulator
):
    base = live_server.url
    x = connect_simulated(riverside.org, "x", "riverside", simulator_url=simulator.url)
    post = approved_post(riverside, [x], body="Free blood pressure checks on Wednesday.")
    # As the publisher leaves a target the platform refused for good.
    PublishTarget.objects.filter(post=post).update(
        state=TargetState.FAILED, reason="X refused it: the account is suspended.",
        error_kind="permanent",
    )  # fmt: skip
    page = new_page()
    log_in(page, base, riverside.reviewer.user.email)
    problems = page.locator("#publishing-problems")
    expect(problems).to_contain_text("the account is suspended")
    page.screenshot(path="/tmp/ui-queue-problems.png", full_page=True)  # noqa: S108

    problems.get_by_role("link", name=post.title).click()
    panel = page.locator("#publishing")
    # Drop without a reason: refused beside the field (htmx swaps the panel).
    panel.get_by_role("button", name="Drop").click()
    expect(panel.locator(".error")).to_have_text("Say why it is dropped.")
    panel.get_by_role("button", name="Retry").click()
    expect(panel).to_contain_text("Sending it again to X")
    expect(panel.get_by_test_id("target-x")).to_contain_text("Scheduled")
    expect(page.locator("#post-state")).to_have_text("Publishing")
    page.screenshot(path="/tmp/ui-retried.png", full_page=True)  # noqa: S108
    # On a phone the panel fits the width (the attempts table scrolls inside its own box).
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    page.screenshot(path="/tmp/ui-retried-phone.png")  # noqa: S108
    target = PublishTarget.objects.get(post=post)
    assert target.state == TargetState.SCHEDULED
    assert target.retried_by == riverside.reviewer.user

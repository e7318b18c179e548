"""The approval rules page in a real browser: the review target on the organization's rule and
a stricter rule for a campaign (screenshot under test-artifacts/screens/)."""

from playwright.sync_api import expect

from policies.models import ApprovalRule
from policies.testing import acknowledge, publish
from posts.models import Campaign
from tests.browser.helpers import log_in, screenshot


def test_an_admin_sets_a_review_target_and_a_campaigns_stricter_rule(live_server, page, riverside):
    publish(riverside.org, riverside.admin.user)
    acknowledge(riverside.admin)
    Campaign.objects.create(organization=riverside.org, name="Flu season")
    log_in(page, live_server.url, riverside.admin.user.email)
    page.goto(f"{live_server.url}/o/riverside/policies/rules/approval/")

    # A review target out of range comes back next to its field.
    page.get_by_label("Review target (hours)").fill("400")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Set a review target between 1 and 168 hours.")).to_be_visible()
    page.get_by_label("Review target (hours)").fill("8")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Approval rule saved.")).to_be_visible()
    expect(page.get_by_label("Review target (hours)")).to_have_value("8")

    campaign_form = page.locator("form", has_text="Add or change a campaign's rule")
    campaign_form.get_by_label("Campaign").select_option(label="Flu season")
    campaign_form.get_by_label("Sign-offs needed").select_option("3")
    campaign_form.get_by_role("button", name="Save campaign rule").click()
    expect(page.get_by_text("Rule for the campaign Flu season saved.")).to_be_visible()
    rules = page.locator("section", has_text="Stricter rules for particular campaigns")
    expect(rules.locator("tbody")).to_contain_text("Flu season")
    expect(rules.locator("tbody")).to_contain_text("3 sign-offs")
    screenshot(page, "policies-approval-rules-campaign")

    org_rule = ApprovalRule.objects.get(
        organization=riverside.org, social_account=None, campaign=None
    )
    assert org_rule.review_target_hours == 8
    assert ApprovalRule.objects.get(campaign__name="Flu season").sign_offs == 3

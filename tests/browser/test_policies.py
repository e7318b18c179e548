"""Policies in a real browser: a new version forces acknowledgement at the next login, and each
policies page as each role sees it (screenshots under test-artifacts/screens/)."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from policies import actions
from policies.testing import acknowledge, make_consent, publish
from tests.browser.helpers import PHONE, expect_path, log_in, screenshot


def _everyone_acknowledges(people):
    for m in (people.admin, people.author, people.reviewer, people.viewer):
        acknowledge(m)


def test_a_new_policy_version_forces_acknowledgement_at_next_login(
    live_server, new_page, riverside
):
    publish(
        riverside.org, riverside.admin.user, title="Social media policy", body="# v1\n\nBe kind."
    )
    _everyone_acknowledges(riverside)

    admin = new_page()
    log_in(admin, live_server.url, riverside.admin.user.email)
    admin.goto(f"{live_server.url}/o/riverside/policies/")
    admin.get_by_role("link", name="Publish a new version").click()
    admin.get_by_label("Title").fill("Social media policy 2026")
    admin.get_by_label("Body").fill(
        "# v2\n\nBe kind.\n\nNever post a patient's photo without consent."
    )
    screenshot(admin, "policies-publish")
    admin.get_by_role("button", name="Publish").click()
    # The admin who published must acknowledge too, like everyone else.
    expect(admin.get_by_text("Version 2 is published")).to_be_visible()

    author = new_page()
    log_in(author, live_server.url, riverside.author.user.email)
    expect_path(author, live_server.url, "/o/riverside/policies/acknowledge/")
    expect(author.get_by_role("heading", name="Social media policy 2026")).to_be_visible()
    expect(author.get_by_text('Acknowledge "Social media policy 2026" (version 2)')).to_be_visible()
    screenshot(author, "policies-acknowledge")

    author.get_by_label("Type your full name").fill("Not My Name")
    author.get_by_label("I have read and understood").check()
    author.get_by_role("button", name="Acknowledge").click()
    expect(author.get_by_text("Type your full name exactly as on your account")).to_be_visible()
    screenshot(author, "policies-acknowledge-error")

    author.get_by_label("Type your full name").fill(riverside.author.user.full_name.lower())
    author.get_by_label("I have read and understood").check()
    author.get_by_role("button", name="Acknowledge").click()
    expect_path(author, live_server.url, "/o/riverside/drafts/")
    expect(author.get_by_text("your acknowledgement is recorded")).to_be_visible()


def test_each_policies_page_renders_for_its_roles(live_server, new_page, riverside):
    org, admin = riverside.org, riverside.admin.user
    v1 = publish(org, admin, title="Social media policy", body="# Policy\n\n- One\n- Two\n")
    v2 = publish(
        org, admin, title="Social media policy", body="# Policy\n\n- One\n- Two, changed\n- Three\n"
    )
    _everyone_acknowledges(riverside)
    actions.add_lexicon_entry(
        organization=org, by=admin, kind="word", text="miracle", severity="block",
        reason="overstates what treatment does",
    )  # fmt: skip
    actions.add_disclaimer(
        organization=org, by=admin, text="Not medical advice.", platforms=["facebook"]
    )
    actions.add_contact_detail(organization=org, by=admin, kind="phone", value="(555) 555-0142")
    today = timezone.localdate()
    consent = make_consent(org, riverside.reviewer.user, valid_until=today + dt.timedelta(days=12))

    page = new_page()
    log_in(page, live_server.url, riverside.admin.user.email)
    base = f"{live_server.url}/o/riverside/policies"
    for path, name in [
        ("/", "policies-index"),
        ("/history/", "policies-history"),
        (f"/diff/?old={v1.pk}&new={v2.pk}", "policies-diff"),
        ("/training/", "policies-training"),
        ("/rules/content/", "policies-content-rules"),
        ("/rules/approval/", "policies-approval-rules"),
        ("/consents/", "policies-consents"),
        ("/consents/expiring/", "policies-consents-expiring"),
        ("/consents/new/", "policies-consent-new"),
        (f"/consents/{consent.pk}/", "policies-consent"),
    ]:
        response = page.goto(base + path)
        assert response.status == 200, path
        expect(page.locator("nav[aria-label=Policies] a[aria-current=page]")).to_have_count(1)
        screenshot(page, name)

    # htmx: add a staff member without leaving the page.
    page.goto(base + "/rules/content/")
    staff = page.locator("#rules-staff")
    staff.get_by_label("Name").fill("Dr. Ana Ruiz")
    staff.get_by_label("Title").fill("Medical Director")
    staff.get_by_role("button", name="Add").click()
    expect(page.locator("#rules-staff tbody")).to_contain_text("Dr. Ana Ruiz")
    expect(page.locator("#rules-staff")).to_contain_text("Rule added.")
    # A bad one comes back with the error by the field.
    links = page.locator("#rules-link")
    links.get_by_label("Domain or parameter").fill("not a domain")
    links.get_by_role("button", name="Add").click()
    expect(links.get_by_text("Enter a domain such as example.com.")).to_be_visible()
    screenshot(page, "policies-content-rules-htmx")

    author = new_page(viewport=PHONE)
    log_in(author, live_server.url, riverside.author.user.email)
    author.goto(f"{base}/consents/{consent.pk}/")
    expect(author.get_by_text("Shown to reviewers and admins only")).to_be_visible()
    screenshot(author, "policies-consent-author-phone")


def test_a_revoked_consent_holds_the_patient_story_that_uses_it(
    live_server, new_page, riverside, tmp_path
):
    from posts.actions import create_campaign
    from posts.models import Post
    from posts.testing import make_account, make_post

    base = f"{live_server.url}/o/riverside/policies"
    flu = create_campaign(organization=riverside.org, by=riverside.admin.user, name="Flu 2026")

    # The admin asks for a disclaimer on the campaign's Facebook posts only.
    admin = new_page()
    log_in(admin, live_server.url, riverside.admin.user.email)
    admin.goto(base + "/rules/content/")
    disclaimers = admin.locator("#rules-disclaimer")
    disclaimers.get_by_label("Disclaimer text").fill("Funded by HRSA grant 42.")
    disclaimers.get_by_label("Facebook").check()
    disclaimers.get_by_label("Campaign").select_option(label="Flu 2026")
    disclaimers.get_by_role("button", name="Add").click()
    expect(disclaimers.locator("tbody")).to_contain_text("Flu 2026")
    screenshot(admin, "policies-disclaimer-per-campaign")

    # The reviewer keeps the patient's signed consent (Facebook only).
    reviewer = new_page()
    log_in(reviewer, live_server.url, riverside.reviewer.user.email)
    reviewer.goto(base + "/consents/new/")
    reviewer.get_by_label("Title").fill("Diabetes program story")
    reviewer.get_by_label("Patient's name, as signed").fill("Rosa Delgado")
    reviewer.get_by_label("Facebook").check()
    reviewer.get_by_label("Story").check()
    reviewer.get_by_label("Photo").check()
    today = timezone.localdate()
    reviewer.get_by_label("Valid from").fill(str(today - dt.timedelta(days=1)))
    reviewer.get_by_label("Valid until").fill(str(today + dt.timedelta(days=200)))
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(b"%PDF-1.4\n% signed consent\n")
    reviewer.get_by_label("Signed form").set_input_files(str(signed))
    reviewer.get_by_role("button", name="Keep the consent").click()
    expect(reviewer.locator(".message")).to_contain_text("is kept")

    # The author's patient story links it; the Instagram variant is refused coverage.
    post = make_post(
        riverside.author,
        [make_account(riverside.org, "facebook"), make_account(riverside.org, "instagram")],
        body="Rosa's journey with our diabetes program.",
        campaign=flu,
    )
    author = new_page()
    log_in(author, live_server.url, riverside.author.user.email)
    author.goto(f"{live_server.url}/o/riverside/posts/{post.pk}/")
    author.get_by_label("This is a patient story").check()
    author.get_by_label("Patient's consent").select_option(index=1)
    author.get_by_label("Post text").press_sequentially(" ", delay=5)
    expect(author.locator(".variant.platform-instagram")).to_contain_text(
        "The consent does not cover Instagram."
    )
    expect(author.locator(".variant.platform-facebook")).to_contain_text("Funded by HRSA grant 42.")
    expect(author.locator("#save-status")).to_contain_text("Saved at")
    screenshot(author, "post-editor-consent")

    # The reviewer revokes it; the post is held, and the author sees why.
    post.refresh_from_db()
    reviewer.goto(f"{base}/consents/{post.consent_id}/")
    reviewer.get_by_label("Why is it revoked?").fill("The patient asked us to stop.")
    reviewer.get_by_role("button", name="Revoke this consent").click()
    expect(reviewer.locator("body")).to_contain_text("The patient asked us to stop.")
    author.goto(f"{live_server.url}/o/riverside/posts/{post.pk}/")
    expect(author.get_by_role("alert")).to_contain_text("was revoked")
    expect(author.get_by_label("Patient's consent").locator("option:checked")).to_contain_text(
        "(revoked)"
    )
    screenshot(author, "post-editor-held")
    assert "was revoked" in Post.objects.get(pk=post.pk).held_reason

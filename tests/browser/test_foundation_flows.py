"""The foundation's page flows in a real browser: logging in, each role's navigation, switching
organization, outsiders, inviting and managing members, a phone screen and the keyboard."""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from socialops.models import Invitation, Membership, Role
from socialops.testing import make_org, make_user
from tests.browser.helpers import PHONE, expect_nav, expect_path, log_in, screenshot

# What each role sees and where it lands, written out here rather than read from
# socialops.navigation, so a change to that table has to be a deliberate one.
NAV = {
    Role.ADMIN: [
        "Drafts", "Calendar", "Review queue", "Crisis", "Analytics", "Policies", "Audit trail",
        "Publishing", "Settings",
    ],
    Role.AUTHOR: ["Drafts", "Calendar", "Crisis", "Analytics", "Policies"],
    Role.REVIEWER: ["Calendar", "Review queue", "Crisis", "Analytics", "Policies", "Audit trail"],
    Role.VIEWER: ["Calendar", "Crisis", "Analytics", "Policies"],
}  # fmt: skip
HOME = {  # the path under /o/<slug>/, and the section it belongs to
    Role.ADMIN: ("settings/members/", "Settings"),
    Role.AUTHOR: ("drafts/", "Drafts"),
    Role.REVIEWER: ("review/", "Review queue"),
    Role.VIEWER: ("analytics/", "Analytics"),
}
# On failure, name what widens the page: the innermost elements whose hiding narrows it.
WHAT_WIDENS_THE_PAGE = """() => {
  const width = () => document.documentElement.scrollWidth;
  const wide = width();
  const culprits = [...document.querySelectorAll("body *")].filter((el) => {
    const display = el.style.display;
    el.style.display = "none";
    const narrower = width() < wide;
    el.style.display = display;
    return narrower;
  });
  return culprits
    .filter((el) => !culprits.some((other) => other !== el && el.contains(other)))
    .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> ${el.textContent.trim()}`);
}"""
BAD_LOGIN = "That email and password don't match an account"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.AUTHOR, Role.REVIEWER, Role.VIEWER])
def test_each_role_logs_in_to_its_home_and_sees_only_its_navigation(
    live_server, page, riverside, role
):
    membership = getattr(riverside, role)
    log_in(page, live_server.url, membership.user.email)

    path, section = HOME[role]
    expect_path(page, live_server.url, f"/o/riverside/{path}")
    expect_nav(page, NAV[role])
    expect(page.locator("nav[aria-label=Main] a[aria-current=page]")).to_have_text([section])
    switcher = page.locator("header details.switcher > summary")
    expect(switcher).to_contain_text("Riverside Community Health")
    expect(switcher).to_contain_text(Role(role).label)
    screenshot(page, f"home-{role}")


def test_a_wrong_password_and_an_unknown_email_get_the_same_message(live_server, page, riverside):
    log_in(page, live_server.url, riverside.author.user.email, password="not-the-password")
    expect_path(page, live_server.url, "/accounts/login/")
    wrong_password = page.get_by_role("alert")
    expect(wrong_password).to_contain_text(BAD_LOGIN)
    wrong_password_text = wrong_password.inner_text()
    screenshot(page, "login-error")

    log_in(page, live_server.url, "nobody-here@example.org", password="not-the-password")
    expect_path(page, live_server.url, "/accounts/login/")
    expect(page.get_by_role("alert")).to_have_text(wrong_password_text)
    expect(page.locator("nav[aria-label=Main]")).to_have_count(0)


def test_a_person_in_two_organizations_switches_from_admin_in_one_to_viewer_in_the_other(
    live_server, page, transactional_db
):
    person = make_user(full_name="Dana Two-Hats")
    alder = make_org(name="Alder Family Clinic", slug="alder")
    birch = make_org(name="Birch Street Health", slug="birch")
    Membership.objects.create(organization=alder, user=person, role=Role.ADMIN)
    Membership.objects.create(organization=birch, user=person, role=Role.VIEWER)

    log_in(page, live_server.url, person.email)
    # No organization worked in yet: the first by name.
    expect_path(page, live_server.url, "/o/alder/settings/members/")
    expect_nav(page, NAV[Role.ADMIN])

    switcher = page.locator("header details.switcher")
    expect(switcher.locator("summary")).to_contain_text("Alder Family Clinic")
    other = switcher.get_by_role("link", name=re.compile("Birch Street Health"))
    expect(other).to_be_hidden()
    switcher.locator("summary").click()
    expect(other).to_be_visible()
    expect(switcher.get_by_role("link")).to_have_count(1)
    screenshot(page, "switcher-open")
    other.click()

    expect_path(page, live_server.url, "/o/birch/analytics/")
    expect_nav(page, NAV[Role.VIEWER])
    expect(switcher.locator("summary")).to_contain_text("Birch Street Health")
    expect(switcher.locator("summary")).to_contain_text("Viewer")


@pytest.mark.parametrize("path", ["settings/members/", "drafts/", "review/", "analytics/"])
def test_an_outsider_opening_another_organizations_page_gets_page_not_found(
    live_server, page, riverside, harbor, path
):
    log_in(page, live_server.url, harbor.admin.user.email)
    expect_path(page, live_server.url, "/o/harbor-point/settings/members/")

    response = page.goto(f"{live_server.url}/o/riverside/{path}")

    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Riverside")
    if path == "settings/members/":
        screenshot(page, "outsider-404")


def test_an_admin_invites_a_reviewer_who_accepts_from_the_emailed_link(
    live_server, new_page, riverside
):
    admin = new_page()
    log_in(admin, live_server.url, riverside.admin.user.email)
    expect_path(admin, live_server.url, "/o/riverside/settings/members/")

    invite = admin.locator("form[action$='/settings/members/invite/']")
    invite.get_by_label("Email address").fill("New.Person@example.org")
    invite.get_by_label("Role", exact=True).select_option(label="Reviewer")
    invite.get_by_role("button", name="Send invitation").click()

    expect(admin.locator(".message")).to_have_text("Invitation sent to new.person@example.org.")
    pending = admin.locator("section[aria-labelledby=pending-title]")
    row = pending.get_by_role("row", name=re.compile("new.person@example.org"))
    expect(row).to_contain_text("Reviewer")
    expect(row).to_contain_text(riverside.admin.user.full_name)
    screenshot(admin, "members-invitation-pending")

    assert [m.to for m in mail.outbox] == [["new.person@example.org"]]
    link = re.search(rf"{re.escape(settings.SITE_URL)}(/invitations/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    url = live_server.url + link.group(1)

    newcomer = new_page()  # nobody logged in
    newcomer.goto(url)
    expect(newcomer.get_by_role("heading", name="Join Riverside Community Health")).to_be_visible()
    expect(newcomer.locator("main")).to_contain_text("new.person@example.org")
    newcomer.get_by_label("Your full name").fill("Nia Newcomer")
    newcomer.get_by_label("Choose a password").fill("plum-orchard-lantern-42")
    newcomer.get_by_label("Type the password again").fill("plum-orchard-lantern-42")
    screenshot(newcomer, "invitation-accept")
    newcomer.get_by_role("button", name="Create my account and join").click()

    expect_path(newcomer, live_server.url, "/o/riverside/review/")
    expect_nav(newcomer, NAV[Role.REVIEWER])
    expect(newcomer.locator(".message")).to_have_text("Welcome to Riverside Community Health.")
    expect(newcomer.locator("header .account")).to_contain_text("new.person@example.org")

    admin.reload()
    member = admin.locator("section[aria-labelledby=members-title]").get_by_role(
        "row", name=re.compile("new.person@example.org")
    )
    expect(member).to_contain_text("Nia Newcomer")
    expect(member.get_by_role("combobox")).to_have_value(Role.REVIEWER)
    expect(pending.get_by_role("row", name=re.compile("new.person@example.org"))).to_have_count(0)
    expect(pending).to_contain_text("No invitations are waiting.")

    response = newcomer.goto(url)
    assert response.status == 410
    expect(newcomer.get_by_role("alert")).to_contain_text("already been used")
    screenshot(newcomer, "invitation-used")
    assert Invitation.objects.get(email="new.person@example.org").accepted_at is not None


def test_an_admin_changes_a_role_but_cannot_demote_the_last_admin(live_server, page, riverside):
    log_in(page, live_server.url, riverside.admin.user.email)
    author = riverside.author
    row = page.locator(f"#member-{author.pk}")
    row.get_by_label(f"Role of {author.user.email}").select_option(Role.REVIEWER)
    row.get_by_role("button", name="Change role").click()

    expect(page.locator(".message.success")).to_have_text(f"{author.user} is now reviewer.")
    expect(row.get_by_role("combobox")).to_have_value(Role.REVIEWER)
    author.refresh_from_db()
    assert author.role == Role.REVIEWER

    admin = riverside.admin
    row = page.locator(f"#member-{admin.pk}")
    row.get_by_label(f"Role of {admin.user.email}").select_option(Role.AUTHOR)
    row.get_by_role("button", name="Change role").click()

    expect(page.locator(".message.error")).to_contain_text("last admin")
    expect(page.locator(".message.success")).to_have_count(0)
    expect(row.get_by_role("combobox")).to_have_value(Role.ADMIN)
    expect_nav(page, NAV[Role.ADMIN])
    screenshot(page, "members-last-admin-error")
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_an_admin_removes_a_member_only_after_confirming(live_server, page, riverside):
    log_in(page, live_server.url, riverside.admin.user.email)
    viewer = riverside.viewer
    row = page.locator(f"#member-{viewer.pk}")
    remove = row.get_by_role("button", name=f"Remove {viewer.user.email}")
    prompts = []

    def dismiss(dialog):
        prompts.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    remove.click()
    expect(row).to_be_visible()
    assert prompts == [f"Remove {viewer.user.email} from Riverside Community Health?"]
    assert Membership.objects.filter(pk=viewer.pk).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()

    expect(page.locator(".message.success")).to_have_text(
        f"{viewer.user} was removed from Riverside Community Health."
    )
    expect(row).to_have_count(0)
    assert not Membership.objects.filter(pk=viewer.pk).exists()


def test_the_members_page_fits_a_phone_screen_without_sideways_scrolling(
    live_server, new_page, riverside
):
    page = new_page(viewport=PHONE)
    log_in(page, live_server.url, riverside.admin.user.email)
    expect_path(page, live_server.url, "/o/riverside/settings/members/")
    # A pending invitation too, so both tables are on the page.
    invite = page.locator("form[action$='/settings/members/invite/']")
    invite.get_by_label("Email address").fill("a.rather.long.address.for.a.phone@example.org")
    invite.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".message")).to_contain_text("Invitation sent")

    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    screenshot(page, "members-phone")
    assert widths["scroll"] <= widths["inner"], (widths, page.evaluate(WHAT_WIDENS_THE_PAGE))


@pytest.mark.parametrize(
    "page_name",
    ["login", "members"],
)
def test_the_first_tab_focuses_the_skip_to_content_link_and_shows_it(
    live_server, page, riverside, page_name
):
    if page_name == "login":
        page.goto(f"{live_server.url}/accounts/login/")
    else:
        log_in(page, live_server.url, riverside.admin.user.email)
        expect_path(page, live_server.url, "/o/riverside/settings/members/")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.bounding_box()["x"] < 0  # off screen until focused

    page.keyboard.press("Tab")

    expect(skip).to_be_focused(timeout=1_000)
    box = skip.bounding_box()
    viewport = page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    screenshot(page, f"{page_name}-skip-link")

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

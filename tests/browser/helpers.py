"""Steps the browser tests share: logging in, checking the navigation, saving a screenshot."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from socialops.testing import PASSWORD

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"


def screenshot(page: Page, name: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def expect_nav(page: Page, labels: list[str]) -> None:
    """The main navigation shows exactly these sections, in this order."""
    expect(page.locator("nav[aria-label=Main]").get_by_role("link")).to_have_text(labels)


def expect_path(page: Page, base_url: str, path: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(base_url + path) + r"(\?.*)?$"))

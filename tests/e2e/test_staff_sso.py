"""Shop staff in a real browser: no password form in the shop, a confirmation
before switching who is signed in, and "Log out everywhere" on the account page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARTIFACTS = Path(os.environ.get("SOUK_E2E_ARTIFACTS", "/tmp/souk-e2e"))
WIDTHS = (390, 1280)


def _shots(page, name: str) -> None:
    """At phone and desktop widths, to the artifacts folder (to look at); to docs/
    only with SOUK_SCREENSHOTS=1."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"staff-{name}-{width}.png"), full_page=True)
        if os.environ.get("SOUK_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"staff-{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


def _log_in(page, platform_url, email, password="correct-horse-9"):
    page.goto(platform_url("/login/"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/shops/")


def test_shop_login_page_leads_to_my_shops(committed_shop_factory, page, shop_url, platform_url):
    shop = committed_shop_factory("corner", name="Corner Store")
    page.goto(shop_url(shop, "/admin/"))
    assert "/admin/login/" in page.url
    assert page.locator("input[type=password]").count() == 0
    _shots(page, "shop-login")
    page.get_by_role("link", name="Go to My shops").click()
    page.wait_for_url(re.compile(r"^http://souk\.test:\d+/login/"))


def test_switching_account_is_confirmed_and_log_out_everywhere_ends_shop_sessions(
    committed_shop_factory, browser, page, shop_url, platform_url, admin_login
):
    from accounts.models import Membership, Role, User

    shop = committed_shop_factory("quay", name="Quay Coffee")
    admin_login(shop)  # the owner, in this browser
    connection.set_schema_to_public()
    colleague = User.objects.create_user(email="sam@example.com", password="sam-secret-42")
    Membership.objects.create(account=colleague, shop=shop, role=Role.ADMIN)

    # Sam uses the same computer: signs in on the platform and opens the shop.
    page.goto(platform_url("/shops/"))
    page.get_by_role("button", name="Log out").click()
    _log_in(page, platform_url, "sam@example.com", "sam-secret-42")
    page.locator("button[data-enter=quay]").click()
    page.wait_for_url("**/_sso/?token=*")
    assert "owner-quay@example.com" in page.content()
    _shots(page, "switch-confirm")
    page.get_by_role("button", name="Continue as sam@example.com").click()
    page.wait_for_url(re.compile(r"^http://quay\.souk\.test:\d+/admin/$"))

    # The owner, on another computer, is in the shop admin ...
    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    other.set_default_timeout(15_000)
    admin_login(shop, on=other)
    # ... and ends every session from the account page on this one.
    page.goto(platform_url("/shops/"))
    page.get_by_role("button", name="Log out").click()
    _log_in(page, platform_url, "owner-quay@example.com")
    page.goto(platform_url("/account/"))
    _shots(page, "account")
    page.get_by_role("button", name="Log out everywhere").click()
    assert "Every other session of your account has ended" in page.content()
    other.goto(shop_url(shop, "/admin/"))
    assert "/admin/login/" in other.url
    other.context.close()

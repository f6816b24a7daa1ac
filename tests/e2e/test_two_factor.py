"""A merchant turns on two-factor authentication, then logs in with a code.

Screenshots of the enrolment, recovery-code and challenge pages at phone and desktop
widths refresh docs/screenshots/two-factor-*.png with ``SOUK_SCREENSHOTS=1`` (a plain
test run does not rewrite tracked files).
"""

from __future__ import annotations

import os
import re
from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import totp

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shoot(page, name: str) -> None:
    """Desktop then phone width, whole page; back to desktop."""
    if not os.environ.get("SOUK_SCREENSHOTS"):
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_merchant_enrols_then_logs_in_with_a_code(page, live_server):
    from accounts.models import User

    port = live_server.url.rsplit(":", 1)[1]
    platform = f"http://souk.test:{port}"
    User.objects.create_user(email="layla@example.com", password="figs-and-honey-77")

    page.goto(f"{platform}/login/")
    page.get_by_label("E-mail").fill("layla@example.com")
    page.get_by_label("Password").fill("figs-and-honey-77")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/shops/")

    # Offered, not forced: the prompt on My shops leads to enrolment.
    page.get_by_test_id("two-factor-offer").get_by_role("link").click()
    page.wait_for_url("**/account/security/two-factor/")
    assert page.locator("svg.qr").is_visible()
    secret = page.locator("[data-secret]").get_attribute("data-secret")
    key = b32decode(secret)
    shoot(page, "two-factor-enrol")

    page.get_by_label("Enter the 6-digit code the app shows").fill("000000")
    page.get_by_role("button", name="Confirm and turn on").click()
    assert "does not match" in page.locator("[role=alert]").inner_text()
    page.get_by_label("Enter the 6-digit code the app shows").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Confirm and turn on").click()
    page.wait_for_url("**/account/security/recovery-codes/**")
    codes = page.locator("[data-recovery-code]").all_inner_texts()
    assert len(codes) == 10
    assert page.get_by_role("link", name="Download").get_attribute("download")
    shoot(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="I have saved them — continue").click()
    page.wait_for_url("**/account/security/")
    assert "10 recovery codes left" in page.get_by_test_id("security").inner_text()

    page.get_by_role("button", name="Log out").click()
    page.goto(f"{platform}/login/")
    page.get_by_label("E-mail").fill("layla@example.com")
    page.get_by_label("Password").fill("figs-and-honey-77")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/login/two-factor/")
    shoot(page, "two-factor-challenge")

    # The password alone opened nothing.
    page.goto(f"{platform}/shops/")
    page.wait_for_url(re.compile(r"/login/\?next="))
    page.goto(f"{platform}/login/two-factor/")
    # The app's next code (the one typed at enrolment cannot be used twice).
    page.get_by_label("6-digit code, or a recovery code").fill(f"{totp(key, drift=1):06d}")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/shops/")
    assert page.get_by_role("heading", name="My shops").is_visible()

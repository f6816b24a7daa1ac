"""A merchant connects Stripe from the shop admin and takes the shop out of test mode.

Stripe's hosted onboarding cannot run here: the browser is sent to the Account Link
localstripe made (its URL is checked), the merchant's work there is played by
localstripe's test-only route, and the browser comes back on the ``return_url``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import stripe

from connect.models import ConnectedAccount, PaymentSettings
from tests.billing.conftest import localstripe  # noqa: F401  (a fixture)
from tests.connect.conftest import FULLY_ENABLED, KEY, onboarding_done

pytestmark = pytest.mark.browser
ARTIFACTS = Path(os.environ.get("SOUK_E2E_ARTIFACTS", "/tmp/souk-e2e"))


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"connect-{name}.png"), full_page=True)


def test_merchant_connects_stripe_and_goes_live(
    request, committed_shop_factory, page, shop_url, settings, monkeypatch, admin_login
):
    base = request.getfixturevalue("localstripe")
    monkeypatch.setattr(stripe, "api_base", base)
    settings.STRIPE_SECRET_KEY = KEY
    shop = committed_shop_factory("kiosk", name="Kiosk")

    admin_login(shop)

    page.goto(shop_url(shop, "/admin/payments/"))
    assert page.locator("[data-connect-state]").get_attribute("data-connect-state") == (
        "not_connected"
    )
    # Test mode cannot be turned off yet: the page says why.
    page.get_by_role("button", name="Turn test mode off and take real payments").click()
    page.wait_for_url("**/admin/payments/")
    assert "Test mode stays on until your Stripe account can take payments" in page.content()
    _shot(page, "not-connected")

    with page.expect_navigation():
        page.get_by_role("button", name="Connect with Stripe").click()
    assert page.url.startswith(f"{base}/_souk/hosted/onboarding/")
    account = ConnectedAccount.objects.get(shop=shop)

    onboarding_done(base, account.account_id, **FULLY_ENABLED)
    page.goto(shop_url(shop, "/admin/payments/return/"))
    page.wait_for_url("**/admin/payments/")
    assert page.locator("[data-connect-state]").get_attribute("data-connect-state") == (
        "payouts_enabled"
    )
    page.get_by_role("button", name="Turn test mode off and take real payments").click()
    page.wait_for_url("**/admin/payments/")
    assert page.locator("[data-test-mode]").get_attribute("data-test-mode") == "off"
    _shot(page, "live")
    assert PaymentSettings.objects.get(shop=shop).test_mode is False

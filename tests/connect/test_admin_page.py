"""The shop admin's Payments page: state in plain words, connecting, test mode."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests

from connect.models import ConnectedAccount, PaymentSettings
from tests.accounts.conftest import shop_host
from tests.catalog.conftest import ALPHA, BETA, login
from tests.connect.conftest import FULLY_ENABLED, KEY, connected, onboarding_done

PAGE = "/admin/payments/"


@pytest.fixture
def owner_a(client, shop_a, shop_b):
    return login(client, ALPHA, "owner-alpha@example.com")


def _page(client, host=ALPHA) -> str:
    response = client.get(PAGE, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def _links(base) -> list[dict]:
    return requests.get(
        f"{base}/_souk/account_links", headers={"Authorization": f"Bearer {KEY}"}, timeout=10
    ).json()["data"]


def test_not_connected(connect_api, owner_a):
    html = _page(owner_a)
    assert 'data-connect-state="not_connected"' in html and "Not connected" in html
    assert "Connect with Stripe" in html and 'data-test-mode="on"' in html
    assert "Refresh from Stripe" not in html


def test_connect_with_stripe_creates_the_account_and_goes_to_onboarding(
    connect_api, owner_a, shop_a
):
    response = owner_a.post(PAGE + "connect/", HTTP_HOST=ALPHA)
    assert response.status_code == 302
    assert response["Location"].startswith(connect_api + "/_souk/hosted/onboarding/")
    account = ConnectedAccount.objects.get(shop=shop_a)
    link = _links(connect_api)[-1]
    assert link["account"] == account.account_id
    assert link["return_url"] == f"http://{ALPHA}/admin/payments/return/"
    assert link["refresh_url"] == f"http://{ALPHA}/admin/payments/onboarding/"
    # A second click (or a double click) reuses the account.
    owner_a.post(PAGE + "connect/", HTTP_HOST=ALPHA)
    assert ConnectedAccount.objects.count() == 1


def test_the_refresh_url_makes_a_fresh_link(connect_api, owner_a, shop_a):
    connected(shop_a)
    before = len(_links(connect_api))
    response = owner_a.get(PAGE + "onboarding/", HTTP_HOST=ALPHA)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path.startswith("/_souk/hosted/onboarding/")
    assert len(_links(connect_api)) == before + 1


def test_onboarding_incomplete_lists_what_stripe_needs(connect_api, owner_a, shop_a):
    connected(shop_a)
    html = _page(owner_a)
    assert 'data-connect-state="onboarding_incomplete"' in html
    assert "Continue on Stripe" in html and "Refresh from Stripe" in html
    assert "A bank account for payouts" in html and "Your date of birth" in html
    assert "external_account" not in html  # Stripe's codes stay behind the words


def test_returning_from_onboarding_refreshes_the_state(connect_api, owner_a, shop_a):
    account = connected(shop_a)
    onboarding_done(
        connect_api,
        account.account_id,
        charges_enabled=True,
        details_submitted=True,
        requirements={
            "currently_due": [],
            "past_due": [],
            "eventually_due": ["external_account"],
            "disabled_reason": None,
        },
    )
    response = owner_a.get(PAGE + "return/", HTTP_HOST=ALPHA, follow=True)
    html = response.content.decode()
    assert 'data-connect-state="charges_enabled"' in html
    assert "Payouts to your bank are not enabled yet" in html
    assert "Stripe will ask later for" in html and "A bank account for payouts" in html


def test_refresh_from_stripe_shows_payouts_enabled(connect_api, owner_a, shop_a):
    account = connected(shop_a)
    onboarding_done(connect_api, account.account_id, **FULLY_ENABLED)
    assert 'data-connect-state="onboarding_incomplete"' in _page(owner_a)
    response = owner_a.post(PAGE + "refresh/", HTTP_HOST=ALPHA, follow=True)
    html = response.content.decode()
    assert 'data-connect-state="payouts_enabled"' in html
    assert "Charges and payouts enabled" in html and "up to date" in html
    assert "Continue on Stripe" not in html


def test_restricted_shows_the_reason_and_the_overdue_requirements(connect_api, owner_a, shop_a):
    account = connected(shop_a)
    onboarding_done(
        connect_api,
        account.account_id,
        details_submitted=True,
        requirements={
            "past_due": ["company.tax_id"],
            "currently_due": ["company.tax_id"],
            "disabled_reason": "requirements.past_due",
        },
    )
    owner_a.post(PAGE + "refresh/", HTTP_HOST=ALPHA)
    html = _page(owner_a)
    assert 'data-connect-state="restricted"' in html
    assert "Stripe needs more information, and it is overdue." in html
    assert 'data-connect-requirements="past_due"' in html and "Your company&#x27;s tax ID" in html


def test_turning_test_mode_off_is_refused_until_charges_are_enabled(connect_api, owner_a, shop_a):
    connected(shop_a)
    response = owner_a.post(PAGE + "test-mode/", {"test_mode": "off"}, HTTP_HOST=ALPHA, follow=True)
    html = response.content.decode()
    assert "Test mode stays on until your Stripe account can take payments" in html
    assert 'data-test-mode="on"' in html
    assert not PaymentSettings.objects.filter(test_mode=False).exists()


def test_turning_test_mode_off_and_on_with_charges_enabled(connect_api, owner_a, shop_a):
    account = connected(shop_a)
    onboarding_done(connect_api, account.account_id, **FULLY_ENABLED)
    owner_a.post(PAGE + "refresh/", HTTP_HOST=ALPHA)
    response = owner_a.post(PAGE + "test-mode/", {"test_mode": "off"}, HTTP_HOST=ALPHA, follow=True)
    assert 'data-test-mode="off"' in response.content.decode()
    assert PaymentSettings.objects.get(shop=shop_a).test_mode is False
    response = owner_a.post(PAGE + "test-mode/", {"test_mode": "on"}, HTTP_HOST=ALPHA, follow=True)
    assert 'data-test-mode="on"' in response.content.decode()


def test_without_stripe_only_test_mode_is_offered(db, owner_a, settings):
    settings.STRIPE_SECRET_KEY = ""
    html = _page(owner_a)
    assert "only test mode is available" in html and "Connect with Stripe" not in html
    response = owner_a.post(PAGE + "connect/", HTTP_HOST=ALPHA, follow=True)
    assert "not set up on this platform" in response.content.decode()
    assert not ConnectedAccount.objects.exists()


def test_settings_staff_may_manage_payments_other_staff_may_not(
    connect_api, shop_a, member_of, enter
):
    settings_staff = enter(member_of(shop_a, permissions=["settings"]), shop_a)
    assert settings_staff.get(PAGE, HTTP_HOST=shop_host(shop_a)).status_code == 200
    products_staff = enter(member_of(shop_a, permissions=["products", "orders"]), shop_a)
    refused = products_staff.get(PAGE, HTTP_HOST=shop_host(shop_a))
    # Wagtail answers a PermissionDenied in its admin by a redirect to the dashboard.
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    for path, data in (("connect/", {}), ("test-mode/", {"test_mode": "off"}), ("refresh/", {})):
        response = products_staff.post(PAGE + path, data, HTTP_HOST=shop_host(shop_a))
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not ConnectedAccount.objects.exists()


def test_the_payments_menu_item_shows_to_those_who_may_use_it(
    connect_api, owner_a, shop_a, member_of, enter
):
    assert PAGE in owner_a.get("/admin/", HTTP_HOST=ALPHA).content.decode()
    products_staff = enter(member_of(shop_a, permissions=["products"]), shop_a)
    assert PAGE not in products_staff.get("/admin/", HTTP_HOST=shop_host(shop_a)).content.decode()


def test_a_merchant_of_a_cannot_see_or_change_bs_account(connect_api, owner_a, shop_a, shop_b):
    account_b = connected(shop_b)
    onboarding_done(connect_api, account_b.account_id, **FULLY_ENABLED)
    html = _page(owner_a)
    assert account_b.account_id not in html and 'data-connect-state="not_connected"' in html
    # A's session is nothing on B's host: the login page, never B's account.
    response = owner_a.get(PAGE, HTTP_HOST=BETA)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    for path, data in (("connect/", {}), ("test-mode/", {"test_mode": "off"}), ("refresh/", {})):
        response = owner_a.post(PAGE + path, data, HTTP_HOST=BETA)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    account_b.refresh_from_db()
    assert account_b.state == "onboarding_incomplete"  # B's refresh never ran
    assert not PaymentSettings.objects.filter(shop=shop_b).exists()
    # A connecting its own account does not touch B's. (The test client keeps one
    # cookie jar for every host: B's answers replaced A's session cookie.)
    login(owner_a, ALPHA, "owner-alpha@example.com")
    assert owner_a.post(PAGE + "connect/", HTTP_HOST=ALPHA).status_code == 302
    assert ConnectedAccount.objects.get(shop=shop_b).account_id == account_b.account_id
    assert ConnectedAccount.objects.get(shop=shop_a).account_id != account_b.account_id


def test_the_setup_guide_step_set_up_payments_ticks_when_charges_are_enabled(
    connect_api, owner_a, shop_a
):
    step = 'data-step="payments" data-step-done="{}"'
    assert step.format(0) in owner_a.get("/admin/", HTTP_HOST=ALPHA).content.decode()
    account = connected(shop_a)
    owner_a.post(PAGE + "refresh/", HTTP_HOST=ALPHA)
    assert step.format(0) in owner_a.get("/admin/", HTTP_HOST=ALPHA).content.decode()
    onboarding_done(connect_api, account.account_id, **FULLY_ENABLED)
    owner_a.post(PAGE + "refresh/", HTTP_HOST=ALPHA)
    body = owner_a.get("/admin/", HTTP_HOST=ALPHA).content.decode()
    assert step.format(1) in body and "1 of 7 done" in body

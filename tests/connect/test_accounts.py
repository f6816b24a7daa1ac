"""Connecting a shop's Stripe account (real SDK, localstripe) and following its state."""

from __future__ import annotations

import pytest
import requests
from django.core.exceptions import ValidationError

from connect import services
from connect.models import AccountState, ConnectedAccount
from connect.requirements import disabled_reason_words, requirement_words, requirements_words
from shops.models import ShopEvent
from tests.connect.conftest import (
    FULLY_ENABLED,
    KEY,
    connect_event,
    connected,
    onboarding_done,
    post_connect_event,
)


def test_connecting_creates_one_express_account_per_shop(connect_api, shop_a, shop_b):
    first = connected(shop_a)
    again = connected(shop_a)
    other = connected(shop_b)
    assert first.pk == again.pk and first.account_id.startswith("acct_")
    assert other.account_id != first.account_id
    assert ConnectedAccount.objects.count() == 2
    assert (first.type, first.livemode, first.state) == (
        "express",
        False,
        AccountState.ONBOARDING_INCOMPLETE,
    )
    assert "external_account" in first.requirements["currently_due"]
    remote = requests.get(
        f"{connect_api}/v1/accounts/{first.account_id}",
        headers={"Authorization": f"Bearer {KEY}"},
        timeout=10,
    ).json()
    assert remote["metadata"] == {"souk_shop_id": str(shop_a.pk)}
    assert remote["email"] == "owner-alpha@example.com"
    assert ShopEvent.objects.filter(shop=shop_a, action="payments.stripe_connected").count() == 1


def test_a_lost_answer_retried_gets_the_same_account_from_stripe(connect_api, shop_a):
    """The idempotency key per shop: Stripe answers a retry with the first account."""
    from connect import stripe_gateway

    first = stripe_gateway.account_create(shop_id=shop_a.pk, email="a@example.com", shop_name="A")
    second = stripe_gateway.account_create(shop_id=shop_a.pk, email="a@example.com", shop_name="A")
    assert first["id"] == second["id"]


def test_without_stripe_connecting_is_refused_with_a_message(db, shop_a, settings):
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(ValidationError, match="not set up on this platform"):
        services.account_connect(shop=shop_a)
    assert not ConnectedAccount.objects.exists()


def test_onboarding_links_point_back_at_the_admin(connect_api, shop_a):
    connected(shop_a)
    url = services.onboarding_url(
        shop=shop_a,
        return_url="http://alpha.souk.test/admin/payments/return/",
        refresh_url="http://alpha.souk.test/admin/payments/onboarding/",
    )
    assert url.startswith(connect_api)
    links = requests.get(
        f"{connect_api}/_souk/account_links", headers={"Authorization": f"Bearer {KEY}"}, timeout=10
    ).json()["data"]
    assert links[-1]["type"] == "account_onboarding"
    assert links[-1]["return_url"] == "http://alpha.souk.test/admin/payments/return/"
    assert links[-1]["refresh_url"] == "http://alpha.souk.test/admin/payments/onboarding/"


def test_a_link_for_a_shop_without_an_account_is_refused(connect_api, shop_a):
    with pytest.raises(ValidationError, match="Connect a Stripe account first"):
        services.onboarding_url(shop=shop_a, return_url="http://x/", refresh_url="http://x/")


def test_refresh_reads_the_account_from_stripe(connect_api, shop_a):
    account = connected(shop_a)
    onboarding_done(
        connect_api,
        account.account_id,
        charges_enabled=True,
        details_submitted=True,
        requirements={"currently_due": [], "past_due": [], "disabled_reason": None},
    )
    account = services.account_refresh(shop=shop_a)
    assert account.state == AccountState.CHARGES_ENABLED
    assert ShopEvent.objects.get(shop=shop_a, action="payments.stripe_state").detail == {
        "before": "onboarding_incomplete",
        "after": "charges_enabled",
    }
    services.account_refresh(shop=shop_a)  # nothing new: no second log entry
    assert ShopEvent.objects.filter(shop=shop_a, action="payments.stripe_state").count() == 1


def test_account_updated_reads_stripe_not_the_possibly_stale_event_body(
    connect_api, shop_a, client, django_capture_on_commit_callbacks
):
    account = connected(shop_a)
    onboarding_done(connect_api, account.account_id, **FULLY_ENABLED)
    # The body says "nothing enabled" (an older snapshot delivered late).
    stale = {"id": account.account_id, "object": "account", "charges_enabled": False}
    with django_capture_on_commit_callbacks(execute=True):
        post_connect_event(client, connect_event(account.account_id, "account.updated", stale))
    account.refresh_from_db()
    assert account.state == AccountState.PAYOUTS_ENABLED


def test_a_merchant_disconnecting_the_platform_stops_live_payments(
    connect_api, shop_a, client, django_capture_on_commit_callbacks
):
    account = connected(shop_a)
    onboarding_done(connect_api, account.account_id, **FULLY_ENABLED)
    services.account_refresh(shop=shop_a)
    event = connect_event(
        account.account_id,
        "account.application.deauthorized",
        {"id": "ca_platform", "object": "application"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_connect_event(client, event)
    account.refresh_from_db()
    assert account.deauthorized_at is not None and not account.charges_enabled
    assert account.state == AccountState.RESTRICTED


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({}, AccountState.ONBOARDING_INCOMPLETE),
        ({"details_submitted": True}, AccountState.RESTRICTED),
        (
            {"requirements": {"disabled_reason": "rejected.fraud"}},
            AccountState.RESTRICTED,
        ),
        ({"details_submitted": True, "charges_enabled": True}, AccountState.CHARGES_ENABLED),
        (
            {"details_submitted": True, "charges_enabled": True, "payouts_enabled": True},
            AccountState.PAYOUTS_ENABLED,
        ),
    ],
)
def test_the_state_follows_stripes_flags(fields, state):
    account = ConnectedAccount(account_id="acct_x", **fields)
    assert account.state == state


def test_requirements_are_worded_for_the_merchant():
    assert requirement_words("external_account") == "a bank account for payouts"
    assert requirement_words("individual.dob.day") == "your date of birth"
    assert requirement_words("company.tax_id") == "your company's tax ID"
    assert requirement_words("person_1AbC.relationship.title") == "Person relationship title"
    assert requirements_words(
        ["individual.dob.day", "individual.dob.month", "external_account"]
    ) == ["your date of birth", "a bank account for payouts"]
    assert "overdue" in disabled_reason_words("requirements.past_due")
    assert "dashboard" in disabled_reason_words("something.new")

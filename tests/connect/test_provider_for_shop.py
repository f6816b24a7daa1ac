"""Which provider a shop's checkout gets: test gateway, Stripe, or none at all."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from billing.models import Plan
from billing.trials import subscription_trial_start
from connect import services
from connect.models import ConnectedAccount, PaymentSettings
from payments.providers import PaymentsUnavailable, TestGateway, provider_for_shop
from payments.stripe_provider import StripeProvider
from tests.connect.conftest import FULLY_ENABLED, connected, onboarding_done


def test_a_new_shop_is_in_test_mode_and_gets_the_test_gateway(db, shop_a):
    with schema_context(shop_a.schema_name):
        assert isinstance(provider_for_shop(), TestGateway)
    assert not PaymentSettings.objects.exists()


def test_test_mode_stays_on_without_an_account_that_can_charge(connect_api, shop_a):
    with pytest.raises(ValidationError, match="Test mode stays on"):
        services.test_mode_set(shop=shop_a, on=False)
    connected(shop_a)  # onboarding not finished
    with pytest.raises(ValidationError, match="Test mode stays on"):
        services.test_mode_set(shop=shop_a, on=False)
    assert services.test_mode_of(shop_a) is True
    with schema_context(shop_a.schema_name):
        assert isinstance(provider_for_shop(), TestGateway)


def test_out_of_test_mode_the_shop_charges_on_its_account_with_the_plan_fee(connect_api, shop_a):
    subscription_trial_start(shop=shop_a, plan=Plan.objects.get(code="starter"))
    account = connected(shop_a)
    onboarding_done(connect_api, account.account_id, **FULLY_ENABLED)
    services.account_refresh(shop=shop_a)
    services.test_mode_set(shop=shop_a, on=False)
    with schema_context(shop_a.schema_name):
        provider = provider_for_shop()
    assert isinstance(provider, StripeProvider)
    assert provider.account_id == account.account_id
    fee = Plan.objects.get(code="starter").transaction_fee_percent
    assert provider.application_fee_percent == fee and isinstance(fee, Decimal)


def test_a_shop_without_a_plan_pays_no_fee(connect_api, shop_a):
    account = connected(shop_a)
    onboarding_done(connect_api, account.account_id, **FULLY_ENABLED)
    services.account_refresh(shop=shop_a)
    services.test_mode_set(shop=shop_a, on=False)
    assert provider_for_shop(shop_a).application_fee_percent == Decimal("0")


def test_a_live_shop_whose_account_lost_its_charges_takes_no_payments(connect_api, shop_a):
    account = connected(shop_a)
    onboarding_done(connect_api, account.account_id, **FULLY_ENABLED)
    services.account_refresh(shop=shop_a)
    services.test_mode_set(shop=shop_a, on=False)
    onboarding_done(
        connect_api,
        account.account_id,
        charges_enabled=False,
        requirements={"disabled_reason": "requirements.past_due", "past_due": ["company.tax_id"]},
    )
    services.account_refresh(shop=shop_a)
    with schema_context(shop_a.schema_name), pytest.raises(PaymentsUnavailable):
        provider_for_shop()
    # Not the test gateway either: the merchant chose live payments.
    ConnectedAccount.objects.filter(shop=shop_a).delete()
    with schema_context(shop_a.schema_name), pytest.raises(PaymentsUnavailable):
        provider_for_shop()
    # Test mode back on: the test gateway again.
    services.test_mode_set(shop=shop_a, on=True)
    with schema_context(shop_a.schema_name):
        assert isinstance(provider_for_shop(), TestGateway)


def test_each_shop_gets_its_own_account(connect_api, shop_a, shop_b):
    for shop in (shop_a, shop_b):
        account = connected(shop)
        onboarding_done(connect_api, account.account_id, **FULLY_ENABLED)
        services.account_refresh(shop=shop)
    services.test_mode_set(shop=shop_a, on=False)
    services.test_mode_set(shop=shop_b, on=False)
    with schema_context(shop_a.schema_name):
        a = provider_for_shop()
    with schema_context(shop_b.schema_name):
        b = provider_for_shop()
    assert a.account_id == ConnectedAccount.objects.get(shop=shop_a).account_id
    assert b.account_id == ConnectedAccount.objects.get(shop=shop_b).account_id
    assert a.account_id != b.account_id


def test_money_already_taken_goes_back_through_the_provider_that_holds_it(connect_api, shop_a):
    """A Stripe charge is refunded on Stripe even after the merchant switched back to
    test mode, or Stripe disabled charges; without an account it cannot be reached."""
    from payments.providers import provider_named

    with schema_context(shop_a.schema_name):
        assert isinstance(provider_named("test"), TestGateway)
        with pytest.raises(PaymentsUnavailable):
            provider_named("stripe")  # never connected
        with pytest.raises(PaymentsUnavailable):
            provider_named("paypal")
    account = connected(shop_a)  # onboarding not finished, still in test mode
    with schema_context(shop_a.schema_name):
        assert isinstance(provider_for_shop(), TestGateway)
        stripe_provider = provider_named("stripe")
    assert isinstance(stripe_provider, StripeProvider)
    assert stripe_provider.account_id == account.account_id
    ConnectedAccount.objects.filter(pk=account.pk).update(deauthorized_at=timezone.now())
    with schema_context(shop_a.schema_name), pytest.raises(PaymentsUnavailable):
        provider_named("stripe")

"""Stripe Connect end to end: a shop connected through the real services, out of test mode,
paid by card on its own account, its events arriving at the Connect webhook signed
as Stripe signs them and applied by the real handlers in the right shop.

Nothing here patches a provider: ``provider_for_shop`` builds the StripeProvider
from the shop's ``ConnectedAccount`` and plan, as in production.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
import stripe
from django_tenants.utils import schema_context

from billing.models import Plan
from billing.trials import subscription_trial_start
from checkout.services import PlaceResult, checkout_place_order
from connect import services
from connect.models import ConnectEvent
from orders.models import Order
from payments.models import Payment, PaymentAttempt, PaymentRefund
from payments.providers import provider_for_shop
from payments.stripe_provider import StripeProvider
from tests.checkout.conftest import ready_checkout, shop_setup
from tests.connect.conftest import (
    FULLY_ENABLED,
    KEY,
    connect_event,
    connected,
    onboarding_done,
    post_connect_event,
)
from tests.payments.conftest import CARD_3DS, authenticate, payment_method, souk_requests

FEE = Decimal("2.50")


def _live(shop, base) -> str:
    """The merchant connects Stripe, finishes onboarding and leaves test mode."""
    Plan.objects.filter(code="starter").update(transaction_fee_percent=FEE)
    subscription_trial_start(shop=shop, plan=Plan.objects.get(code="starter"))
    account = connected(shop)
    onboarding_done(base, account.account_id, **FULLY_ENABLED)
    services.account_refresh(shop=shop)
    services.test_mode_set(shop=shop, on=False)
    return account.account_id


def _intent(reference: str, account: str) -> dict:
    return stripe.PaymentIntent.retrieve(reference, api_key=KEY, stripe_account=account).to_dict()


@pytest.fixture
def live_shop(connect_api, shop_a, settings):
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_souk"
    account = _live(shop_a, connect_api)
    with schema_context(shop_a.schema_name):
        shop_setup()
    return shop_a, account


def test_a_3ds_payment_left_by_the_shopper_is_placed_by_the_signed_webhook_once(
    live_shop, connect_api, client, django_capture_on_commit_callbacks
):
    shop, account = live_shop
    with schema_context(shop.schema_name):
        provider = provider_for_shop()
        assert isinstance(provider, StripeProvider) and provider.account_id == account
        session = ready_checkout(price="10.00", quantity=2, stock=5)
        card = {
            "payment_method": payment_method(CARD_3DS, account=account),
            "return_url": "https://alpha.souk.test/checkout/payment/return/",
        }
        result = checkout_place_order(session=session, card=card, provider=provider, currency="USD")
        assert result.status == PlaceResult.ACTION and result.redirect_url
        reference = PaymentAttempt.objects.get().reference
    # The shopper passes 3-D Secure, then closes the tab: only Stripe's event is left.
    authenticate(reference, success=True)
    succeeded = connect_event(account, "payment_intent.succeeded", _intent(reference, account))
    other_shop = connect_event("acct_someone_else", "payment_intent.succeeded", {"id": "pi_x"})
    deliveries = [succeeded] * 20 + [other_shop] * 5
    random.Random(3).shuffle(deliveries)
    with django_capture_on_commit_callbacks(execute=True):
        for event in deliveries:
            assert post_connect_event(client, event).status_code == 200

    stored = ConnectEvent.objects.get(event_id=succeeded["id"])
    assert (stored.status, stored.shop_id, stored.attempts) == ("applied", shop.pk, 1)
    assert ConnectEvent.objects.get(event_id=other_shop["id"]).status == "ignored"
    with schema_context(shop.schema_name):
        order = Order.objects.get()
        assert order.financial_status == Order.FinancialStatus.PAID
        payment = Payment.objects.get()
        assert (payment.provider, payment.reference) == ("stripe", reference)
    # The charge was a direct charge on the shop's account with the plan's fee:
    # 2.5 % of the order total in cents, rounded once (half up).
    (created,) = souk_requests(connect_api)  # one PaymentIntent created, once
    assert created["account"] == account
    amount = int(created["params"]["amount"])
    assert amount == int(order.total * 100)
    expected_fee = (Decimal(amount) * FEE / 100).quantize(Decimal("1"), "ROUND_HALF_UP")
    assert int(created["params"]["application_fee_amount"]) == expected_fee


def test_a_dashboard_refund_reaches_the_order_once_through_the_webhook(
    live_shop, connect_api, client, django_capture_on_commit_callbacks
):
    shop, account = live_shop
    with schema_context(shop.schema_name):
        session = ready_checkout(price="10.00", quantity=1, stock=5)
        card = {
            "payment_method": payment_method("4242424242424242", account=account),
            "return_url": "https://alpha.souk.test/checkout/payment/return/",
        }
        result = checkout_place_order(
            session=session, card=card, provider=provider_for_shop(), currency="USD"
        )
        assert result.placed
        reference = Payment.objects.get().reference
    # The merchant refunds 4.00 in Stripe's dashboard; Stripe sends refund.created.
    refund = stripe.Refund.create(
        api_key=KEY, stripe_account=account, payment_intent=reference, amount=400
    ).to_dict()
    event = connect_event(account, "refund.created", refund)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert post_connect_event(client, event).status_code == 200
    with schema_context(shop.schema_name):
        assert PaymentRefund.objects.get().provider_refund_id == refund["id"]
        order = Order.objects.get()
        assert order.refunded_total == Decimal("4.00")
        assert order.financial_status == Order.FinancialStatus.PARTIALLY_REFUNDED

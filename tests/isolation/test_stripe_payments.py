"""Stripe events name PaymentIntents, refunds and disputes by Stripe id: only their shop moves.

The Connect webhook routes an event to its shop by the event's ``account``; these tests
check the layer below: an event about shop B's payment, applied while shop A's schema
is current (a routing bug, a replay in the wrong shop), finds nothing in A and changes
nothing anywhere, and the same event applied in B changes only B.
"""

from __future__ import annotations

import stripe
from django.db import transaction
from django_tenants.utils import schema_context

from checkout.dispatch import STRIPE_EVENT_HANDLERS
from checkout.services import checkout_place_order
from orders.models import Order, OrderEvent, Refund
from payments.models import Payment, PaymentAttempt, PaymentRefund
from tests.checkout.conftest import ready_checkout, shop_setup
from tests.payments.conftest import (  # noqa: F401  (fixtures)
    ACCOUNT,
    CARD_3DS,
    KEY,
    authenticate,
    intent,
    intent_event,
    localstripe,
    payment_method,
    stripe_api,
    stripe_provider,
)


def deliver(event):
    with transaction.atomic():
        STRIPE_EVENT_HANDLERS[event["type"]](event=event)


def snapshot():
    return {
        "orders": list(Order.objects.values_list("pk", "financial_status", "refunded_total")),
        "attempts": list(PaymentAttempt.objects.values_list("pk", "status")),
        "refunds": Refund.objects.count(),
        "provider_refunds": PaymentRefund.objects.count(),
        "events": OrderEvent.objects.count(),
    }


def test_shop_b_payment_events_do_nothing_in_shop_a(shop_a, shop_b, stripe_provider):  # noqa: F811
    for shop in (shop_a, shop_b):
        with schema_context(shop.schema_name):
            shop_setup()
            assert checkout_place_order(
                session=ready_checkout(),
                card={"payment_method": payment_method()},
                provider=stripe_provider,
                currency="USD",
            ).placed
    with schema_context(shop_b.schema_name):
        waiting = ready_checkout(price="3.00", quantity=1)
        checkout_place_order(
            session=waiting,
            card={"payment_method": payment_method(CARD_3DS), "return_url": "https://b/r"},
            provider=stripe_provider,
            currency="USD",
        )
        b_pending = PaymentAttempt.objects.get(status="requires_action").reference
        b_paid = Payment.objects.get().reference
    authenticate(b_pending, success=True)
    stripe.Refund.create(payment_intent=b_paid, amount=300, api_key=KEY, stripe_account=ACCOUNT)
    refunds = stripe.Refund.list(payment_intent=b_paid, api_key=KEY).to_dict()["data"]
    events = [
        intent_event(intent(b_pending), "payment_intent.succeeded"),
        intent_event(
            {
                "id": "ch_b",
                "object": "charge",
                "payment_intent": b_paid,
                "refunds": {"data": refunds},
            },
            "charge.refunded",
        ),
        intent_event(refunds[0], "refund.updated"),
        intent_event(
            {
                "id": "dp_b",
                "object": "dispute",
                "amount": 2900,
                "currency": "usd",
                "payment_intent": b_paid,
                "reason": "fraudulent",
                "status": "needs_response",
            },
            "charge.dispute.created",
        ),
    ]
    with schema_context(shop_a.schema_name):
        a_before = snapshot()
    with schema_context(shop_b.schema_name):
        b_before = snapshot()

    with schema_context(shop_a.schema_name):
        for event in events:
            deliver(event)
        assert snapshot() == a_before
    with schema_context(shop_b.schema_name):
        assert snapshot() == b_before
        for event in events:
            deliver(event)
        assert Order.objects.count() == 2  # B's 3-D Secure checkout placed
        assert PaymentRefund.objects.get().amount == 3
        assert OrderEvent.objects.filter(kind="dispute").count() == 1
    with schema_context(shop_a.schema_name):
        assert snapshot() == a_before

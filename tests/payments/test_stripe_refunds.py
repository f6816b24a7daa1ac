"""Refunds and disputes of orders paid through Stripe (localstripe, real SDK, Stripe-shaped events).

Refunds asked in the order admin go to Stripe through the provider; refunds Stripe
reports (``charge.refunded``, ``refund.*``) are recorded once per refund id whoever
asked for them; disputes land on the order's timeline and in the merchant's inbox.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import stripe
from django.core.exceptions import ValidationError
from django.db import transaction
from django_tenants.utils import schema_context

from checkout.dispatch import STRIPE_EVENT_HANDLERS
from checkout.services import checkout_place_order
from orders.models import Order, OrderEvent, Refund
from payments.models import Payment, PaymentRefund
from payments.refunds import order_refund_through_provider
from tests.checkout.conftest import ready_checkout, shop_setup
from tests.orders.conftest import ALPHA, login
from tests.payments.conftest import ACCOUNT, KEY, intent_event, payment_method


@pytest.fixture
def paid(shop_a, stripe_provider):
    """A $29.00 order paid by card through Stripe, in shop A's schema."""
    with schema_context(shop_a.schema_name):
        shop_setup()
        session = ready_checkout(price="10.00", quantity=2)
        result = checkout_place_order(
            session=session,
            card={"payment_method": payment_method()},
            provider=stripe_provider,
            currency="USD",
        )
        assert result.placed
        yield Order.objects.get()


def stripe_refunds(payment: Payment) -> list[dict]:
    found = stripe.Refund.list(payment_intent=payment.reference, api_key=KEY, limit=100)
    return [r.to_dict() for r in found.data]


def deliver(event: dict, times: int = 1) -> None:
    for _ in range(times):
        with transaction.atomic():
            STRIPE_EVENT_HANDLERS[event["type"]](event=event)


def refund(order, amount=None, **kwargs):
    return order_refund_through_provider(
        order=order, amount=amount, reason=kwargs.pop("reason", "Broken"), actor="owner", **kwargs
    )


def test_partial_then_full_refund_goes_to_stripe(paid):
    payment = Payment.objects.get()

    first = refund(paid, "10.00")
    paid.refresh_from_db()
    assert paid.financial_status == Order.FinancialStatus.PARTIALLY_REFUNDED
    (row,) = PaymentRefund.objects.all()
    assert (row.amount, row.order_refund_id) == (Decimal("10.00"), first.pk)
    assert [r["amount"] for r in stripe_refunds(payment)] == [1000]
    assert row.provider_refund_id == stripe_refunds(payment)[0]["id"]

    refund(paid)  # everything left
    paid.refresh_from_db()
    payment.refresh_from_db()
    assert paid.financial_status == Order.FinancialStatus.REFUNDED
    assert paid.refunded_total == Decimal("29.00")
    assert payment.status == Payment.Status.REFUNDED
    assert sorted(r["amount"] for r in stripe_refunds(payment)) == [1000, 1900]


def test_refund_larger_than_what_is_left_is_refused_before_stripe(paid):
    refund(paid, "20.00")
    with pytest.raises(ValidationError) as refused:
        refund(paid, "9.01")
    assert "Only $9.00 is left to refund" in " ".join(refused.value.messages)
    assert len(stripe_refunds(Payment.objects.get())) == 1
    assert Refund.objects.count() == 1 and PaymentRefund.objects.count() == 1


def test_refund_stripe_refuses_records_nothing(paid):
    payment = Payment.objects.get()
    # Refunded in the Stripe dashboard; its webhook has not arrived yet.
    stripe.Refund.create(
        payment_intent=payment.reference, amount=2500, api_key=KEY, stripe_account=ACCOUNT
    )
    with pytest.raises(ValidationError) as refused:
        refund(paid, "10.00")
    assert "Stripe refused the refund" in " ".join(refused.value.messages)
    paid.refresh_from_db()
    assert paid.refunded_total == 0 and not Refund.objects.exists()
    assert not PaymentRefund.objects.exists()


@pytest.mark.parametrize("embedded", [True, False])
def test_refund_webhooks_are_recorded_once_per_refund_id(paid, embedded):
    payment = Payment.objects.get()
    refund(paid, "4.00")  # asked here: recorded when Stripe answered
    stripe.Refund.create(  # made in the Stripe dashboard: only the webhooks tell
        payment_intent=payment.reference, amount=500, api_key=KEY, stripe_account=ACCOUNT
    )
    refunds = stripe_refunds(payment)
    charge = {
        "id": "ch_x",
        "object": "charge",
        "payment_intent": payment.reference,
        "amount": 2900,
        "amount_refunded": 900,
        "refunded": False,
    }
    if embedded:
        charge["refunds"] = {"object": "list", "data": refunds}
    deliver(intent_event(charge, "charge.refunded"), times=5)
    for one in refunds:
        deliver(intent_event(one, "refund.updated"), times=3)
        deliver(intent_event(one, "refund.created"))

    paid.refresh_from_db()
    assert paid.refunded_total == Decimal("9.00")
    assert PaymentRefund.objects.count() == 2 and Refund.objects.count() == 2
    dashboard = PaymentRefund.objects.get(amount=Decimal("5.00"))
    assert dashboard.order_refund.created_by == "stripe"


def test_a_refund_that_fails_later_is_flagged_for_the_merchant(paid):
    refund(paid, "4.00")
    (one,) = stripe_refunds(Payment.objects.get())
    deliver(intent_event({**one, "status": "failed"}, "refund.updated"), times=2)
    assert PaymentRefund.objects.get().status == "failed"
    flags = paid.events.filter(kind=OrderEvent.Kind.PAYMENT)
    assert flags.count() == 1 and "did not go back" in flags.get().message


def dispute(payment: Payment, status: str) -> dict:
    return {
        "id": "dp_1",
        "object": "dispute",
        "amount": 2900,
        "currency": "usd",
        "payment_intent": payment.reference,
        "charge": "ch_x",
        "reason": "fraudulent",
        "status": status,
    }


def test_disputes_go_on_the_timeline_and_email_the_merchant(
    paid, mailoutbox, django_capture_on_commit_callbacks
):
    payment = Payment.objects.get()
    opened = intent_event(dispute(payment, "needs_response"), "charge.dispute.created")
    with django_capture_on_commit_callbacks(execute=True):
        deliver(opened, times=4)
    closed = intent_event(dispute(payment, "won"), "charge.dispute.closed")
    with django_capture_on_commit_callbacks(execute=True):
        deliver(closed, times=2)

    entries = list(paid.events.filter(kind=OrderEvent.Kind.DISPUTE).order_by("pk"))
    assert [e.data["stage"] for e in entries] == ["created", "closed"]
    assert "$29.00" in entries[0].message and "fraudulent" in entries[0].message
    assert "needs your response" in entries[0].message and "won" in entries[1].message
    assert len(mailoutbox) == 2
    assert mailoutbox[0].to == ["owner-alpha@example.com"]
    assert "disputed" in mailoutbox[0].subject


def test_order_admin_refunds_through_stripe_and_refuses_more_than_is_left(
    paid, shop_a, client, stripe_provider
):
    login(client, ALPHA, "owner-alpha@example.com")
    url = f"/admin/orders/{paid.pk}/refund/"
    with schema_context("public"):
        done = client.post(url, {"amount": "12.00", "reason": "dent"}, HTTP_HOST=ALPHA, follow=True)
        assert "Refund recorded." in done.content.decode()
        refused = client.post(url, {"amount": "17.01"}, HTTP_HOST=ALPHA, follow=True)
        assert "Only $17.00 is left to refund on this order; $17.01 was asked." in (
            refused.content.decode()
        )
    assert [r["amount"] for r in stripe_refunds(Payment.objects.get())] == [1200]
    paid.refresh_from_db()
    assert paid.refunded_total == Decimal("12.00")
    assert PaymentRefund.objects.get().order_refund.reason == "dent"

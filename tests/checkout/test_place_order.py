"""Placing the order: every refusal leaves nothing placed and nothing charged twice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from cart.models import CartLine
from catalog.services import variant_update
from checkout.models import CheckoutSession
from checkout.services import PlaceResult, checkout_place_order
from discounts.services import discount_code_create
from inventory.models import Reservation, StockLevel
from inventory.services import stock_set
from orders.models import Order
from payments.models import Payment
from payments.providers import TestGateway
from tests.checkout.conftest import CARD_OK, ready_checkout


def card(number):
    return {**CARD_OK, "number": number}


class CountingGateway(TestGateway):
    def __init__(self):
        self.calls = []

    def charge(self, **kwargs):
        self.calls.append(kwargs["idempotency_key"])
        return super().charge(**kwargs)


def place(session, number="1", provider=None):
    return checkout_place_order(
        session=session, card=card(number), provider=provider, currency="EUR"
    )


def held(session) -> int:
    return sum(
        Reservation.objects.filter(token=str(session.token), status="active").values_list(
            "quantity", flat=True
        )
    )


def test_places_one_paid_order_and_empties_the_cart(shop, django_capture_on_commit_callbacks):
    session = ready_checkout()
    with django_capture_on_commit_callbacks(execute=True):
        result = place(session, "4242 4242 4242 4242")

    assert result.status == PlaceResult.PLACED
    order = result.order
    assert order.total == Decimal("29.00") and order.financial_status == "paid"
    assert order.checkout_token == str(session.token)
    payment = Payment.objects.get()
    assert (payment.order_id, payment.amount, payment.idempotency_key) == (
        order.pk,
        Decimal("29.00"),
        str(session.token),
    )
    assert payment.card_last4 == "4242"
    assert not CartLine.objects.filter(cart=session.cart).exists()
    assert StockLevel.objects.get().on_hand == 8  # sold, not just held
    session.refresh_from_db()
    assert session.state == "completed" and session.order_id == order.pk
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]


def test_submitting_again_returns_the_same_order_without_charging(shop):
    session = ready_checkout()
    gateway = CountingGateway()
    first = place(session, provider=gateway)
    again = place(session, provider=gateway)
    assert again.placed and again.order.pk == first.order.pk
    assert gateway.calls == [str(session.token)]
    assert Order.objects.count() == 1 and Payment.objects.count() == 1


def test_declined_card_places_nothing_releases_stock_keeps_cart(shop):
    session = ready_checkout()
    result = place(session, "2")
    assert result.status == PlaceResult.DECLINED
    assert "declined" in result.message
    assert not Order.objects.exists() and not Payment.objects.exists()
    assert held(session) == 0
    assert StockLevel.objects.get().reserved == 0
    assert CartLine.objects.filter(cart=session.cart).count() == 1
    # Another card afterwards is a new charge, with a key of its own.
    gateway = CountingGateway()
    assert place(session, "1", provider=gateway).placed
    assert gateway.calls == [f"{session.token}:1"]


def test_gateway_error_places_nothing_and_retry_uses_the_same_key(shop):
    session = ready_checkout()
    gateway = CountingGateway()
    result = place(session, "3", provider=gateway)
    assert result.status == PlaceResult.ERROR and "not charged" in result.message
    assert not Order.objects.exists() and held(session) == 0
    assert place(session, "1", provider=gateway).placed
    assert gateway.calls == [str(session.token), str(session.token)]


def test_invalid_card_number_is_a_field_error(shop):
    session = ready_checkout()
    result = place(session, "5555555555554444")
    assert result.status == PlaceResult.REFUSED
    assert "number" in result.field_errors
    assert not Order.objects.exists() and held(session) == 0


def test_price_changed_after_review_asks_again_then_places(shop):
    session = ready_checkout()
    variant = CartLine.objects.get(cart=session.cart).variant
    variant_update(variant=variant, price=Decimal("12.00"))

    result = place(session)
    assert result.status == PlaceResult.CHANGED
    assert "The price of “Blue mug” changed from €10.00 to €12.00." in result.changes
    assert "Total changed from €29.00 to €33.80." in result.changes
    assert not Order.objects.exists() and not Payment.objects.exists()
    assert held(session) == 0

    confirmed = place(session)  # the shopper saw the new amounts and confirms
    assert confirmed.placed and confirmed.order.total == Decimal("33.80")


def test_out_of_stock_at_submit(shop):
    session = ready_checkout(quantity=2, stock=5)
    variant = CartLine.objects.get(cart=session.cart).variant
    stock_set(variant=variant, on_hand=1)
    result = place(session)
    assert result.status == PlaceResult.REFUSED and result.step == "cart"
    assert "Only 1 left of “Blue mug”." in result.message
    assert not Order.objects.exists() and not Payment.objects.exists()


def test_sold_out_between_cart_check_and_reservation(shop):
    """The stock reservation itself refuses (someone else holds the units)."""
    from inventory.services import stock_reserve

    session = ready_checkout(quantity=2, stock=2)
    variant = CartLine.objects.get(cart=session.cart).variant
    stock_reserve(token="someone-else", lines=[(variant.pk, 1)])
    result = place(session)
    assert result.status == PlaceResult.REFUSED
    assert "Only 1 left" in result.message or "Not enough stock" in result.message
    assert not Order.objects.exists()


def test_empty_cart_at_submit(shop):
    session = ready_checkout()
    CartLine.objects.filter(cart=session.cart).delete()
    result = place(session)
    assert result.status == PlaceResult.REFUSED and result.step == "cart"
    assert "Your cart is empty" in result.message


def test_discount_applied_and_redeemed(shop):
    discount_code_create(code="SPRING10", kind="percentage", value=10)
    session = ready_checkout(discount_code="SPRING10")
    assert session.seen_discount == Decimal("2.00")
    result = place(session)
    assert result.placed
    assert result.order.discount_total == Decimal("2.00")
    assert result.order.discount_code == "SPRING10"
    from discounts.models import DiscountCode

    assert DiscountCode.objects.get().times_used == 1


def test_discount_expired_between_review_and_submit(shop):
    code = discount_code_create(code="SPRING10", kind="percentage", value=10)
    session = ready_checkout(discount_code="SPRING10")
    type(code).objects.filter(pk=code.pk).update(ends_at=timezone.now())
    result = place(session)
    assert result.status == PlaceResult.CHANGED
    assert any(
        c.startswith("Your discount no longer applies: This code expired") for c in result.changes
    )
    assert not Order.objects.exists()
    confirmed = place(session)  # confirmed without the discount
    assert confirmed.placed and confirmed.order.discount_total == Decimal("0.00")


def test_unknown_discount_code_is_reported_on_review(shop):
    session = ready_checkout(discount_code="NOPE")
    assert session.seen_discount == Decimal("0.00")
    assert session.discount_code == ""  # dropped after being shown once


def test_completed_checkout_constraint(shop):
    from django.db import IntegrityError, transaction

    session = ready_checkout()
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckoutSession.objects.filter(pk=session.pk).update(state="completed")

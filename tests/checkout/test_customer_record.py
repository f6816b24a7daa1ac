"""Placing an order makes sure the buyer has a customer record, guests included."""

from __future__ import annotations

from checkout.services import checkout_place_order
from customers.models import Customer
from orders.models import Order
from tests.checkout.conftest import CARD_OK, ready_checkout


def test_a_guest_order_makes_one_record_per_email_whatever_its_case(shop):
    first = checkout_place_order(session=ready_checkout(), card=CARD_OK, currency="EUR")
    assert first.placed
    customer = Customer.objects.with_stats().get()
    assert customer.email == "ana@example.com"
    assert (customer.first_name, customer.last_name) == ("Ana", "Lima")  # the shipping name
    assert customer.user_id is None
    assert customer.orders_count == 1 and customer.amount_spent == first.order.total

    session = ready_checkout()
    session.email = "ANA@Example.com"  # as a draft or an old session might hold it
    session.save(update_fields=["email"])
    second = checkout_place_order(session=session, card=CARD_OK, currency="EUR")
    assert second.placed
    assert Customer.objects.count() == 1


def test_a_failed_placement_leaves_no_record(shop, monkeypatch):
    import checkout.services.placing as placing

    def broken(**kwargs):
        raise RuntimeError("payment record failed")

    monkeypatch.setattr(placing, "payment_record", broken)
    result = checkout_place_order(session=ready_checkout(), card=CARD_OK, currency="EUR")
    assert not result.placed
    assert not Order.objects.exists() and not Customer.objects.exists()

"""order_place: numbering, idempotency, what is stored, the confirmation email."""

from __future__ import annotations

import threading
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context

from orders.models import Order, OrderEvent, OrderLine, OrderTaxLine
from orders.services import order_place
from tests.orders.conftest import place, placed_order, variant_with_stock


def test_numbers_start_at_1001_and_count_up(alpha):
    assert [place().number for _ in range(3)] == [1001, 1002, 1003]


def test_each_shop_numbers_from_1001(shop_a, shop_b):
    with schema_context(shop_a.schema_name):
        assert place().number == 1001
        assert place().number == 1002
    with schema_context(shop_b.schema_name):
        assert place().number == 1001
    with schema_context(shop_a.schema_name):
        assert place().number == 1003


def test_a_refused_order_gives_its_number_back(alpha):
    place()
    bad = placed_order()
    bad = replace(bad, totals=replace(bad.totals, total=Decimal("-1.00")))
    with pytest.raises(ValidationError):
        order_place(placed=bad)
    assert place().number == 1002


def test_stores_the_snapshot_checkout_confirmed(alpha):
    variant = variant_with_stock(title="Linen shirt", sku="LIN-1")
    order = place(lines=[(variant, 2, "25.00", "5.00"), (None, 1, "3.50")], shipping="4.00")
    order.refresh_from_db()
    assert order.currency == "EUR"
    assert order.subtotal == Decimal("53.50")
    assert order.discount_total == Decimal("5.00")
    # tax: 20% of 45.00 and of 3.50
    assert order.tax_total == Decimal("9.70")
    assert order.total == Decimal("53.50") - Decimal("5.00") + Decimal("4.00") + Decimal("9.70")
    assert order.financial_status == "pending"
    assert order.fulfilment_status == "unfulfilled"
    assert (order.fulfilment_party, order.invoicing_party) == ("merchant", "merchant")
    assert order.shipping_address["name"] == "Ada Lovelace"
    lines = list(OrderLine.objects.filter(order=order))
    assert [(line.product_title, line.sku, line.quantity) for line in lines] == [
        ("Linen shirt", "LIN-1", 2),
        ("Teapot", "", 1),
    ]
    assert lines[0].variant_id == variant.pk
    assert OrderTaxLine.objects.get(order=order).amount == Decimal("9.70")
    event = OrderEvent.objects.get(order=order)
    assert (event.kind, event.actor) == ("placed", "checkout")


def test_same_checkout_token_twice_is_one_order(alpha):
    placed = placed_order(token="cart-abc")
    first, created = order_place(placed=placed)
    again, created_again = order_place(placed=placed)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Order.objects.count() == 1
    assert OrderEvent.objects.filter(kind="placed").count() == 1


def test_a_deleted_variant_keeps_the_snapshot(alpha):
    variant = variant_with_stock(title="Gone soon")
    placed = placed_order(lines=[(variant, 1, "25.00")])
    variant.product.delete()
    order, _ = order_place(placed=placed)
    line = order.lines.get()
    assert line.variant_id is None and line.product_title == "Gone soon"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"checkout_token": ""}, "checkout_token"),
        ({"email": "not-an-email"}, "email"),
        ({"currency": "EU"}, "currency"),
        ({"lines": []}, "lines"),
        ({"customer_id": 999_999}, "customer_id"),
        ({"fulfilment_party": "someone"}, "fulfilment_party"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(alpha, change, field):
    with pytest.raises(ValidationError) as error:
        order_place(placed=replace(placed_order(), **change))
    assert field in error.value.message_dict
    assert not Order.objects.exists()


def test_subtotal_must_be_the_sum_of_the_lines(alpha):
    placed = placed_order()
    bad = replace(placed, totals=replace(placed.totals, subtotal=Decimal("1.00")))
    with pytest.raises(ValidationError) as error:
        order_place(placed=bad)
    assert "subtotal" in error.value.message_dict


def test_a_line_quantity_must_be_positive(alpha):
    placed = placed_order()
    bad = replace(placed, lines=[replace(placed.lines[0], quantity=0)])
    with pytest.raises(ValidationError):
        order_place(placed=bad)
    assert not Order.objects.exists()


def test_confirmation_email_is_sent_on_commit_only(
    alpha, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = place(email="grace@example.com")
    assert mailoutbox == []  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    [mail] = mailoutbox
    assert mail.to == ["grace@example.com"]
    assert "#1001" in mail.subject and "Alpha Goods" in mail.subject
    assert "Teapot" in mail.body and str(order.total) in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html" and "Teapot" in html
    assert order.events.filter(kind="email").exists()


def test_placing_twice_sends_one_email(alpha, mailoutbox, django_capture_on_commit_callbacks):
    placed = placed_order()
    with django_capture_on_commit_callbacks(execute=True):
        order_place(placed=placed)
        order_place(placed=placed)
    assert len(mailoutbox) == 1


def test_ten_concurrent_submits_with_one_token_make_one_order(committed_shop_factory):
    """Ten requests on ten connections, all past the lookup before any inserts."""
    shop = committed_shop_factory("racer")
    placed = placed_order(token="double-click")
    barrier = threading.Barrier(10)
    results, errors = [], []

    def submit():
        try:
            with schema_context(shop.schema_name):
                barrier.wait(timeout=10)
                order, created = order_place(placed=placed)
                results.append((order.pk, order.number, created))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(results) == 10
    assert {pk for pk, _, _ in results} == {results[0][0]}
    assert sum(created for _, _, created in results) == 1
    with schema_context(shop.schema_name):
        assert Order.objects.count() == 1
        assert Order.objects.get().number == 1001
        # No number was burnt by the losers.
        assert place().number == 1002

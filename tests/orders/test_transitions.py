"""Every status move: the allowed ones, the refused ones and their messages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inventory.models import StockLevel
from orders.models import Order, OrderEvent
from orders.services import (
    order_add_note,
    order_cancel,
    order_fulfil,
    order_mark_paid,
    order_refund,
    order_void,
)
from tests.orders.conftest import paid_order, place, variant_with_stock


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def kinds(order) -> list[str]:
    return list(
        OrderEvent.objects.filter(order=order).order_by("id").values_list("kind", flat=True)
    )


def on_hand(variant) -> int:
    return StockLevel.objects.get(variant=variant).on_hand


# --- Payment ----------------------------------------------------------------------


def test_mark_paid_moves_pending_to_paid(alpha):
    order = place()
    order = order_mark_paid(
        order=order, amount=str(order.total), reference="pi_9", actor="payments"
    )
    order.refresh_from_db()
    assert order.financial_status == "paid"
    assert order.payment_reference == "pi_9" and order.paid_at is not None
    assert kinds(order) == ["placed", "paid"]


def test_mark_paid_needs_the_exact_total(alpha):
    order = place()
    with pytest.raises(ValidationError) as error:
        order_mark_paid(order=order, amount=order.total - 1, reference="", actor="x")
    assert "does not match the order total" in messages(error.value)
    order.refresh_from_db()
    assert order.financial_status == "pending"


def test_mark_paid_twice_is_refused(alpha):
    order = paid_order()
    with pytest.raises(ValidationError) as error:
        order_mark_paid(order=order, amount=order.total, reference="", actor="x")
    assert "only a pending order can be marked as paid" in messages(error.value)
    assert kinds(order).count("paid") == 1


def test_void_only_a_pending_payment(alpha):
    order = place()
    order_void(order=order, reason="fraud check failed", actor="owner")
    order.refresh_from_db()
    assert order.financial_status == "voided"
    assert "fraud check failed" in order.events.get(kind="voided").message
    with pytest.raises(ValidationError, match="only a pending payment can be voided"):
        order_void(order=order, actor="owner")
    with pytest.raises(ValidationError, match="only a pending payment can be voided"):
        order_void(order=paid_order(), actor="owner")


def test_a_voided_order_cannot_be_paid_or_fulfilled(alpha):
    order = place()
    order_void(order=order, actor="owner")
    with pytest.raises(ValidationError, match="only a pending order"):
        order_mark_paid(order=order, amount=order.total, reference="", actor="x")
    with pytest.raises(ValidationError, match="cannot be fulfilled"):
        order_fulfil(order=order, lines=None, carrier="", tracking_number="", actor="x")


# --- Fulfilment -------------------------------------------------------------------


def test_partial_then_full_fulfilment(alpha):
    order = paid_order(lines=[(None, 3, "10.00"), (None, 1, "4.00")])
    first, second = order.lines.all()
    order_fulfil(
        order=order, lines={first.pk: 2}, carrier="DHL", tracking_number="JD1", actor="owner"
    )
    order.refresh_from_db()
    assert order.fulfilment_status == "partially_fulfilled"
    first.refresh_from_db()
    assert (first.fulfilled_quantity, first.fulfillable_quantity) == (2, 1)
    fulfilment = order_fulfil(
        order=order, lines=None, carrier="UPS", tracking_number="1Z", actor="x"
    )
    order.refresh_from_db()
    assert order.fulfilment_status == "fulfilled"
    assert {(fl.order_line_id, fl.quantity) for fl in fulfilment.lines.all()} == {
        (first.pk, 1),
        (second.pk, 1),
    }
    first_event = order.events.filter(kind="fulfilled").order_by("id").first()
    assert first_event.message == "2 items fulfilled. DHL tracking number JD1."
    with pytest.raises(ValidationError, match="Nothing is left to fulfil"):
        order_fulfil(order=order, lines=None, carrier="", tracking_number="", actor="x")


def test_fulfilling_more_than_left_is_refused(alpha):
    order = paid_order(lines=[(None, 2, "10.00")])
    line = order.lines.get()
    with pytest.raises(ValidationError) as error:
        order_fulfil(order=order, lines={line.pk: 3}, carrier="", tracking_number="", actor="x")
    assert "Only 2 of “Teapot” left to fulfil; 3 asked." in messages(error.value)
    line.refresh_from_db()
    assert line.fulfilled_quantity == 0
    assert not order.fulfilments.exists()


def test_fulfilling_a_line_of_another_order_is_refused(alpha):
    order = paid_order()
    other = paid_order()
    with pytest.raises(ValidationError, match="not part of this order"):
        order_fulfil(
            order=order,
            lines={other.lines.get().pk: 1},
            carrier="",
            tracking_number="",
            actor="x",
        )


def test_bad_tracking_url_is_refused(alpha):
    order = paid_order()
    with pytest.raises(ValidationError) as error:
        order_fulfil(
            order=order,
            lines=None,
            carrier="DHL",
            tracking_number="1",
            tracking_url="javascript:alert(1)",
            actor="x",
        )
    assert "tracking_url" in error.value.message_dict


def test_shipping_email_after_commit(alpha, mailoutbox, django_capture_on_commit_callbacks):
    order = paid_order(email="ship@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        order_fulfil(
            order=order,
            lines=None,
            carrier="DHL",
            tracking_number="JD0001",
            tracking_url="https://track.example/JD0001",
            actor="owner",
        )
    [mail] = mailoutbox
    assert mail.to == ["ship@example.com"]
    assert "on its way" in mail.subject
    assert "JD0001" in mail.body and "https://track.example/JD0001" in mail.body
    assert "JD0001" in mail.alternatives[0][0]


def test_no_shipping_email_when_not_notifying(
    alpha, mailoutbox, django_capture_on_commit_callbacks
):
    order = paid_order()
    with django_capture_on_commit_callbacks(execute=True):
        order_fulfil(
            order=order, lines=None, carrier="", tracking_number="", notify=False, actor="x"
        )
    assert mailoutbox == []


# --- Cancel -----------------------------------------------------------------------


def test_cancel_pending_order_restocks_and_voids(alpha):
    variant = variant_with_stock(on_hand=10)
    order = place(lines=[(variant, 3, "25.00")])
    order_cancel(order=order, reason="Customer changed their mind", actor="owner")
    order.refresh_from_db()
    assert order.is_cancelled and order.cancel_reason == "Customer changed their mind"
    assert order.financial_status == "voided"
    assert on_hand(variant) == 13
    assert kinds(order) == ["placed", "cancelled", "restocked", "voided"]


def test_cancel_without_restock_leaves_stock(alpha):
    variant = variant_with_stock(on_hand=10)
    order = place(lines=[(variant, 3, "25.00")])
    order_cancel(order=order, reason="Fraud", restock=False, actor="owner")
    assert on_hand(variant) == 10


def test_cancel_paid_order_leaves_a_refund_due(alpha):
    order = paid_order()
    order = order_cancel(order=order, reason="Out of stock", actor="owner")
    assert order.financial_status == "paid"
    assert order.refund_due
    assert "still to be refunded" in order.events.filter(kind="note").get().message
    order_refund(order=order, reason="cancelled", actor="owner")
    order.refresh_from_db()
    assert order.financial_status == "refunded" and not order.refund_due


def test_cancel_rules(alpha):
    order = paid_order()
    with pytest.raises(ValidationError, match="Give a reason"):
        order_cancel(order=order, reason="  ", actor="owner")
    order_fulfil(order=order, lines=None, carrier="", tracking_number="", actor="owner")
    with pytest.raises(ValidationError, match="already fulfilled; it cannot be cancelled"):
        order_cancel(order=order, reason="late", actor="owner")
    other = place()
    order_cancel(order=other, reason="dup", actor="owner")
    with pytest.raises(ValidationError, match="was cancelled"):
        order_cancel(order=other, reason="again", actor="owner")
    with pytest.raises(ValidationError, match="was cancelled"):
        order_fulfil(order=other, lines=None, carrier="", tracking_number="", actor="owner")


# --- Refunds ----------------------------------------------------------------------


def test_partial_refunds_then_the_rest(alpha):
    order = paid_order(lines=[(None, 2, "10.00")], shipping="5.00")  # 20 + 4 tax + 5 = 29
    assert order.total == Decimal("29.00")
    order_refund(order=order, amount="10.00", reason="scratch", actor="owner")
    order.refresh_from_db()
    assert order.financial_status == "partially_refunded"
    assert order.refunded_total == Decimal("10.00")
    assert order.refundable_amount == Decimal("19.00")
    order_refund(order=order, amount="19.00", reason="", actor="owner")
    order.refresh_from_db()
    assert order.financial_status == "refunded"
    assert order.refunded_total == order.total


def test_a_refund_larger_than_what_is_left_is_refused(alpha):
    order = paid_order(lines=[(None, 2, "10.00")], shipping="5.00")
    order_refund(order=order, amount="20.00", reason="", actor="owner")
    with pytest.raises(ValidationError) as error:
        order_refund(order=order, amount="9.01", reason="", actor="owner")
    assert messages(error.value) == ("Only €9.00 is left to refund on this order; €9.01 was asked.")
    order.refresh_from_db()
    assert order.refunded_total == Decimal("20.00") and order.refunds.count() == 1


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1.001"])
def test_bad_refund_amounts(alpha, amount):
    order = paid_order()
    with pytest.raises(ValidationError) as error:
        order_refund(order=order, amount=amount, reason="", actor="owner")
    assert "amount" in error.value.message_dict
    assert not order.refunds.exists()


def test_only_paid_orders_can_be_refunded(alpha):
    with pytest.raises(ValidationError, match="only a paid order can be refunded"):
        order_refund(order=place(), amount="1.00", reason="", actor="owner")


def test_refunding_lines_prices_them_and_adds_up_exactly(alpha):
    # 3 × 10.00 with a 1.00 discount, tax 20% of 29.00 = 5.80: the line cost 34.80,
    # which does not split into three equal cents.
    order = paid_order(lines=[(None, 3, "10.00", "1.00")], shipping="0.00")
    line = order.lines.get()
    amounts = []
    for _ in range(3):
        refund = order_refund(order=order, lines={line.pk: 1}, reason="", actor="owner")
        amounts.append(refund.amount)
    assert amounts == [Decimal("11.60"), Decimal("11.60"), Decimal("11.60")]
    order.refresh_from_db()
    assert sum(amounts) == order.total == Decimal("34.80")
    assert order.financial_status == "refunded"
    line.refresh_from_db()
    assert line.refunded_quantity == 3


def test_refunding_uneven_lines_never_overshoots(alpha):
    # 7 × 1.00 − 0.01 = 6.99 does not split into sevenths; 2 + 2 + 3 units refunded
    # are 2.00 + 1.99 + 3.00.
    order = paid_order(lines=[(None, 7, "1.00", "0.01")], shipping="0.00", tax_rate=Decimal("0"))
    line = order.lines.get()
    total = sum(
        order_refund(order=order, lines={line.pk: q}, reason="", actor="x").amount
        for q in (2, 2, 3)
    )
    order.refresh_from_db()
    assert total == Decimal("6.99") == order.total


def test_refunding_more_units_than_left_is_refused(alpha):
    order = paid_order(lines=[(None, 2, "10.00")])
    line = order.lines.get()
    order_refund(order=order, lines={line.pk: 1}, reason="", actor="x")
    with pytest.raises(ValidationError, match=r"Only 1 of “Teapot” can be refunded; 2 asked\."):
        order_refund(order=order, lines={line.pk: 2}, reason="", actor="x")


def test_refund_with_restock_puts_units_back_once(alpha):
    variant = variant_with_stock(on_hand=10)
    order = paid_order(lines=[(variant, 3, "25.00")])
    line = order.lines.get()
    refund = order_refund(order=order, lines={line.pk: 2}, restock=True, reason="", actor="x")
    assert on_hand(variant) == 12
    assert refund.lines.get().restocked_quantity == 2
    order_refund(order=order, lines={line.pk: 1}, restock=False, reason="", actor="x")
    assert on_hand(variant) == 12
    # Cancelling afterwards restocks only the unit not restocked yet.
    order_cancel(order=order, reason="closing", actor="x")
    assert on_hand(variant) == 13


def test_refunded_unshipped_units_are_not_shipped(alpha):
    order = paid_order(lines=[(None, 3, "10.00")])
    line = order.lines.get()
    order_fulfil(order=order, lines={line.pk: 1}, carrier="", tracking_number="", actor="x")
    order_refund(order=order, lines={line.pk: 2}, reason="out of stock", actor="x")
    order.refresh_from_db()
    line.refresh_from_db()
    # The two refunded units were the unshipped ones: nothing is left to ship.
    assert line.fulfillable_quantity == 0
    assert order.fulfilment_status == "fulfilled"


def test_whole_refund_without_arguments(alpha):
    order = paid_order(lines=[(None, 2, "10.00")])
    refund = order_refund(order=order, reason="all", actor="x")
    order.refresh_from_db()
    assert refund.amount == order.total
    assert order.financial_status == "refunded"
    assert order.lines.get().refunded_quantity == 2
    with pytest.raises(ValidationError, match="only a paid order can be refunded"):
        order_refund(order=order, amount="1.00", reason="", actor="x")


def test_the_database_refuses_refunding_more_than_the_total(alpha):
    order = paid_order()
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.filter(pk=order.pk).update(refunded_total=order.total + 1)


# --- Notes ------------------------------------------------------------------------


def test_notes_go_on_the_timeline(alpha):
    order = place()
    order_add_note(order=order, text="Gift wrap, please", actor="owner@example.com")
    event = order.events.get(kind="note")
    assert (event.message, event.actor) == ("Gift wrap, please", "owner@example.com")
    with pytest.raises(ValidationError, match="Write a note first"):
        order_add_note(order=order, text="   ", actor="owner")

"""The aggregates after placing, refunding, cancelling and voiding orders are what a
full recomputation over the orders gives, incrementally and after a rebuild."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.models import DailyCollectionSales, DailySales, OrderContribution
from orders.figures import order_figures_record, orders_figures_rebuild
from orders.services import order_cancel, order_mark_paid, order_refund, order_void
from tests.analytics.conftest import aggregate_rows, place_with, recomputed
from tests.orders.conftest import variant_with_stock

pytestmark = pytest.mark.django_db


def _paid(order):
    return order_mark_paid(order=order, amount=order.total, reference="pi_1", actor="payments")


def test_a_placed_order_lands_in_every_table(alpha):
    shirt = variant_with_stock(title="Linen shirt", price=25)
    place_with(
        lines=[(shirt, 2, "25.00", "5.00"), (None, 1, "10.00")],
        discount_code="SUMMER",
        country="DE",
    )
    rows = aggregate_rows()
    assert rows == recomputed()
    (sales,) = rows["sales"].values()
    assert sales["orders"] == 1 and sales["units"] == 3
    assert sales["gross"] == Decimal("60.00") and sales["discounts"] == Decimal("5.00")
    assert sales["new_customer_orders"] == 1
    assert {key[1] for key in rows["product"]} == {str(shirt.product_id), "title:Teapot"}
    assert [key[1] for key in rows["discount"]] == ["SUMMER"]
    assert [key[1] for key in rows["country"]] == ["DE"]
    assert [key[1:] for key in rows["tax"]] == [("VAT 20%", "0.2000")]


def test_refunds_cancels_and_voids_match_a_recomputation(alpha):
    shirt = variant_with_stock(title="Linen shirt", price=25, on_hand=50)
    first = _paid(place_with(email="ada@example.com", lines=[(shirt, 3, "25.00")]))
    second = _paid(place_with(email="ADA@example.com ", lines=[(shirt, 1, "25.00")]))
    pending = place_with(email="grace@example.com", lines=[(shirt, 1, "25.00")])
    voided = place_with(email="linus@example.com", discount_code="GONE", country="FI")
    cancelled_paid = _paid(place_with(email="grace@example.com", country="FR"))

    line = first.lines.get()
    order_refund(order=first, lines={line.pk: 2}, reason="too big", actor="owner")
    order_refund(order=second, amount="5.00", reason="goodwill", actor="owner")
    order_cancel(order=pending, reason="asked to", actor="owner")  # voids the payment
    order_void(order=voided, reason="never paid", actor="owner")
    order_cancel(order=cancelled_paid, reason="out of stock", actor="owner")
    order_refund(order=cancelled_paid, reason="cancelled", actor="owner")

    rows = aggregate_rows()
    assert rows == recomputed()
    (sales,) = rows["sales"].values()
    # Two orders voided, three counted; ada's and grace's second orders are returning
    # ones (grace's first was voided, but she had ordered before).
    assert sales["orders"] == 3
    assert sales["returning_customer_orders"] == 2
    refunded = sum(o.refunds.get().amount for o in (first, second, cancelled_paid))
    assert refunded > 0 and sales["refunds"] == refunded
    assert all(key[1] != "GONE" for key in rows["discount"])


def test_recording_twice_changes_nothing(alpha):
    order = place_with()
    before = aggregate_rows()
    order_figures_record(order)
    order_figures_record(order)
    assert aggregate_rows() == before
    assert OrderContribution.objects.count() == 1


def test_collections_count_what_held_the_product(alpha):
    from catalog.services import collection_create

    shirt = variant_with_stock(title="Linen shirt", price=25)
    mug = variant_with_stock(title="Mug", price=8)
    collection_create(title="Summer", handle="summer", products=[shirt.product])
    collection_create(
        title="Cheap",
        handle="cheap",
        kind="automatic",
        rules=[{"field": "price", "relation": "less_than", "value": "10"}],
    )
    place_with(lines=[(shirt, 1, "25.00"), (mug, 2, "8.00")])
    rows = aggregate_rows()
    assert rows["collection"] == recomputed()["collection"]
    titles = dict(DailyCollectionSales.objects.values_list("title", "quantity"))
    assert titles == {"Cheap": 2, "Summer": 1}


def test_rebuild_writes_what_the_services_wrote(alpha):
    shirt = variant_with_stock(title="Linen shirt", price=25, on_hand=50)
    order = _paid(place_with(lines=[(shirt, 2, "25.00")], discount_code="X"))
    place_with(email="other@example.com", country="US")
    order_refund(order=order, lines={order.lines.get().pk: 1}, reason="", actor="owner")
    incremental = aggregate_rows()
    assert orders_figures_rebuild(batch_size=1) == 2
    assert aggregate_rows() == incremental == recomputed()
    # And the incremental path carries on from the rebuilt rows.
    order_refund(order=order, reason="rest", actor="owner")
    assert aggregate_rows() == recomputed()


def test_a_rolled_back_order_leaves_no_figures(alpha):
    with pytest.raises(RuntimeError), transaction.atomic():
        place_with()
        raise RuntimeError
    assert not DailySales.objects.exists()


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["place", "pay", "refund_items", "refund_amount", "cancel", "void"]),
        st.integers(min_value=0, max_value=5),  # which order
        st.integers(min_value=1, max_value=3),  # quantity or customer
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_any_sequence_of_changes_matches_a_recomputation(alpha, operations):
    """Property: whatever the merchant does in whatever order, the aggregates equal a
    recomputation. Each example runs in a savepoint rolled back afterwards."""
    from django.core.exceptions import ValidationError

    sid = transaction.savepoint()
    try:
        shirt = variant_with_stock(title="Shirt", price=25, on_hand=1000)
        orders = []
        for operation, which, n in operations:
            if operation == "place" or not orders:
                orders.append(
                    place_with(
                        email=f"c{n}@example.com",
                        lines=[(shirt, n, "25.00", str(n)), (None, 1, "9.99")],
                        discount_code=["", "TEN", "VIP"][n - 1],
                        country=["GB", "DE", "US"][n - 1],
                    )
                )
                continue
            order = orders[which % len(orders)]
            order.refresh_from_db()
            try:
                if operation == "pay":
                    _paid(order)
                elif operation == "refund_items":
                    line = order.lines.order_by("id").first()
                    order_refund(
                        order=order,
                        lines={line.pk: min(n, line.refundable_quantity)},
                        reason="",
                        actor="owner",
                    )
                elif operation == "refund_amount":
                    order_refund(order=order, amount=f"{n}.50", reason="", actor="owner")
                elif operation == "cancel":
                    order_cancel(order=order, reason="why not", actor="owner")
                elif operation == "void":
                    order_void(order=order, reason="", actor="owner")
            except ValidationError:
                pass  # not allowed in that state: nothing must have changed
        assert aggregate_rows() == recomputed()
    finally:
        transaction.savepoint_rollback(sid)


def test_the_rebuild_command_rebuilds_one_shop_or_all(shop_a, shop_b):
    from django.core.management import CommandError, call_command
    from django_tenants.utils import schema_context

    with schema_context(shop_a.schema_name):
        place_with()
        expected = aggregate_rows()
        DailySales.objects.all().delete()
    out = io.StringIO()
    call_command("analytics_rebuild", "--shop", "alpha", stdout=out)
    assert out.getvalue().startswith("alpha: 1 orders in ")
    with schema_context(shop_a.schema_name):
        assert aggregate_rows() == expected
    out = io.StringIO()
    call_command("analytics_rebuild", "--all", stdout=out)
    assert "alpha: 1 orders" in out.getvalue() and "beta: 0 orders" in out.getvalue()
    with pytest.raises(CommandError, match="No shop with the subdomain"):
        call_command("analytics_rebuild", "--shop", "nope")

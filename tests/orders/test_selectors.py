"""Reads: listing, filters, search, the dashboard summary, status token, CSV."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orders.exports import orders_csv_rows, orders_csv_stream
from orders.models import Order
from orders.selectors import order_by_token, orders_today_summary
from orders.services import order_refund, order_void
from tests.orders.conftest import paid_order, place


def test_for_listing_counts_items(alpha):
    place(lines=[(None, 2, "1.00"), (None, 3, "1.00")])
    assert Order.objects.for_listing().get().item_count == 5


def test_search_by_number_email_and_name(alpha):
    ada = place(email="ada@example.com", name="Ada Lovelace")
    grace = place(email="grace@navy.example", name="Grace Hopper")
    assert list(Order.objects.search("#1002")) == [grace]
    assert list(Order.objects.search("1001")) == [ada]
    assert list(Order.objects.search("NAVY")) == [grace]
    assert list(Order.objects.search("lovelace")) == [ada]
    assert set(Order.objects.search("")) == {ada, grace}


def test_filters(alpha):
    pending = place(email="p@example.com")
    paid = paid_order(email="paid@example.com")
    old = place(email="old@example.com")
    Order.objects.filter(pk=old.pk).update(placed_at=timezone.now() - timedelta(days=10))
    today = timezone.localdate()
    assert list(Order.objects.matching(financial_status="paid")) == [paid]
    assert set(Order.objects.matching(placed_from=today)) == {pending, paid}
    assert list(Order.objects.matching(placed_to=today - timedelta(days=5))) == [old]
    assert list(Order.objects.matching(customer="PAID@")) == [paid]
    assert list(Order.objects.matching(fulfilment_status="fulfilled")) == []


def test_today_summary_nets_refunds_and_skips_voided(alpha):
    paid = paid_order(lines=[(None, 1, "10.00")], shipping="0.00")  # 12.00
    order_refund(order=paid, amount="2.00", reason="", actor="x")
    place(lines=[(None, 1, "5.00")], shipping="0.00")  # 6.00 pending
    order_void(order=place(), actor="x")
    yesterday = place()
    Order.objects.filter(pk=yesterday.pk).update(placed_at=timezone.now() - timedelta(days=1))
    with CaptureQueriesContext(connection) as ctx:
        summary = orders_today_summary()
    assert len(ctx.captured_queries) == 1
    assert summary.count == 3
    assert summary.sales == [("EUR", Decimal("16.00"))]


def test_order_by_token(alpha):
    order = place()
    assert order_by_token(order.token) == order
    assert order_by_token(str(order.token)) == order
    assert order_by_token(uuid.uuid4()) is None
    assert order_by_token("not-a-uuid") is None
    assert order_by_token(None) is None


def test_csv_rows_one_query_per_batch(alpha):
    for i in range(5):
        place(email=f"c{i}@example.com")
    with CaptureQueriesContext(connection) as ctx:
        rows = list(orders_csv_rows(Order.objects.all(), batch_size=2))
    assert len(ctx.captured_queries) == 3  # 2 + 2 + 1
    assert rows[0][0] == "Number"
    assert [r[0] for r in rows[1:]] == ["1005", "1004", "1003", "1002", "1001"]


def test_csv_neutralises_formulas(alpha):
    place(name='=HYPERLINK("http://evil")')
    text = "".join(orders_csv_stream(Order.objects.all()))
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[3].startswith("'=")

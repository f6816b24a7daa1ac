"""The orders admin in shop A, driven over HTTP as the shop's owner."""

from __future__ import annotations

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from inventory.models import StockLevel
from orders.models import Order
from tests.orders.conftest import ALPHA, paid_order, place, variant_with_stock

LIST = "/admin/orders/"


def _in(shop, fn, *args, **kwargs):
    with schema_context(shop.schema_name):
        return fn(*args, **kwargs)


def _page(client, url, **params):
    response = client.get(url, params, HTTP_HOST=ALPHA)
    assert response.status_code == 200
    return response.content.decode()


def test_menu_and_dashboard_panel(shop_a, owner_client):
    _in(shop_a, paid_order, lines=[(None, 1, "10.00")], shipping="0.00")
    home = _page(owner_client, "/admin/")
    assert 'href="/admin/orders/"' in home
    assert "1 order" in home and "€12.00 in sales" in home


def test_list_filters_and_search(shop_a, owner_client):
    _in(shop_a, place, email="ada@example.com", name="Ada Lovelace")
    _in(shop_a, paid_order, email="grace@example.com", name="Grace Hopper")
    page = _page(owner_client, LIST)
    assert "#1001" in page and "#1002" in page and "Grace Hopper" in page
    paid = _page(owner_client, LIST, financial_status="paid")
    assert "#1002" in paid and "#1001" not in paid
    found = _page(owner_client, LIST, q="lovelace")
    assert "#1001" in found and "#1002" not in found
    by_customer = _page(owner_client, LIST, customer="grace@")
    assert "#1002" in by_customer and "#1001" not in by_customer


def test_list_costs_the_same_queries_for_3_or_30_orders(shop_a, owner_client):
    def count():
        owner_client.get(LIST, HTTP_HOST=ALPHA)  # warm caches
        with CaptureQueriesContext(connection) as ctx:
            response = owner_client.get(LIST, HTTP_HOST=ALPHA)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        _in(shop_a, place, lines=[(None, 2, "1.00"), (None, 1, "2.00")])
    few = count()
    for _ in range(27):
        _in(shop_a, place, lines=[(None, 2, "1.00"), (None, 1, "2.00")])
    many = count()
    assert many == few, f"{few} queries for 3 orders, {many} for 30"


def test_csv_export_of_the_filtered_list(shop_a, owner_client):
    _in(shop_a, place, email="ada@example.com")
    _in(shop_a, paid_order, email="grace@example.com")
    response = owner_client.get(LIST + "export/", {"financial_status": "paid"}, HTTP_HOST=ALPHA)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Number", "Placed at", "Email"]
    assert [(r[0], r[2], r[4]) for r in rows[1:]] == [("1002", "grace@example.com", "Paid")]


def test_detail_shows_lines_and_timeline(shop_a, owner_client):
    order = _in(shop_a, paid_order)
    page = _page(owner_client, f"{LIST}{order.pk}/")
    assert "Order #1001" in page and "Teapot" in page
    assert "Order placed by ada@example.com." in page
    for form in ("fulfil-form", "refund-form", "cancel-form", "note-form"):
        assert f'id="{form}"' in page


def test_a_shipped_order_offers_no_cancel(shop_a, owner_client):
    from orders.services import order_fulfil

    order = _in(shop_a, paid_order)
    _in(
        shop_a,
        order_fulfil,
        order=order,
        lines=None,
        carrier="",
        tracking_number="",
        actor="x",
    )
    page = _page(owner_client, f"{LIST}{order.pk}/")
    assert 'id="cancel-form"' not in page and 'id="fulfil-form"' not in page
    assert 'id="refund-form"' in page


def test_unknown_order_is_404(shop_a, owner_client):
    assert owner_client.get(f"{LIST}999/", HTTP_HOST=ALPHA).status_code == 404


def test_fulfil_from_the_admin(
    shop_a, owner_client, mailoutbox, django_capture_on_commit_callbacks
):
    order = _in(shop_a, paid_order, lines=[(None, 3, "10.00")])
    line = _in(shop_a, lambda: order.lines.get())
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            f"{LIST}{order.pk}/fulfil/",
            {
                f"line_{line.pk}": "2",
                "carrier": "DHL",
                "tracking_number": "JD42",
                "notify": "on",
            },
            HTTP_HOST=ALPHA,
            follow=True,
        )
    page = response.content.decode()
    assert "Items fulfilled." in page
    assert "2 items fulfilled. DHL tracking number JD42." in page
    with schema_context(shop_a.schema_name):
        order.refresh_from_db()
        assert order.fulfilment_status == "partially_fulfilled"
    assert len(mailoutbox) == 1 and "JD42" in mailoutbox[0].body


def test_fulfil_too_many_shows_the_message(shop_a, owner_client):
    order = _in(shop_a, paid_order, lines=[(None, 1, "10.00")])
    line = _in(shop_a, lambda: order.lines.get())
    response = owner_client.post(
        f"{LIST}{order.pk}/fulfil/", {f"line_{line.pk}": "5"}, HTTP_HOST=ALPHA, follow=True
    )
    assert "Ensure this value is less than or equal to 1." in response.content.decode()
    with schema_context(shop_a.schema_name):
        assert not order.fulfilments.exists()


def test_cancel_from_the_admin_restocks(shop_a, owner_client):
    def make():
        variant = variant_with_stock(on_hand=4)
        return variant, place(lines=[(variant, 2, "25.00")])

    variant, order = _in(shop_a, make)
    response = owner_client.post(
        f"{LIST}{order.pk}/cancel/",
        {"reason": "Customer asked", "restock": "on"},
        HTTP_HOST=ALPHA,
        follow=True,
    )
    assert "Order cancelled." in response.content.decode()
    with schema_context(shop_a.schema_name):
        order.refresh_from_db()
        assert order.is_cancelled and order.financial_status == "voided"
        assert StockLevel.objects.get(variant=variant).on_hand == 6


def test_cancel_needs_a_reason(shop_a, owner_client):
    order = _in(shop_a, place)
    response = owner_client.post(
        f"{LIST}{order.pk}/cancel/", {"reason": ""}, HTTP_HOST=ALPHA, follow=True
    )
    assert "This field is required." in response.content.decode()
    with schema_context(shop_a.schema_name):
        order.refresh_from_db()
        assert not order.is_cancelled


def test_refund_from_the_admin_and_refusal(shop_a, owner_client):
    order = _in(shop_a, paid_order, lines=[(None, 1, "10.00")], shipping="0.00")  # 12.00
    response = owner_client.post(
        f"{LIST}{order.pk}/refund/",
        {"amount": "5.00", "reason": "dent"},
        HTTP_HOST=ALPHA,
        follow=True,
    )
    assert "Refund recorded." in response.content.decode()
    response = owner_client.post(
        f"{LIST}{order.pk}/refund/", {"amount": "8.00"}, HTTP_HOST=ALPHA, follow=True
    )
    assert "Only €7.00 is left to refund on this order; €8.00 was asked." in (
        response.content.decode()
    )
    response = owner_client.post(f"{LIST}{order.pk}/refund/", {}, HTTP_HOST=ALPHA, follow=True)
    assert "Enter an amount or choose items to refund." in response.content.decode()
    with schema_context(shop_a.schema_name):
        order.refresh_from_db()
        assert order.refunded_total == 5 and order.financial_status == "partially_refunded"


def test_refund_lines_from_the_admin(shop_a, owner_client):
    order = _in(shop_a, paid_order, lines=[(None, 2, "10.00")])
    line = _in(shop_a, lambda: order.lines.get())
    owner_client.post(f"{LIST}{order.pk}/refund/", {f"refund_line_{line.pk}": "1"}, HTTP_HOST=ALPHA)
    with schema_context(shop_a.schema_name):
        refund = order.refunds.get()
        assert refund.amount == 12  # 10.00 + 20% tax
        assert refund.lines.get().quantity == 1


def test_add_note_from_the_admin(shop_a, owner_client):
    order = _in(shop_a, place)
    response = owner_client.post(
        f"{LIST}{order.pk}/note/", {"text": "Called the customer"}, HTTP_HOST=ALPHA, follow=True
    )
    page = response.content.decode()
    assert "Called the customer" in page and "owner-alpha@example.com" in page


def test_actions_are_post_only(shop_a, owner_client):
    order = _in(shop_a, place)
    assert owner_client.get(f"{LIST}{order.pk}/cancel/", HTTP_HOST=ALPHA).status_code == 405
    with schema_context(shop_a.schema_name):
        assert not Order.objects.get().is_cancelled


def test_packing_slip(shop_a, owner_client):
    order = _in(shop_a, place, name="Ada Lovelace")
    page = _page(owner_client, f"{LIST}{order.pk}/packing-slip/")
    assert "Packing slip" in page and "Ada Lovelace" in page and "Teapot" in page
    assert "Alpha Goods" in page


def test_anonymous_is_sent_to_login(shop_a, client):
    response = client.get(LIST, HTTP_HOST=ALPHA)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

"""Orders and customers through the Admin API: the order admin's rules hold."""

from __future__ import annotations

from decimal import Decimal

from django_tenants.utils import schema_context

from customers.models import Customer
from orders.models import Order, OrderEvent
from tests.orders.conftest import paid_order, variant_with_stock


def _paid(shop):
    with schema_context(shop.schema_name):
        variant = variant_with_stock(sku="SHIRT", on_hand=10)
        return paid_order(lines=[(variant, 2, Decimal("10.00"))])


def test_list_and_retrieve(shop_a, api):
    order = _paid(shop_a)
    listed = api.get("orders.json").json()["orders"]
    assert [o["id"] for o in listed] == [order.pk]
    body = api.get(f"orders/{order.pk}.json").json()["order"]
    assert body["name"] == f"#{order.number}"
    assert body["total_price"] == str(order.total)
    assert body["currency"] == order.currency
    assert body["line_items"][0]["quantity"] == 2
    assert body["financial_status"] == "paid"
    assert api.get("orders.json", {"status": "cancelled"}).json()["orders"] == []


def test_refund_more_than_paid_says_what_is_left(shop_a, api):
    order = _paid(shop_a)
    response = api.post(f"orders/{order.pk}/refunds.json", {"amount": "5.00"})
    assert response.status_code == 200, response.content
    assert response.json()["order"]["total_refunded"] == "5.00"
    response = api.post(f"orders/{order.pk}/refunds.json", {"amount": "9999.00"})
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "urn:souk:problem:refund-refused"
    assert body["remaining"] == str(order.total - Decimal("5.00"))
    with schema_context(shop_a.schema_name):
        assert Order.objects.get(pk=order.pk).refunded_total == Decimal("5.00")


def test_fulfil_note_and_cancel_are_on_the_timeline_as_the_app(shop_a, api):
    order = _paid(shop_a)
    response = api.post(
        f"orders/{order.pk}/fulfillments.json",
        {"tracking_company": "DHL", "tracking_number": "123"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["order"]["fulfillment_status"] == "fulfilled"
    assert api.post(f"orders/{order.pk}/notes.json", {"note": "Gift wrap"}).status_code == 200
    response = api.post(f"orders/{order.pk}/notes.json", {"note": ""})
    assert response.status_code == 422
    with schema_context(shop_a.schema_name):
        actors = set(OrderEvent.objects.filter(order_id=order.pk).values_list("actor", flat=True))
    assert "app:Acme ERP" in actors


def test_customers_create_update_and_duplicates(shop_a, api):
    response = api.post(
        "customers.json", {"customer": {"email": "ada@example.com", "first_name": "Ada"}}
    )
    assert response.status_code == 201, response.content
    customer = response.json()["customer"]
    assert customer["addresses"] == []
    again = api.post("customers.json", {"customer": {"email": "ADA@example.com"}})
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "email"
    changed = api.put(f"customers/{customer['id']}.json", {"customer": {"last_name": "L"}})
    assert changed.json()["customer"]["last_name"] == "L"
    assert (
        api.get("customers.json", {"email": "ada@example.com"}).json()["customers"][0]["id"]
        == customer["id"]
    )
    with schema_context(shop_a.schema_name):
        assert Customer.objects.count() == 1


def test_shop(api):
    shop = api.get("shop.json").json()["shop"]
    assert shop["name"] == "Alpha Goods"
    assert shop["currency"] == "USD"
    assert shop["platform_domain"] == "alpha.souk.test"

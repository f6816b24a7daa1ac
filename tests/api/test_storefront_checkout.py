"""A headless checkout through the Storefront API, on the HTML checkout's services:
the test gateway pays, stock is held and sold once, a retried completion places no
second order, the cart page's discount-code limit applies, customers see their orders."""

from __future__ import annotations

import json

from django.test import Client
from django_tenants.utils import schema_context

from api.services import storefront_token_create
from cart.services import DISCOUNT_CODES_PER_CART
from inventory.models import StockLevel
from orders.models import Order
from tests.cart.builders import variant
from tests.checkout.conftest import CARD_OK, shop_setup
from tests.conftest import host

SF = "/api/storefront/2026-12/"
ADDRESS = {
    "name": "Ana Lima",
    "address1": "1 rue de Rivoli",
    "city": "Paris",
    "zip": "75001",
    "country_code": "FR",
}


class Storefront:
    def __init__(self, shop, token, customer_token=""):
        self.client = Client(HTTP_HOST=host(shop))
        self.headers = {"HTTP_X_SOUK_STOREFRONT_ACCESS_TOKEN": token}
        if customer_token:
            self.headers["HTTP_X_SOUK_CUSTOMER_ACCESS_TOKEN"] = customer_token

    def get(self, path):
        return self.client.get(SF + path, **self.headers)

    def send(self, method, path, body=None):
        return getattr(self.client, method)(
            SF + path, json.dumps(body or {}), content_type="application/json", **self.headers
        )


def _setup(shop, stock=5):
    with schema_context(shop.schema_name):
        ids = shop_setup()
        item = variant(title="Blue mug", price="10.00", stock=stock)
        token = storefront_token_create(name="Headless").token
    return Storefront(shop, token), item, ids["rate_id"]


def _checkout(sf, item, rate_id, quantity=2):
    cart = sf.send("post", "carts.json").json()["cart"]
    added = sf.send(
        "post", f"carts/{cart['token']}/lines.json", {"variant_id": item.pk, "quantity": quantity}
    )
    assert added.status_code == 200, added.content
    checkout = sf.send("post", f"carts/{cart['token']}/checkout.json")
    assert checkout.status_code == 201, checkout.content
    token = checkout.json()["checkout"]["token"]
    assert checkout.json()["checkout"]["next_step"] in ("contact", "address")
    rates = sf.get(f"checkouts/{token}/shipping_rates.json")
    assert rates.status_code == 422  # no address yet: the step is named
    step = sf.send(
        "put", f"checkouts/{token}.json", {"email": "ana@example.com", "shipping_address": ADDRESS}
    )
    assert step.status_code == 200, step.content
    rates = sf.get(f"checkouts/{token}/shipping_rates.json").json()["shipping_rates"]
    assert [r["id"] for r in rates] == [rate_id]
    step = sf.send("put", f"checkouts/{token}.json", {"shipping_rate_id": rate_id})
    body = step.json()["checkout"]
    assert body["next_step"] == "payment"
    return token, body


def test_checkout_with_the_test_gateway(shop_a):
    sf, item, rate_id = _setup(shop_a)
    token, body = _checkout(sf, item, rate_id)
    # 2 × 10.00 + 5.00 shipping, 20 % TVA on the goods.
    assert body["subtotal_price"] == "20.00"
    assert body["total_shipping"] == "5.00"
    assert body["total_tax"] == "4.00"
    assert body["total_price"] == "29.00"
    paid = sf.send("post", f"checkouts/{token}/complete.json", {"card": CARD_OK})
    assert paid.status_code == 200, paid.content
    result = paid.json()
    assert result["status"] == "placed"
    assert result["order"]["total_price"] == "29.00"
    again = sf.send("post", f"checkouts/{token}/complete.json", {"card": CARD_OK})
    assert again.json()["order"]["id"] == result["order"]["id"]
    with schema_context(shop_a.schema_name):
        assert Order.objects.count() == 1
        assert StockLevel.objects.get(variant=item).on_hand == 3


def test_bad_card_and_address_name_the_field(shop_a):
    sf, item, rate_id = _setup(shop_a)
    token, _body = _checkout(sf, item, rate_id)
    response = sf.send(
        "post", f"checkouts/{token}/complete.json", {"card": {**CARD_OK, "expiry": "13/40"}}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "expiry"
    response = sf.send(
        "put", f"checkouts/{token}.json", {"shipping_address": {**ADDRESS, "zip": ""}}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "zip"
    with schema_context(shop_a.schema_name):
        assert not Order.objects.exists()


def test_no_oversell_between_two_headless_buyers(shop_a):
    sf, item, rate_id = _setup(shop_a, stock=1)
    first, _ = _checkout(sf, item, rate_id, quantity=1)
    second, _ = _checkout(sf, item, rate_id, quantity=1)
    assert (
        sf.send("post", f"checkouts/{first}/complete.json", {"card": CARD_OK}).json()["status"]
        == "placed"
    )
    late = sf.send("post", f"checkouts/{second}/complete.json", {"card": CARD_OK}).json()
    assert late["status"] != "placed"
    with schema_context(shop_a.schema_name):
        assert Order.objects.count() == 1
        assert StockLevel.objects.get(variant=item).on_hand == 0


def test_adding_more_than_in_stock_is_refused(shop_a):
    sf, item, _rate = _setup(shop_a, stock=1)
    cart = sf.send("post", "carts.json").json()["cart"]
    response = sf.send(
        "post", f"carts/{cart['token']}/lines.json", {"variant_id": item.pk, "quantity": 3}
    )
    assert response.status_code == 422
    assert response.json()["type"] == "urn:souk:problem:cart-refused"


def test_discount_codes_tried_are_limited_as_on_the_cart_page(shop_a):
    sf, _item, _rate = _setup(shop_a)
    cart = sf.send("post", "carts.json").json()["cart"]
    for n in range(DISCOUNT_CODES_PER_CART.max_hits):
        response = sf.send("post", f"carts/{cart['token']}/discount_code.json", {"code": f"G{n}"})
        assert response.status_code == 200
    response = sf.send("post", f"carts/{cart['token']}/discount_code.json", {"code": "LAST"})
    assert response.status_code == 422
    assert "Too many discount codes" in response.json()["detail"]


def test_customer_registration_login_and_order_history(shop_a):
    sf, item, rate_id = _setup(shop_a)
    registered = sf.send(
        "post", "customers.json", {"email": "ana@example.com", "password": "a-long-pass-phrase-9"}
    )
    assert registered.status_code == 201, registered.content
    login = sf.send(
        "post",
        "customer_tokens.json",
        {"email": "ana@example.com", "password": "a-long-pass-phrase-9"},
    )
    assert login.status_code == 201
    wrong = sf.send("post", "customer_tokens.json", {"email": "ana@example.com", "password": "no"})
    assert wrong.status_code == 401
    customer = Storefront(
        shop_a,
        sf.headers["HTTP_X_SOUK_STOREFRONT_ACCESS_TOKEN"],
        login.json()["customer_access_token"],
    )
    assert customer.get("customer/orders.json").json() == {"orders": []}
    token, _ = _checkout(customer, item, rate_id)
    customer.send("post", f"checkouts/{token}/complete.json", {"card": CARD_OK})
    orders = customer.get("customer/orders.json").json()["orders"]
    assert len(orders) == 1 and orders[0]["total_price"] == "29.00"
    assert sf.get("customer/orders.json").status_code == 401

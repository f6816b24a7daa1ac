"""The cart page over HTTP: add from the product page, kept across visits, fixed queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from accounts.models import User
from cart.models import Cart, CartLine
from cart.services import cart_add
from cart.sessions import SESSION_KEY, cart_after_login
from tests.cart.builders import variant

HOST = "alpha.souk.test"


@pytest.fixture
def in_a(shop_a):
    return lambda: schema_context(shop_a.schema_name)


def post(client, path, data):
    return client.post(path, data, HTTP_HOST=HOST)


def test_add_from_product_page_then_cart_page_shows_it_on_a_later_visit(client, in_a):
    with in_a():
        v = variant(title="Blue mug", price="12.50", stock=5)
    response = post(client, "/cart/add/", {"variant_id": v.pk, "quantity": "2"})
    assert response.status_code == 302 and response["Location"] == "/cart/"

    page = client.get("/cart/", HTTP_HOST=HOST)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Blue mug" in body and "25.00" in body
    assert "Added to your cart" in body
    # A later visit (same cookie) still has it.
    assert "Blue mug" in client.get("/cart/", HTTP_HOST=HOST).content.decode()
    with in_a():
        assert CartLine.objects.get().quantity == 2


def test_refusals_go_back_with_a_message_and_change_nothing(client, in_a):
    with in_a():
        v = variant(title="Blue mug", stock=1)
    response = client.post(
        "/cart/add/",
        {"variant_id": v.pk, "quantity": "3"},
        HTTP_HOST=HOST,
        HTTP_REFERER=f"http://{HOST}/products/blue-mug/",
    )
    assert response["Location"] == f"http://{HOST}/products/blue-mug/"
    body = client.get("/cart/", HTTP_HOST=HOST).content.decode()
    assert "Only 1 left of “Blue mug”." in body
    assert "Your cart is empty" in body


def test_foreign_referer_is_not_followed(client, in_a):
    with in_a():
        v = variant(stock=0)
    response = client.post(
        "/cart/add/",
        {"variant_id": v.pk, "quantity": "1"},
        HTTP_HOST=HOST,
        HTTP_REFERER="https://evil.example/",
    )
    assert response["Location"] == "/cart/"


def test_update_and_remove(client, in_a):
    with in_a():
        v = variant(stock=5)
    post(client, "/cart/add/", {"variant_id": v.pk, "quantity": "1"})
    post(client, "/cart/update/", {"variant_id": v.pk, "quantity": "abc"})
    assert "Enter a whole number" in client.get("/cart/", HTTP_HOST=HOST).content.decode()
    post(client, "/cart/update/", {"variant_id": v.pk, "quantity": "4"})
    with in_a():
        assert CartLine.objects.get().quantity == 4
    post(client, "/cart/remove/", {"variant_id": v.pk})
    with in_a():
        assert not CartLine.objects.exists()


def test_line_that_became_short_is_marked_and_blocks_checkout(client, in_a):
    with in_a():
        v = variant(title="Blue mug", stock=5)
    post(client, "/cart/add/", {"variant_id": v.pk, "quantity": "4"})
    with in_a():
        from inventory.services import stock_set

        stock_set(variant=v, on_hand=2)
    body = client.get("/cart/", HTTP_HOST=HOST).content.decode()
    assert "Only 2 left of “Blue mug”." in body
    assert "/checkout/" not in body.split("cart-totals")[1]


def test_viewing_the_cart_creates_no_cart(client, in_a):
    assert client.get("/cart/", HTTP_HOST=HOST).status_code == 200
    with in_a():
        assert not Cart.objects.exists()


def test_get_on_add_is_refused(client, in_a):
    assert client.get("/cart/add/", HTTP_HOST=HOST).status_code == 405


def _count_queries(client, schema: str, lines: int) -> int:
    with schema_context(schema):
        cart = Cart.objects.create()
        for _ in range(lines):
            cart_add(cart=cart, variant_id=variant(stock=10).pk, quantity=1)
        session = client.session  # sessions live in the shop's schema
        session[SESSION_KEY] = str(cart.token)
        session.save()
    client.get("/cart/", HTTP_HOST=HOST)  # warm caches (routing, theme, site)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/cart/", HTTP_HOST=HOST)
    assert response.content.decode().count('class="cart-line"') == lines
    return len(ctx.captured_queries)


def test_cart_page_costs_the_same_queries_for_3_or_30_lines(shop_a, client):
    few = _count_queries(client, shop_a.schema_name, 3)
    client.cookies.clear()
    many = _count_queries(client, shop_a.schema_name, 30)
    assert few == many, (few, many)
    assert many <= 10


def test_login_merges_the_guest_cart(client, in_a, rf):
    with in_a():
        v = variant(stock=5)
        user = User.objects.create_user(email="shopper@example.com", password="pw-123456789")
    post(client, "/cart/add/", {"variant_id": v.pk, "quantity": "2"})
    with in_a():
        guest = Cart.objects.get()
        request = rf.get("/")
        request.session = client.session
        cart_after_login(request, user)
        request.session.save()
        guest.refresh_from_db()
        assert guest.customer_id == user.pk
        assert request.session[SESSION_KEY] == str(guest.token)

"""Carts and checkouts stay in their shop: A's cookie, cart token and order link do nothing on B."""

from __future__ import annotations

from django.conf import settings
from django_tenants.utils import schema_context

from cart.models import Cart, CartLine
from cart.sessions import SESSION_KEY
from tests.cart.builders import variant
from tests.checkout.conftest import CARD_OK, ready_checkout, shop_setup


def test_a_cart_cookie_and_token_do_nothing_on_b(client, shop_a, shop_b):
    with schema_context(shop_a.schema_name):
        item = variant(title="Alpha only", stock=5)
    client.post("/cart/add/", {"variant_id": item.pk, "quantity": "1"}, HTTP_HOST="alpha.souk.test")
    with schema_context(shop_a.schema_name):
        token = str(Cart.objects.get().token)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    page = client.get("/cart/", HTTP_HOST="beta.souk.test").content.decode()
    assert "Alpha only" not in page and "Your cart is empty" in page

    # B's own session carrying A's cart token finds nothing either.
    client.cookies.clear()
    with schema_context(shop_b.schema_name):
        session = client.session
        session[SESSION_KEY] = token
        session.save()
    assert "Alpha only" not in client.get("/cart/", HTTP_HOST="beta.souk.test").content.decode()
    assert client.get("/checkout/", HTTP_HOST="beta.souk.test")["Location"] == "/cart/"
    # Adding A's variant id on B adds nothing of A's.
    client.post("/cart/add/", {"variant_id": item.pk, "quantity": "1"}, HTTP_HOST="beta.souk.test")
    with schema_context(shop_b.schema_name):
        assert not CartLine.objects.filter(
            variant_id=item.pk, variant__product__title="Alpha only"
        ).exists()
    with schema_context(shop_a.schema_name):
        assert CartLine.objects.get().quantity == 1
    assert cookie


def test_b_cannot_view_a_thank_you_page(client, shop_a, shop_b):
    from checkout.services import checkout_place_order

    with schema_context(shop_a.schema_name):
        shop_setup()
        order = checkout_place_order(session=ready_checkout(), card=CARD_OK, currency="EUR").order
    url = f"/checkout/thank-you/{order.token}/"
    assert client.get(url, HTTP_HOST="alpha.souk.test").status_code == 200
    assert client.get(url, HTTP_HOST="beta.souk.test").status_code == 404

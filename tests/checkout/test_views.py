"""Checkout over HTTP: the steps in order, bad input re-shown with messages, thank-you page."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from orders.models import Order
from shipping.models import ShippingRate
from tests.cart.builders import variant
from tests.checkout.conftest import ADDRESS, CARD_OK, shop_setup

HOST = "alpha.souk.test"


@pytest.fixture
def item(shop_a):
    with schema_context(shop_a.schema_name):
        shop_setup()
        return variant(title="Blue mug", price="10.00", stock=5)


def post(client, path, data):
    return client.post(path, data, HTTP_HOST=HOST)


def get(client, path):
    return client.get(path, HTTP_HOST=HOST)


def test_empty_cart_cannot_check_out(client, shop_a):
    response = get(client, "/checkout/")
    assert response["Location"] == "/cart/"
    assert "Your cart is empty" in get(client, "/cart/").content.decode()


def test_whole_flow_with_bad_input_on_the_way(client, shop_a, item):
    post(client, "/cart/add/", {"variant_id": item.pk, "quantity": "2"})
    assert get(client, "/checkout/")["Location"] == "/checkout/contact/"
    # Skipping ahead sends back to the first missing step.
    assert get(client, "/checkout/payment/")["Location"] == "/checkout/contact/"

    bad = post(client, "/checkout/contact/", {"email": "not-an-email"})
    assert bad.status_code == 200 and "Enter a valid email address" in bad.content.decode()
    assert post(client, "/checkout/contact/", {"email": "ana@example.com"})["Location"] == (
        "/checkout/address/"
    )

    page = get(client, "/checkout/address/").content.decode()
    assert '<option value="FR">France</option>' in page
    bad = post(client, "/checkout/address/", {**ADDRESS, "country": "ZZ"})
    assert "Select a valid choice" in bad.content.decode()
    bad = post(client, "/checkout/address/", {**ADDRESS, "country": "JP"})
    assert "does not ship to Japan" in bad.content.decode()
    bad = post(client, "/checkout/address/", {**ADDRESS, "country": "US"})
    assert 'name="region"' in bad.content.decode() and "California" in bad.content.decode()
    ok = post(client, "/checkout/address/", ADDRESS)
    assert ok["Location"] == "/checkout/shipping/"

    page = get(client, "/checkout/shipping/").content.decode()
    assert "Standard — $5.00" in page
    with schema_context(shop_a.schema_name):
        rate_id = ShippingRate.objects.get().pk
    assert post(client, "/checkout/shipping/", {"rate_id": "999999"}).status_code == 200
    assert post(client, "/checkout/shipping/", {"rate_id": rate_id})["Location"] == (
        "/checkout/payment/"
    )

    review = get(client, "/checkout/payment/").content.decode()
    assert "29.00" in review  # 20 + 5 shipping + 4 tax
    declined = post(client, "/checkout/payment/", {**CARD_OK, "number": "2"})
    assert "Your card was declined" in declined.content.decode()
    expired = post(client, "/checkout/payment/", {**CARD_OK, "expiry": "01/20"})
    assert "This card has expired" in expired.content.decode()

    placed = post(client, "/checkout/payment/", CARD_OK)
    with schema_context(shop_a.schema_name):
        order = Order.objects.get()
    assert placed["Location"] == f"/checkout/thank-you/{order.token}/"
    thanks = get(client, placed["Location"]).content.decode()
    assert f"Order #{order.number}" in thanks and "29.00" in thanks
    assert "Your cart is empty" in get(client, "/cart/").content.decode()


def test_price_change_shows_what_changed_and_asks_again(client, shop_a, item):
    from catalog.services import variant_update

    post(client, "/cart/add/", {"variant_id": item.pk, "quantity": "1"})
    get(client, "/checkout/")
    post(client, "/checkout/contact/", {"email": "ana@example.com"})
    post(client, "/checkout/address/", ADDRESS)
    with schema_context(shop_a.schema_name):
        post(client, "/checkout/shipping/", {"rate_id": ShippingRate.objects.get().pk})
    get(client, "/checkout/payment/")
    with schema_context(shop_a.schema_name):
        variant_update(variant=item, price="15.00")
    changed = post(client, "/checkout/payment/", CARD_OK)
    body = changed.content.decode()
    assert changed.status_code == 200
    assert "changed from $10.00 to $15.00" in body and "Confirm and pay" in body
    with schema_context(shop_a.schema_name):
        assert not Order.objects.exists()
    assert post(client, "/checkout/payment/", CARD_OK).status_code == 302


def test_unknown_thank_you_token_is_404(client, shop_a):
    response = get(client, "/checkout/thank-you/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404

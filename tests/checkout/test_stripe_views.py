"""The payment step over HTTP: a Stripe shop, a shop that cannot take payments, the return page.

Stripe.js itself cannot run here (no internet for js.stripe.com): the page is checked
for Stripe's field and script, and the PaymentMethod id it would post is made through
the API (``payment_method``), exactly as Stripe.js makes it.
"""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from orders.models import Order
from payments import providers
from payments.models import PaymentAttempt
from shipping.models import ShippingRate
from tests.cart.builders import variant
from tests.checkout.conftest import ADDRESS, CARD_OK, shop_setup
from tests.payments.conftest import (
    ACCOUNT,
    CARD_3DS,
    CARD_NO_FUNDS,
    authenticate,
    payment_method,
)

HOST = "alpha.souk.test"


def post(client, path, data):
    return client.post(path, data, HTTP_HOST=HOST)


def get(client, path):
    return client.get(path, HTTP_HOST=HOST)


@pytest.fixture
def at_payment(client, shop_a):
    """A shopper's browser on the payment step of a two-mug cart."""
    with schema_context(shop_a.schema_name):
        shop_setup()
        item = variant(title="Blue mug", price="10.00", stock=5)
        rate_id = ShippingRate.objects.get().pk
    post(client, "/cart/add/", {"variant_id": item.pk, "quantity": "2"})
    get(client, "/checkout/")
    post(client, "/checkout/contact/", {"email": "ana@example.com"})
    post(client, "/checkout/address/", ADDRESS)
    assert post(client, "/checkout/shipping/", {"rate_id": rate_id})["Location"] == (
        "/checkout/payment/"
    )
    get(client, "/checkout/payment/")  # the review the shopper pays from
    return client


def test_stripe_shop_shows_stripes_card_field_not_ours(at_payment, stripe_provider):
    page = get(at_payment, "/checkout/payment/").content.decode()
    assert '<script src="https://js.stripe.com/v3/"></script>' in page
    assert f'data-stripe-account="{ACCOUNT}"' in page and 'data-stripe-key="pk_test_souk"' in page
    assert '<input type="hidden" name="payment_method" value="">' in page
    assert 'name="number"' not in page and 'name="cvc"' not in page


def test_stripe_shop_pays_with_the_payment_method_stripe_js_made(
    at_payment, stripe_provider, shop_a
):
    missing = post(at_payment, "/checkout/payment/", {"number": "4242424242424242"})
    assert "Enter your card details in the card field" in missing.content.decode()

    placed = post(at_payment, "/checkout/payment/", {"payment_method": payment_method()})

    with schema_context(shop_a.schema_name):
        order = Order.objects.get()
    assert placed["Location"] == f"/checkout/thank-you/{order.token}/"
    assert order.financial_status == "paid"


def test_decline_is_shown_in_plain_words_and_the_cart_stays(at_payment, stripe_provider, shop_a):
    declined = post(
        at_payment, "/checkout/payment/", {"payment_method": payment_method(CARD_NO_FUNDS)}
    )
    assert declined.status_code == 200
    assert "Your card has insufficient funds" in declined.content.decode()
    assert "Blue mug" in get(at_payment, "/cart/").content.decode()
    with schema_context(shop_a.schema_name):
        assert not Order.objects.exists()


def test_3ds_redirects_to_the_bank_and_the_return_page_shows_the_order(
    at_payment, stripe_provider, shop_a
):
    sent = post(at_payment, "/checkout/payment/", {"payment_method": payment_method(CARD_3DS)})
    assert "/_souk/3ds/pi_" in sent["Location"]
    with schema_context(shop_a.schema_name):
        reference = PaymentAttempt.objects.get().reference
    # Stripe's return URL names the PaymentIntent; the page is ours.
    authenticate(reference, success=True)

    back = get(at_payment, f"/checkout/payment/return/?payment_intent={reference}")

    with schema_context(shop_a.schema_name):
        order = Order.objects.get()
    assert back["Location"] == f"/checkout/thank-you/{order.token}/"


def test_3ds_refused_by_the_bank_returns_to_payment_with_the_reason(
    at_payment, stripe_provider, shop_a
):
    post(at_payment, "/checkout/payment/", {"payment_method": payment_method(CARD_3DS)})
    with schema_context(shop_a.schema_name):
        reference = PaymentAttempt.objects.get().reference
    authenticate(reference, success=False)

    back = get(at_payment, f"/checkout/payment/return/?payment_intent={reference}")

    assert back["Location"] == "/checkout/payment/"
    page = get(at_payment, "/checkout/payment/").content.decode()
    assert "could not confirm the payment (3-D Secure)" in page
    assert "Blue mug" in get(at_payment, "/cart/").content.decode()


def test_shop_that_cannot_take_payments_says_so_and_places_nothing(at_payment, monkeypatch, shop_a):
    def unavailable():
        raise providers.PaymentsUnavailable

    monkeypatch.setattr(providers, "provider_for_shop", unavailable)
    page = get(at_payment, "/checkout/payment/").content.decode()
    assert "cannot take payments at the moment" in page and "data-place-order" not in page

    refused = post(at_payment, "/checkout/payment/", CARD_OK)

    assert refused.status_code == 200
    assert "cannot take payments at the moment" in refused.content.decode()
    with schema_context(shop_a.schema_name):
        assert not Order.objects.exists() and not PaymentAttempt.objects.exists()
    assert "Blue mug" in get(at_payment, "/cart/").content.decode()


def test_test_mode_shop_keeps_the_test_gateway_form(at_payment):
    page = get(at_payment, "/checkout/payment/").content.decode()
    assert 'name="number"' in page and "js.stripe.com" not in page

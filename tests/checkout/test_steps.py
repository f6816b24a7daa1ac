"""The steps before paying: each bad input gets a clear message and changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cart.services import cart_add, cart_create
from checkout.exceptions import CheckoutError
from checkout.services import (
    address_clean,
    checkout_for_cart,
    checkout_pricing,
    checkout_review,
    checkout_set_address,
    checkout_set_contact,
    checkout_set_shipping,
)
from tests.cart.builders import variant
from tests.checkout.conftest import ADDRESS


@pytest.fixture
def session(shop):
    cart = cart_create()
    cart_add(cart=cart, variant_id=variant(price="10.00").pk, quantity=2)
    return checkout_for_cart(cart=cart)


@pytest.mark.parametrize(
    "email", ["", "ana", "ana@", "@example.com", "a b@example.com", "x" * 250 + "@e.com"]
)
def test_bad_email(session, email):
    with pytest.raises(ValidationError) as caught:
        checkout_set_contact(session=session, email=email)
    assert caught.value.message_dict["email"] == [
        "Enter a valid email address, like name@example.com."
    ]
    session.refresh_from_db()
    assert session.email == ""


def test_email_is_kept_lowercased(session):
    checkout_set_contact(session=session, email="  Ana@Example.COM ")
    session.refresh_from_db()
    assert session.email == "ana@example.com"


@pytest.mark.parametrize("country", ["XX", "UK", "fr1", ""])
def test_unknown_country(country):
    with pytest.raises(ValidationError) as caught:
        address_clean({**ADDRESS, "country": country})
    assert "country" in caught.value.message_dict


def test_region_required_where_the_country_has_them():
    with pytest.raises(ValidationError) as caught:
        address_clean({**ADDRESS, "country": "US", "region": ""})
    assert caught.value.message_dict["region"] == ["Choose a state or province of United States."]
    assert address_clean({**ADDRESS, "country": "us", "region": "ca"})["region"] == "CA"
    assert address_clean({**ADDRESS, "region": "whatever"})["region"] == ""  # France: none


def test_missing_fields_are_each_named():
    with pytest.raises(ValidationError) as caught:
        address_clean({"country": "FR"})
    assert set(caught.value.message_dict) == {"name", "line1", "city", "postal_code"}


def test_no_shipping_to_the_country(session):
    with pytest.raises(ValidationError) as caught:
        checkout_set_address(session=session, address={**ADDRESS, "country": "JP"})
    assert caught.value.message_dict["country"] == ["Sorry, this shop does not ship to Japan."]
    session.refresh_from_db()
    assert session.shipping_address == {}


def test_shipping_choice_must_be_one_offered(session):
    checkout_set_address(session=session, address=ADDRESS)
    for bad in (None, "abc", 999_999):
        with pytest.raises(ValidationError, match="Choose one of the shipping methods"):
            checkout_set_shipping(session=session, rate_id=bad)


def test_new_address_forgets_the_shipping_method(session):
    from shipping.models import ShippingRate

    checkout_set_address(session=session, address=ADDRESS)
    checkout_set_shipping(session=session, rate_id=ShippingRate.objects.get().pk)
    checkout_set_address(session=session, address={**ADDRESS, "country": "ES"})
    session.refresh_from_db()
    assert session.shipping_rate_id is None


def test_review_refuses_missing_steps_naming_the_step(session):
    with pytest.raises(CheckoutError) as caught:
        checkout_pricing(session=session)
    assert caught.value.step == "contact"


def test_review_of_an_empty_cart(shop):
    session = checkout_for_cart(cart=cart_create())
    with pytest.raises(CheckoutError, match="Your cart is empty"):
        checkout_review(session=session)


def test_review_prices_everything_and_remembers_it(session):
    from decimal import Decimal

    from shipping.models import ShippingRate

    checkout_set_contact(session=session, email="ana@example.com")
    checkout_set_address(session=session, address=ADDRESS)
    checkout_set_shipping(session=session, rate_id=ShippingRate.objects.get().pk)
    review = checkout_review(session=session)
    p = review.pricing
    assert (p.subtotal, p.shipping_total, p.tax_total, p.total) == (
        Decimal("20.00"),
        Decimal("5.00"),
        Decimal("4.00"),
        Decimal("29.00"),
    )
    session.refresh_from_db()
    assert session.seen_total == Decimal("29.00")
    assert session.seen_lines[0]["quantity"] == 2

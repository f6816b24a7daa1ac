"""Zones and rates refuse bad input with a clear message, and save nothing then."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from shipping.models import ShippingRate, ShippingZone
from shipping.services import shipping_rate_create, shipping_zone_create, shipping_zone_update


def _messages(call, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.messages


def test_countries_are_normalised(alpha):
    zone = shipping_zone_create(name="Benelux", countries="be, nl  lu, BE")
    assert zone.countries == ["BE", "NL", "LU"]


def test_a_country_can_be_in_one_zone_only(alpha):
    shipping_zone_create(name="Europe", countries=["FR", "DE"])
    messages = _messages(shipping_zone_create, name="France", countries=["fr", "IT"])
    assert messages == ["FR already in the zone “Europe”; a country can be in one zone only."]
    assert ShippingZone.objects.count() == 1


def test_a_zone_may_keep_its_own_countries(alpha):
    zone = shipping_zone_create(name="Europe", countries=["FR"])
    shipping_zone_update(zone=zone, countries=["FR", "DE"], name="EU")
    zone.refresh_from_db()
    assert (zone.name, zone.countries) == ("EU", ["FR", "DE"])


def test_unknown_country_codes(alpha):
    messages = _messages(shipping_zone_create, name="X", countries="FR, UK, ZZ")
    assert messages == ["Not a two-letter country code: UK, ZZ."]


def test_a_zone_needs_a_country(alpha):
    assert _messages(shipping_zone_create, name="X", countries=" ") == [
        "A zone needs at least one country."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        ShippingZone.objects.create(name="X", countries=[])


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "flat", "price": "-1"}, "price", "Enter a price of 0 or more."),
        (
            {"kind": "free_over", "price": "5"},
            "min_subtotal",
            "Enter the subtotal from which shipping is free.",
        ),
        (
            {"kind": "by_weight", "price": "5"},
            "min_weight_grams",
            "Enter the weight from which this rate applies.",
        ),
        (
            {"kind": "by_weight", "price": "5", "min_weight_grams": 500, "max_weight_grams": 100},
            "max_weight_grams",
            "The weight range ends before it starts.",
        ),
    ],
)
def test_bad_rates(alpha, fields, field, message):
    zone = shipping_zone_create(name="Europe", countries=["FR"])
    with pytest.raises(ValidationError) as caught:
        shipping_rate_create(zone=zone, name="R", **fields)
    assert caught.value.message_dict[field] == [message]
    assert not ShippingRate.objects.exists()


def test_a_bad_rate_leaves_no_zone_behind(alpha):
    with pytest.raises(ValidationError):
        shipping_zone_create(name="Europe", countries=["FR"], rates=[{"name": "R", "price": "-1"}])
    assert not ShippingZone.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "flat", "price": -1},
        {"kind": "free_over", "price": 5},
        {"kind": "by_weight", "price": 5},
        {"kind": "by_weight", "price": 5, "min_weight_grams": 5, "max_weight_grams": 4},
        {"kind": "pigeon", "price": 5},
    ],
)
def test_the_database_refuses_bad_rates_too(alpha, fields):
    zone = shipping_zone_create(name="Europe", countries=["FR"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ShippingRate.objects.create(zone=zone, name="R", **fields)

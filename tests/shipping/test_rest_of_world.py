"""The "rest of world" zone: every country no other zone lists, one per shop."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from shipping.models import ShippingZone
from shipping.selectors import shipping_quote, shipping_rates
from shipping.services import shipping_zone_create, shipping_zone_update

D = Decimal


def _names(country):
    return [q.name for q in shipping_rates(country=country, subtotal=D(10), weight_grams=100)]


@pytest.fixture
def zones(alpha):
    europe = shipping_zone_create(
        name="Europe", countries=["FR", "DE"], rates=[{"name": "Colissimo", "price": "5"}]
    )
    world = shipping_zone_create(
        name="World", rest_of_world=True, rates=[{"name": "Airmail", "price": "15"}]
    )
    return europe, world


def test_a_country_no_zone_lists_gets_the_rest_of_world_rates(zones):
    assert _names("JP") == ["Airmail"]
    assert _names("fr") == ["Colissimo"]


def test_a_listed_country_never_falls_back_to_the_rest_of_world(zones):
    """Even when its own zone has no rate that applies, a listed country does not
    take the rest of world's: the merchant put it in a zone on purpose."""
    europe, _world = zones
    shipping_zone_update(zone=europe, rates=[])
    assert _names("FR") == []


def test_listing_a_country_takes_it_out_of_the_rest_of_world(zones):
    _europe, world = zones
    airmail = world.rates.get()
    quote = shipping_quote(rate_id=airmail.pk, country="JP", subtotal=D(10), weight_grams=1)
    assert quote is not None
    shipping_zone_create(name="Japan", countries=["JP"], rates=[{"name": "EMS", "price": "9"}])
    assert _names("JP") == ["EMS"]
    assert shipping_quote(rate_id=airmail.pk, country="JP", subtotal=D(10), weight_grams=1) is None


def test_rates_for_a_country_cost_one_query(zones, django_assert_num_queries):
    with django_assert_num_queries(1):
        _names("JP")


def test_one_rest_of_world_zone_per_shop(zones):
    with pytest.raises(ValidationError, match="already has a “rest of world” zone"):
        shipping_zone_create(name="Elsewhere", rest_of_world=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShippingZone.objects.create(name="Elsewhere", countries=[], rest_of_world=True)


def test_the_rest_of_world_lists_no_countries_and_others_list_some(alpha):
    with pytest.raises(IntegrityError), transaction.atomic():
        ShippingZone.objects.create(name="Mixed", countries=["FR"], rest_of_world=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShippingZone.objects.create(name="Empty", countries=[])
    with pytest.raises(ValidationError, match="at least one country"):
        shipping_zone_create(name="Empty", countries=[])


def test_making_a_zone_the_rest_of_world_drops_its_countries(zones):
    europe, world = zones
    world.delete()
    zone = shipping_zone_update(zone=europe, rest_of_world=True)
    zone.refresh_from_db()
    assert (zone.rest_of_world, zone.countries) == (True, [])
    assert _names("FR") == ["Colissimo"]


def test_each_shop_has_its_own_rest_of_world(shop_a, shop_b):
    """Shop B's rest of world says nothing about where shop A ships."""
    with schema_context(shop_a.schema_name):
        ShippingZone.objects.filter(rest_of_world=True).get().delete()
        assert _names("JP") == []
    with schema_context(shop_b.schema_name):
        assert _names("JP") == ["International shipping"]
    with schema_context(shop_a.schema_name):
        assert _names("JP") == []

"""Shipping zones and their rates in shop A's Wagtail admin."""

from __future__ import annotations

import re

from django_tenants.utils import schema_context

from shipping.models import ShippingZone
from shipping.services import shipping_zone_create
from tests.support.admin_forms import ALPHA, form_data

LIST = "/admin/shipping/zones/"


def _post(client, url, **fields):
    form = client.get(url, HTTP_HOST=ALPHA).context["form"]
    data = {**form_data(form), **fields}
    return client.post(url, data, HTTP_HOST=ALPHA)


def _one_rate(**rate):
    data = {
        "rates-TOTAL_FORMS": "1",
        "rates-INITIAL_FORMS": "0",
        "rates-0-ORDER": "1",
        "rates-0-id": "",
    }
    data.update({f"rates-0-{k}": v for k, v in rate.items()})
    return data


def test_settings_menu_has_shipping(shop_a, owner_client):
    page = owner_client.get("/admin/", HTTP_HOST=ALPHA).content.decode()
    assert "Shipping" in page


def test_create_a_zone_with_a_rate(shop_a, owner_client):
    data = {
        "name": "Europe",
        "countries": ["FR", "DE"],
        **_one_rate(name="Standard", kind="free_over", price="4.90", min_subtotal="50"),
    }
    response = _post(owner_client, LIST + "add/", **data)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        zone = ShippingZone.objects.get(name="Europe")
        assert zone.countries == ["FR", "DE"]
        assert zone.rates.get().min_subtotal == 50
    assert "France, Germany" in owner_client.get(LIST, HTTP_HOST=ALPHA).content.decode()


def test_country_in_another_zone_is_explained(shop_a, owner_client):
    with schema_context(shop_a.schema_name):
        shipping_zone_create(name="Europe", countries=["FR"])
    response = _post(owner_client, LIST + "add/", name="France", countries=["FR"])
    assert response.status_code == 200
    assert response.context["form"].errors["countries"] == [
        "FR already in the zone “Europe”; a country can be in one zone only."
    ]


def test_rate_problems_show_on_the_rate(shop_a, owner_client):
    data = {
        "name": "Europe",
        "countries": ["FR"],
        **_one_rate(name="Standard", kind="free_over", price="4.90", min_subtotal=""),
    }
    response = _post(owner_client, LIST + "add/", **data)
    assert response.status_code == 200
    rate_form = response.context["form"].formsets["rates"].forms[0]
    assert rate_form.errors["min_subtotal"] == ["Enter the subtotal from which shipping is free."]
    with schema_context(shop_a.schema_name):
        assert not ShippingZone.objects.filter(name="Europe").exists()


def test_edit_shows_countries_as_text(shop_a, owner_client):
    with schema_context(shop_a.schema_name):
        zone = shipping_zone_create(name="Europe", countries=["FR", "DE"])
    response = _post(owner_client, f"{LIST}edit/{zone.pk}/", name="EU")
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        zone.refresh_from_db()
        assert (zone.name, zone.countries) == ("EU", ["FR", "DE"])


def test_countries_are_chosen_by_name_and_stored_as_codes(shop_a, owner_client):
    page = owner_client.get(LIST + "add/", HTTP_HOST=ALPHA).content.decode()
    assert 'placeholder="Search countries"' in page
    assert re.search(
        r'<input type="checkbox" name="countries" value="DE"[^>]*> Germany</label>', page
    )
    assert "country-picker.js" in page


def test_the_rest_of_world_zone_is_made_and_listed(shop_a, owner_client):
    with schema_context(shop_a.schema_name):
        ShippingZone.objects.filter(rest_of_world=True).delete()
    data = {"name": "Everywhere else", "rest_of_world": "on", "countries": ["FR"]}
    rate = _one_rate(name="Post", kind="flat", price="12")
    response = _post(owner_client, LIST + "add/", **data, **rate)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        zone = ShippingZone.objects.get(name="Everywhere else")
        assert (zone.rest_of_world, zone.countries) == (True, [])
    listing = owner_client.get(LIST, HTTP_HOST=ALPHA).content.decode()
    assert "Rest of world: every country not in another zone" in listing


def test_a_second_rest_of_world_zone_is_explained(shop_a, owner_client):
    data = {"name": "Elsewhere", "rest_of_world": "on"}
    response = _post(owner_client, LIST + "add/", **data)
    assert response.status_code == 200
    assert response.context["form"].errors["rest_of_world"] == [
        "The shop already has a “rest of world” zone."
    ]


def test_the_zone_list_costs_the_same_with_more_zones(
    shop_a, owner_client, django_assert_max_num_queries
):
    owner_client.get(LIST, HTTP_HOST=ALPHA)
    with django_assert_max_num_queries(40) as few:
        owner_client.get(LIST, HTTP_HOST=ALPHA)
    with schema_context(shop_a.schema_name):
        for n, code in enumerate(["FR", "BE", "NL", "IT", "ES", "PT"]):
            shipping_zone_create(name=f"Zone {n}", countries=[code])
    with django_assert_max_num_queries(len(few.captured_queries)):
        owner_client.get(LIST, HTTP_HOST=ALPHA)

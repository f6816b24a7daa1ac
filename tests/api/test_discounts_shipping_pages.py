"""Discount codes, shipping zones, tax rates and pages through the Admin API."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from discounts.models import DiscountCode


def test_discount_codes(shop_a, api):
    response = api.post(
        "discount_codes.json",
        {"discount_code": {"code": "SUMMER10", "value_type": "percentage", "value": "10"}},
    )
    assert response.status_code == 201, response.content
    code = response.json()["discount_code"]
    assert code["value"] == "10.00" or code["value"] == "10"
    duplicate = api.post(
        "discount_codes.json", {"discount_code": {"code": "summer10", "value": "5"}}
    )
    assert duplicate.status_code == 422
    assert duplicate.json()["errors"][0]["field"] == "code"
    too_much = api.post(
        "discount_codes.json",
        {"discount_code": {"code": "BIG", "value_type": "percentage", "value": "150"}},
    )
    assert too_much.status_code == 422
    changed = api.put(f"discount_codes/{code['id']}.json", {"discount_code": {"active": False}})
    assert changed.json()["discount_code"]["active"] is False
    assert [d["code"] for d in api.get("discount_codes.json").json()["discount_codes"]] == [
        "SUMMER10"
    ]
    with schema_context(shop_a.schema_name):
        entry = ModelLogEntry.objects.filter(
            action="wagtail.edit",
            object_id=str(code["id"]),
            content_type=ContentType.objects.get_for_model(DiscountCode),
        ).get()
        assert entry.user.get_full_name() == "Acme ERP (app)"
    assert api.delete(f"discount_codes/{code['id']}.json").status_code == 200
    with schema_context(shop_a.schema_name):
        assert not DiscountCode.objects.exists()


def test_shipping_zones_one_zone_per_country(api):
    zones = api.get("shipping_zones.json").json()["shipping_zones"]
    taken = next(z for z in zones if z["countries"])["countries"][0]
    response = api.post(
        "shipping_zones.json",
        {
            "shipping_zone": {
                "name": "Again",
                "countries": [taken],
                "rates": [{"name": "Std", "price": "4"}],
            }
        },
    )
    assert response.status_code == 422
    response = api.post(
        "shipping_zones.json",
        {
            "shipping_zone": {
                "name": "Japan",
                "countries": ["JP"],
                "rates": [{"name": "Air", "price": "12.5"}],
            }
        },
    )
    assert response.status_code == 201, response.content
    zone = response.json()["shipping_zone"]
    assert zone["rates"][0]["price"] == "12.50"
    assert api.delete(f"shipping_zones/{zone['id']}.json").status_code == 200


def test_tax_rates(api):
    response = api.post(
        "tax_rates.json", {"tax_rate": {"country_code": "JP", "name": "JCT", "rate": "0.1"}}
    )
    assert response.status_code == 201, response.content
    again = api.post(
        "tax_rates.json", {"tax_rate": {"country_code": "JP", "name": "X", "rate": "0.2"}}
    )
    assert again.status_code == 422
    rid = response.json()["tax_rate"]["id"]
    changed = api.put(
        f"tax_rates/{rid}.json", {"tax_rate": {"country_code": "JP", "name": "JCT", "rate": "0.08"}}
    )
    assert changed.json()["tax_rate"]["rate"] == "0.0800"


def test_pages(api):
    pages = api.get("pages.json").json()["pages"]
    assert pages and pages[0]["page_type"] == "homepage"
    assert api.get(f"pages/{pages[0]['id']}.json").json()["page"]["title"] == pages[0]["title"]

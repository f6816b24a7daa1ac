"""Every shipping admin form writes the zone and its rates through ``shipping.services``.

The form asks the services' own checks, so a direct save would leave the same rows:
the tests prove the path by the service call (the service still runs, for real) and
by its audit entry, and that a bad post shows its error and writes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django_tenants.utils import schema_context

from shipping import viewsets
from shipping.models import ShippingRate, ShippingZone
from shipping.services import shipping_zone_create
from tests.support.admin_forms import ALPHA, OWNER, admin_post, audit_entry
from tests.support.service_calls import service_calls

LIST = "/admin/shipping/zones/"


def _europe(shop):
    with schema_context(shop.schema_name):
        return shipping_zone_create(
            name="Europe",
            countries=["FR", "DE"],
            rates=[
                {"name": "Standard", "price": "4.90"},
                {"name": "Express", "price": "9.90"},
            ],
        )


def test_create_goes_through_the_service(shop_a, owner_client, monkeypatch):
    calls = service_calls(monkeypatch, viewsets, "shipping_zone_create")
    response = admin_post(
        owner_client,
        LIST + "add/",
        name="Nordics",
        countries=["SE", "NO"],
        **{
            "rates-TOTAL_FORMS": "1",
            "rates-0-name": "Post",
            "rates-0-kind": "free_over",
            "rates-0-price": "5",
            "rates-0-min_subtotal": "60",
            "rates-0-ORDER": "1",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert len(calls) == 1 and calls[0]["user"].email == OWNER
    with schema_context(shop_a.schema_name):
        zone = ShippingZone.objects.get(name="Nordics")
        assert zone.countries == ["SE", "NO"]
        assert list(zone.rates.values_list("name", "min_subtotal")) == [("Post", 60)]
    assert audit_entry(shop_a, "wagtail.create", zone).user.email == OWNER


def test_edit_with_its_rates_goes_through_the_service(shop_a, owner_client, monkeypatch):
    zone = _europe(shop_a)
    calls = service_calls(monkeypatch, viewsets, "shipping_zone_update")
    url = f"{LIST}edit/{zone.pk}/"
    response = admin_post(
        owner_client,
        url,
        countries=["FR", "DE", "BE"],
        **{"rates-0-price": "3.50", "rates-1-DELETE": "on"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert [c["zone"].pk for c in calls] == [zone.pk]
    with schema_context(shop_a.schema_name):
        zone.refresh_from_db()
        assert zone.countries == ["FR", "DE", "BE"]
        assert list(zone.rates.values_list("name", "price", "position")) == [
            ("Standard", Decimal("3.50"), 0)
        ]
    assert audit_entry(shop_a, "wagtail.edit", zone).user.email == OWNER


def test_a_country_of_another_zone_is_refused_and_nothing_written(shop_a, owner_client):
    _europe(shop_a)
    response = admin_post(owner_client, LIST + "add/", name="France", countries=["FR"])
    assert response.status_code == 200
    assert "already in the zone “Europe”" in response.context["form"].errors["countries"][0]
    with schema_context(shop_a.schema_name):
        # The two zones every shop starts with, and Europe.
        assert ShippingZone.objects.count() == 3
        assert ShippingRate.objects.count() == 4


def test_delete_goes_through_the_service(shop_a, owner_client, monkeypatch):
    zone = _europe(shop_a)
    calls = service_calls(monkeypatch, viewsets, "shipping_zone_delete")
    assert owner_client.post(f"{LIST}delete/{zone.pk}/", HTTP_HOST=ALPHA).status_code == 302
    assert [c["zone"].name for c in calls] == ["Europe"]
    with schema_context(shop_a.schema_name):
        assert not ShippingZone.objects.filter(name="Europe").exists()
    assert audit_entry(shop_a, "wagtail.delete", zone).user.email == OWNER


def test_bulk_delete_goes_through_the_service(shop_a, owner_client):
    zone = _europe(shop_a)
    owner_client.post(f"/admin/bulk/shipping/shippingzone/delete/?id={zone.pk}", HTTP_HOST=ALPHA)
    with schema_context(shop_a.schema_name):
        assert not ShippingZone.objects.filter(name="Europe").exists()
    assert audit_entry(shop_a, "wagtail.delete", zone).user.email == OWNER

"""Tax rates and the shop's tax settings are written through ``taxes.services``.

The form asks the services' own checks, so a direct save would leave the same rows:
the tests prove the path by the service call (the service still runs, for real) and
by its audit entry, and that a bad post shows its error and writes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django_tenants.utils import schema_context

from taxes import viewsets
from taxes.models import TaxRate, TaxSettings
from taxes.services import tax_rate_create
from tests.support.admin_forms import ALPHA, OWNER, admin_post, audit_entry
from tests.support.service_calls import service_calls

LIST = "/admin/taxes/rates/"


def _france(shop):
    with schema_context(shop.schema_name):
        return tax_rate_create(country="FR", name="TVA", rate="0.2")


def test_create_goes_through_the_service(shop_a, owner_client, monkeypatch):
    calls = service_calls(monkeypatch, viewsets, "tax_rate_create")
    response = admin_post(
        owner_client, LIST + "add/", country="ca", region="on", name="HST", rate="0.13"
    )
    assert response.status_code == 302, response.context["form"].errors
    assert len(calls) == 1 and calls[0]["user"].email == OWNER
    with schema_context(shop_a.schema_name):
        rate = TaxRate.objects.get()
        assert (rate.country, rate.region, rate.rate) == ("CA", "ON", Decimal("0.1300"))
    assert audit_entry(shop_a, "wagtail.create", rate).user.email == OWNER


def test_edit_goes_through_the_service(shop_a, owner_client, monkeypatch):
    rate = _france(shop_a)
    calls = service_calls(monkeypatch, viewsets, "tax_rate_update")
    response = admin_post(owner_client, f"{LIST}edit/{rate.pk}/", rate="0.055", name="TVA réduite")
    assert response.status_code == 302, response.context["form"].errors
    assert [c["tax_rate"].pk for c in calls] == [rate.pk]
    with schema_context(shop_a.schema_name):
        rate.refresh_from_db()
        assert (rate.name, rate.rate) == ("TVA réduite", Decimal("0.0550"))
    assert audit_entry(shop_a, "wagtail.edit", rate).user.email == OWNER


def test_a_duplicate_rate_is_refused_and_nothing_written(shop_a, owner_client):
    _france(shop_a)
    response = admin_post(owner_client, LIST + "add/", country="fr", name="Again", rate="0.1")
    assert response.status_code == 200
    assert response.context["form"].errors["country"] == [
        "There is already a rate for this country and region."
    ]
    with schema_context(shop_a.schema_name):
        assert list(TaxRate.objects.values_list("name", flat=True)) == ["TVA"]


def test_delete_and_bulk_delete_go_through_the_service(shop_a, owner_client, monkeypatch):
    rate = _france(shop_a)
    with schema_context(shop_a.schema_name):
        other = tax_rate_create(country="DE", name="MwSt", rate="0.19")
    calls = service_calls(monkeypatch, viewsets, "tax_rate_delete")
    assert owner_client.post(f"{LIST}delete/{rate.pk}/", HTTP_HOST=ALPHA).status_code == 302
    assert [c["tax_rate"].name for c in calls] == ["TVA"]
    owner_client.post(f"/admin/bulk/taxes/taxrate/delete/?id={other.pk}", HTTP_HOST=ALPHA)
    with schema_context(shop_a.schema_name):
        assert not TaxRate.objects.exists()
    for gone in (rate, other):
        assert audit_entry(shop_a, "wagtail.delete", gone).user.email == OWNER


def test_tax_settings_go_through_the_service(shop_a, owner_client, monkeypatch):
    with schema_context(shop_a.schema_name):
        settings = TaxSettings.objects.get()
    calls = service_calls(monkeypatch, viewsets, "tax_settings_update")
    url = f"/admin/settings/taxes/taxsettings/{settings.pk}/"
    response = admin_post(owner_client, url, prices_include_tax="on", charge_tax_on_shipping="on")
    assert response.status_code == 302, response.context["form"].errors
    assert len(calls) == 1 and calls[0]["user"].email == OWNER
    with schema_context(shop_a.schema_name):
        settings.refresh_from_db()
        assert settings.prices_include_tax and settings.charge_tax_on_shipping
    assert audit_entry(shop_a, "wagtail.edit", settings).user.email == OWNER

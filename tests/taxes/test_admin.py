"""Tax rates and tax settings in shop A's Wagtail admin."""

from __future__ import annotations

from django_tenants.utils import schema_context

from taxes.models import TaxRate, TaxSettings
from taxes.services import tax_rate_create
from tests.support.admin_forms import ALPHA, form_data

LIST = "/admin/taxes/rates/"


def _post(client, url, **fields):
    form = client.get(url, HTTP_HOST=ALPHA).context["form"]
    return client.post(url, {**form_data(form), **fields}, HTTP_HOST=ALPHA)


def test_create_a_rate(shop_a, owner_client):
    response = _post(owner_client, LIST + "add/", country="de", name="MwSt", rate="0.19")
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        assert TaxRate.objects.get().country == "DE"
    assert "19" in owner_client.get(LIST, HTTP_HOST=ALPHA).content.decode()


def test_duplicate_and_out_of_range_are_explained(shop_a, owner_client):
    with schema_context(shop_a.schema_name):
        tax_rate_create(country="DE", name="MwSt", rate="0.19")
    response = _post(owner_client, LIST + "add/", country="DE", name="X", rate="1.5")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["country"] == ["There is already a rate for this country and region."]
    assert errors["rate"] == ["Enter a rate from 0 up to (not including) 1; 0.2000 is 20%."]


def test_tax_settings_page(shop_a, owner_client):
    with schema_context(shop_a.schema_name):
        row = TaxSettings.objects.get()
    url = f"/admin/settings/taxes/taxsettings/{row.pk}/"
    response = owner_client.post(
        url, {"prices_include_tax": "on", "charge_tax_on_shipping": "on"}, HTTP_HOST=ALPHA
    )
    assert response.status_code == 302
    with schema_context(shop_a.schema_name):
        assert TaxSettings.objects.count() == 1
        row.refresh_from_db()
        assert row.prices_include_tax and row.charge_tax_on_shipping


def test_the_rate_list_warns_when_no_tax_is_configured(shop_a, owner_client):
    """A US shop starts with no rate (taxes.defaults): the merchant is told plainly."""
    body = owner_client.get(LIST, HTTP_HOST=ALPHA).content.decode()
    assert "No tax is configured: orders are charged no tax in any country." in body
    with schema_context(shop_a.schema_name):
        tax_rate_create(country="US", region="CA", name="Sales tax", rate="0.0725")
    body = owner_client.get(LIST, HTTP_HOST=ALPHA).content.decode()
    assert "No tax is configured" not in body


def test_a_shop_in_a_vat_country_starts_with_its_rate(db):
    from provisioning.services import shop_provision

    shop = shop_provision(
        name="Kaas",
        subdomain="kaas",
        owner_email="k@example.com",
        owner_password="x-long-pw-1",
        country="NL",
    )
    with schema_context(shop.schema_name):
        rate = TaxRate.objects.get()
        assert (rate.country, rate.name, rate.rate_percent) == ("NL", "btw", "21")
        assert TaxSettings.objects.get().prices_include_tax is True

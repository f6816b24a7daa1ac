"""Tax rates and settings refuse bad input; every shop has its settings row."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from taxes.models import TaxRate, TaxSettings
from taxes.selectors import tax_settings
from taxes.services import tax_rate_create


def _errors(**kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        tax_rate_create(**kwargs)
    return caught.value.message_dict


def test_every_new_shop_has_its_settings_row(shop_a, shop_b):
    for shop in (shop_a, shop_b):
        with schema_context(shop.schema_name):
            settings = tax_settings()
            assert (settings.prices_include_tax, settings.charge_tax_on_shipping) == (False, False)
    with schema_context("souk_template"):
        assert TaxSettings.objects.count() == 1


def test_a_second_settings_row_is_refused(alpha):
    with pytest.raises(IntegrityError), transaction.atomic():
        TaxSettings.objects.create()


def test_codes_are_uppercased(alpha):
    rate = tax_rate_create(country=" fr ", region="", name="TVA", rate="0.2")
    assert (rate.country, rate.region, rate.rate) == ("FR", "", Decimal("0.2"))


@pytest.mark.parametrize("value", ["1", "1.5", "-0.01"])
def test_rate_from_0_to_below_1(alpha, value):
    assert _errors(country="FR", name="TVA", rate=value)["rate"] == [
        "Enter a rate from 0 up to (not including) 1; 0.2000 is 20%."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        TaxRate.objects.create(country="FR", name="TVA", rate=value)


def test_rate_of_0_is_allowed(alpha):
    assert tax_rate_create(country="HK", name="None", rate="0").rate == 0


def test_unknown_country(alpha):
    assert _errors(country="UK", name="VAT", rate="0.2")["country"] == [
        "“UK” is not a two-letter country code."
    ]


def test_one_rate_per_country_and_region(alpha):
    tax_rate_create(country="US", name="Sales tax", rate="0.05")
    tax_rate_create(country="US", region="CA", name="CA", rate="0.0725")
    assert _errors(country="us", name="Again", rate="0.06")["country"] == [
        "There is already a rate for this country and region."
    ]
    assert _errors(country="US", region="ca", name="Again", rate="0.06")["region"] == [
        "There is already a rate for this country and region."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        TaxRate.objects.create(country="US", region="CA", name="Dup", rate="0.01")

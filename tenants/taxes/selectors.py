"""Reads of tax settings and rates."""

from __future__ import annotations

from taxes.models import TaxRate, TaxSettings


def tax_settings() -> TaxSettings:
    """This shop's settings row (every schema has it: migration 0002 makes it)."""
    return TaxSettings.objects.get()


def tax_rate_for(*, country: str, region: str = "") -> TaxRate | None:
    """The region's rate where the shop defined one, else the country's: one query."""
    country, region = country.strip().upper(), region.strip().upper()
    regions = [""] + ([region] if region else [])
    found = {r.region: r for r in TaxRate.objects.filter(country=country, region__in=regions)}
    return found.get(region) or found.get("")

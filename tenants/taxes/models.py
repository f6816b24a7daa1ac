"""How a shop charges tax: its settings and its rates by country and region.

``TaxSettings`` is a Wagtail generic setting (one per shop, edited under the admin's
Settings menu). ``singleton`` is a constant column with a unique constraint, so a
second row cannot exist whatever writes it; migration 0002 creates the row in the
template schema, so every cloned shop has it and checkout never writes while reading.

A ``TaxRate`` with a blank region covers the whole country; one with a region
(a state or province code) replaces it there — see ``taxes.services``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting


class TaxSettings(BaseGenericSetting):
    singleton = models.BooleanField(default=True, editable=False)
    prices_include_tax = models.BooleanField(
        _("prices include tax"),
        default=False,
        help_text=_("Prices you enter already include tax (usual in Europe)."),
    )
    charge_tax_on_shipping = models.BooleanField(_("charge tax on shipping"), default=False)

    class Meta:
        verbose_name = _("tax settings")
        verbose_name_plural = _("tax settings")
        constraints = [
            models.UniqueConstraint(fields=["singleton"], name="tax_settings_one_row"),
            models.CheckConstraint(condition=Q(singleton=True), name="tax_settings_singleton"),
        ]

    def __str__(self) -> str:
        return str(_("Tax settings"))


class TaxRate(models.Model):
    country = models.CharField(_("country"), max_length=2, help_text=_("Two-letter code, e.g. FR."))
    region = models.CharField(
        _("region"),
        max_length=8,
        blank=True,
        help_text=_("State or province code, e.g. CA. Leave blank for the whole country."),
    )
    name = models.CharField(_("name"), max_length=64, help_text=_("Shown on receipts, e.g. VAT."))
    rate = models.DecimalField(
        _("rate"),
        max_digits=6,
        decimal_places=4,
        help_text=_("As a fraction: 0.2000 for 20%."),
    )

    class Meta:
        verbose_name = _("tax rate")
        verbose_name_plural = _("tax rates")
        ordering = ["country", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "region"],
                name="tax_rate_unique_per_place",
                violation_error_message=_("There is already a rate for this country and region."),
            ),
            models.CheckConstraint(
                condition=Q(rate__gte=0, rate__lt=1),
                name="tax_rate_between_0_and_1",
                violation_error_message=_("A rate is at least 0 and below 1 (0.2000 is 20%)."),
            ),
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"), name="tax_rate_country_code"
            ),
            models.CheckConstraint(
                condition=Q(region__regex=r"^[A-Z0-9-]*$"), name="tax_rate_region_code"
            ),
        ]

    def __str__(self) -> str:
        place = f"{self.country}-{self.region}" if self.region else self.country
        return f"{self.name} {place} {self.rate_percent}%"

    @property
    def rate_percent(self) -> str:
        return f"{(self.rate * 100).normalize():f}"

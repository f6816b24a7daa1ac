"""The shop-admin form for a tax rate: codes uppercased, the services' checks."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminModelForm

from taxes.services import tax_rate_problems


class TaxRateForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        for field in ("country", "region"):
            if field in cleaned:
                cleaned[field] = (cleaned[field] or "").strip().upper()
        if "country" not in cleaned:
            return cleaned
        problems = tax_rate_problems(
            country=cleaned["country"],
            region=cleaned.get("region", ""),
            rate=cleaned.get("rate"),
            exclude_pk=self.instance.pk,
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def validate_unique(self):
        """The duplicate check above already names the field; skip Django's second,
        field-less message for the same constraint."""
        if not self.errors:
            super().validate_unique()

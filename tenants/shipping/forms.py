"""The shop-admin form for a shipping zone and its rates (inline).

Countries are typed as text ("FR, DE, BE"); the services' checks decide what is
valid, so the admin says the same as the services, next to the field concerned.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from shipping.services import rate_problems, zone_countries_clean


class ShippingZoneForm(WagtailAdminModelForm):
    countries = forms.CharField(
        label=_("countries"),
        help_text=_("Two-letter country codes separated by commas, e.g. FR, DE, BE."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["countries"] = ", ".join(self.instance.countries)

    def clean_countries(self):
        try:
            return zone_countries_clean(
                self.cleaned_data.get("countries", ""), exclude_pk=self.instance.pk
            )
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def is_valid(self):
        valid = super().is_valid()
        rates = self.formsets["rates"]
        for form in rates.forms:
            if not hasattr(form, "cleaned_data") or (
                not form.has_changed() and not form.instance.pk
            ):
                continue
            if rates.can_delete and rates._should_delete_form(form):
                continue
            data = form.cleaned_data
            problems = rate_problems(
                kind=data.get("kind"),
                price=data.get("price"),
                min_subtotal=data.get("min_subtotal"),
                min_weight_grams=data.get("min_weight_grams"),
                max_weight_grams=data.get("max_weight_grams"),
            )
            for field, message in problems.items():
                if field not in form.errors:
                    form.add_error(field, message)
        return valid and not self.errors and not any(f.errors for f in rates.forms)

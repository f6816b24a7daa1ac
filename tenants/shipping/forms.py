"""The shop-admin form for a shipping zone and its rates (inline).

Countries are chosen by name from the whole list (ticked boxes under a search field
that filters them as the merchant types; without JavaScript the list still works),
and stored as codes. The "rest of world" box makes the zone cover every country no
other zone lists. The services' checks decide what is valid, so the admin says the
same as the services, next to the field concerned.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from kernel.countries import country_choices
from shipping.services import rate_problems, zone_countries_clean


class CountryPickerWidget(forms.CheckboxSelectMultiple):
    """Every country as a checkbox, the chosen ones first, under a search box."""

    template_name = "shipping/widgets/country_picker.html"

    class Media:
        js = ["shipping/country-picker.js"]
        css = {"all": ["shipping/country-picker.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = set(value or [])
        context["widget"]["chosen_count"] = len(chosen)
        return context

    def optgroups(self, name, value, attrs=None):
        """Chosen countries first (each group keeps the alphabetical order)."""
        groups = super().optgroups(name, value, attrs)
        return sorted(groups, key=lambda group: not group[1][0]["selected"])


class ShippingZoneForm(WagtailAdminModelForm):
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        choices=country_choices,
        widget=CountryPickerWidget,
        help_text=_("Type to find a country, tick it to ship there."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["countries"] = list(self.instance.countries)

    def clean(self):
        cleaned = super().clean()
        if "countries" in self.errors:
            return cleaned
        try:
            cleaned["countries"] = zone_countries_clean(
                cleaned.get("countries") or [],
                exclude_pk=self.instance.pk,
                rest_of_world=bool(cleaned.get("rest_of_world")),
            )
        except ValidationError as error:
            field = "rest_of_world" if cleaned.get("rest_of_world") else "countries"
            self.add_error(field, error.messages)
        return cleaned

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

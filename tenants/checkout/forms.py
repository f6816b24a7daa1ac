"""Shopper input of the checkout steps; services do the authoritative checks.

The forms parse and give field-level messages; the services (``checkout.services``)
validate again, because they are also called from code that has no form.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from kernel.countries import REGIONS, country_choices, region_choices
from kernel.money import money_format


class CheckoutForm(forms.Form):
    """Labels without Django's trailing colon, like every storefront form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ContactForm(CheckoutForm):
    email = forms.EmailField(label=_("Email"), max_length=254)


class AddressForm(CheckoutForm):
    """The region field becomes a select of the country's states once the country needs one."""

    name = forms.CharField(label=_("Full name"), max_length=255)
    company = forms.CharField(label=_("Company"), max_length=255, required=False)
    line1 = forms.CharField(label=_("Address"), max_length=255)
    line2 = forms.CharField(label=_("Apartment, suite, etc."), max_length=255, required=False)
    city = forms.CharField(label=_("City"), max_length=255)
    country = forms.ChoiceField(label=_("Country"))
    region = forms.CharField(label=_("State / province"), max_length=255, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=255)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country")), *country_choices()]
        country = (self.data.get("country") if self.is_bound else None) or self.initial.get(
            "country"
        )
        if country in REGIONS:
            self.fields["region"] = forms.ChoiceField(
                label=_("State / province"),
                choices=[("", _("Choose one")), *region_choices(country)],
            )


class ShippingForm(CheckoutForm):
    rate_id = forms.TypedChoiceField(
        label=_("Shipping method"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, quotes, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rate_id"].choices = [
            (q.rate_id, f"{q.name} — {money_format(q.price, currency)}") for q in quotes
        ]


class CardForm(CheckoutForm):
    """Card details, passed to the provider and never stored (only the last 4 digits are)."""

    number = forms.CharField(label=_("Card number"), max_length=23)
    name = forms.CharField(label=_("Name on card"), max_length=255)
    expiry = forms.CharField(label=_("Expiry (MM/YY)"), max_length=7)
    cvc = forms.CharField(label=_("Security code"), max_length=4, min_length=3)

    def clean_number(self):
        number = re.sub(r"[\s-]", "", self.cleaned_data["number"])
        if not number.isdigit():
            raise forms.ValidationError(_("A card number is digits only."))
        return number

    def clean_expiry(self):
        match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*", self.cleaned_data["expiry"])
        if not match:
            raise forms.ValidationError(_("Enter the expiry date as MM/YY."))
        month, year = int(match[1]), int(match[2])
        year = year + 2000 if year < 100 else year
        if not 1 <= month <= 12:
            raise forms.ValidationError(_("Enter the expiry date as MM/YY."))
        today = date.today()
        if (year, month) < (today.year, today.month):
            raise forms.ValidationError(_("This card has expired."))
        return f"{month:02d}/{year % 100:02d}"

    def clean_cvc(self):
        cvc = self.cleaned_data["cvc"].strip()
        if not cvc.isdigit():
            raise forms.ValidationError(_("The security code is 3 or 4 digits."))
        return cvc


class StripePaymentForm(CheckoutForm):
    """What a Stripe shop's payment step posts: the PaymentMethod id Stripe.js made.

    The card itself is typed into Stripe's own field (an iframe from js.stripe.com)
    and sent by the shopper's browser straight to Stripe; this form never sees it
    (PCI SAQ A).
    """

    payment_method = forms.RegexField(
        regex=r"^pm_[A-Za-z0-9_]{1,250}$",
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Enter your card details in the card field, then pay."),
            "invalid": _("Enter your card details in the card field, then pay."),
        },
    )

"""Forms of the customers admin: they parse what the merchant typed; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from customers.models import Customer


class CustomerForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    accepts_marketing = forms.BooleanField(
        label=_("Customer agreed to receive marketing emails"), required=False
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Separate tags with commas, e.g. VIP, wholesale."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    @classmethod
    def for_customer(cls, customer: Customer, *args, **kwargs):
        initial = {
            "email": customer.email,
            "first_name": customer.first_name,
            "last_name": customer.last_name,
            "phone": customer.phone,
            "accepts_marketing": customer.accepts_marketing,
            "tags": ", ".join(customer.tags),
            "note": customer.note,
        }
        return cls(*args, initial=initial, **kwargs)


class SegmentForm(forms.Form):
    name = forms.CharField(label=_("Segment name"), max_length=100)

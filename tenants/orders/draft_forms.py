"""Forms of the draft-order admin: they parse what the merchant typed; services decide.

Lines are a formset of plain rows (SKU, title, quantity, price) so the editor works
without JavaScript and on a phone: a SKU from the catalog makes a catalog line (its
price unless another is typed), a title alone makes a custom line.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Variant
from kernel.countries import country_choices

EXTRA_LINES = 3


class DraftOrderForm(forms.Form):
    email = forms.EmailField(label=_("Customer e-mail"), max_length=254)
    name = forms.CharField(label=_("Full name"), max_length=255, required=False)
    company = forms.CharField(label=_("Company"), max_length=255, required=False)
    line1 = forms.CharField(label=_("Address"), max_length=255, required=False)
    line2 = forms.CharField(label=_("Apartment, suite"), max_length=255, required=False)
    city = forms.CharField(label=_("City"), max_length=255, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=255, required=False)
    region = forms.CharField(label=_("State or province"), max_length=255, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    shipping_name = forms.CharField(
        label=_("Shipping method"),
        max_length=255,
        required=False,
        help_text=_("As the customer will read it, e.g. Courier."),
    )
    shipping_price = forms.DecimalField(
        label=_("Shipping price"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    discount_amount = forms.DecimalField(
        label=_("Discount"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    discount_reason = forms.CharField(label=_("Discount reason"), max_length=255, required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For you and your team; the customer does not see it."),
    )

    ADDRESS_FIELDS = (
        "name",
        "company",
        "line1",
        "line2",
        "city",
        "postal_code",
        "region",
        "country",
        "phone",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose a country")), *country_choices()]

    def address(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.ADDRESS_FIELDS}


class DraftLineForm(forms.Form):
    sku = forms.CharField(label=_("SKU"), max_length=255, required=False)
    title = forms.CharField(
        label=_("Item"),
        max_length=255,
        required=False,
        help_text=_("For a custom item; a catalog item takes its product's name."),
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=9999, required=False)
    unit_price = forms.DecimalField(
        label=_("Price"), required=False, min_value=0, max_digits=12, decimal_places=2
    )

    def has_content(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("sku") or data.get("title"))


DraftLineFormSet = forms.formset_factory(DraftLineForm, extra=EXTRA_LINES, can_delete=True)


def lines_from_formset(formset) -> list[dict]:
    """The service's line dicts from the valid rows; a SKU found in the catalog is a
    catalog line (one query for every SKU)."""
    rows = [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.has_content()
    ]
    skus = {row["sku"].strip() for row in rows if row.get("sku")}
    variants = dict(Variant.objects.filter(sku__in=skus).values_list("sku", "pk")) if skus else {}
    lines = []
    for row in rows:
        sku = (row.get("sku") or "").strip()
        line = {
            "quantity": row.get("quantity") or 1,
            "unit_price": row.get("unit_price"),
        }
        if sku in variants:
            line["variant_id"] = variants[sku]
        else:
            line["title"] = row.get("title") or ""
            line["sku"] = sku
            if not line["title"]:
                line["variant_id"] = -1  # an unknown SKU: the service says which line
        lines.append(line)
    return lines


def formset_initial(draft) -> list[dict]:
    return [
        {
            "sku": line.sku,
            "title": "" if line.variant_id else line.product_title,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
        }
        for line in draft.lines.all()
    ]

"""Shopper input on storefront pages: listing filters, search, the variant picker.

Everything arrives in the query string, which anyone can edit: each field is
validated on its own, an invalid one is dropped (and explained), and the valid rest
still applies — a bad ``?min_price=`` never hides the page, and never reaches the
database (NUL characters, for one, would make PostgreSQL raise).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Product, Variant
from storefront.selectors.listings import ListingFilters, Sort

MAX_PRICE = Decimal("9999999999.99")  # the catalogue's money column: 12 digits, 2 places


class ListingForm(forms.Form):
    """Sort and filters of a collection page."""

    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    available = forms.BooleanField(label=_("In stock only"), required=False)
    min_price = forms.DecimalField(
        label=_("Lowest price"),
        required=False,
        min_value=0,
        max_value=MAX_PRICE,
        decimal_places=2,
    )
    max_price = forms.DecimalField(
        label=_("Highest price"),
        required=False,
        min_value=0,
        max_value=MAX_PRICE,
        decimal_places=2,
    )
    option = forms.MultipleChoiceField(
        label=_("Options"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, default_sort: str, option_values: Sequence[str], **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        choices = [
            (Sort.PRICE_ASC, _("Price, low to high")),
            (Sort.PRICE_DESC, _("Price, high to low")),
            (Sort.NEWEST, _("Newest")),
            (Sort.BEST_SELLING, _("Best selling")),
        ]
        if default_sort == Sort.FEATURED:
            choices.insert(0, (Sort.FEATURED, _("Featured")))
        self.fields["sort"].choices = choices
        self.fields["option"].choices = [(v, v) for v in option_values]
        self.default_sort = default_sort

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_price"), cleaned.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The highest price must not be below the lowest."))
        return cleaned

    @property
    def sort_value(self) -> str:
        if not self.is_bound:
            return self.default_sort
        self.is_valid()
        return self.cleaned_data.get("sort") or self.default_sort

    @property
    def filters(self) -> ListingFilters:
        if not self.is_bound:
            return ListingFilters()
        self.is_valid()
        data = self.cleaned_data
        return ListingFilters(
            available=bool(data.get("available")),
            min_price=data.get("min_price"),
            max_price=data.get("max_price"),
            options=tuple(data.get("option") or ()),
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search products"), required=False, max_length=200)

    @property
    def query(self) -> str:
        if not self.is_valid():
            return ""
        return self.cleaned_data["q"].strip()


class VariantPickerForm(forms.Form):
    """One select per product option; submitted with GET, so it works without JS.

    The chosen values are matched to a variant by ``choose_variant``; the page then
    shows that variant's price and SKU and puts its id in the add-to-cart form.
    """

    def __init__(self, *args, product: Product, variants: Sequence[Variant], **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        names = (product.option1_name, product.option2_name, product.option3_name)
        for index, name in enumerate(names, start=1):
            field = f"option{index}"
            values = list(dict.fromkeys(getattr(v, field) for v in variants if getattr(v, field)))
            if name and values:
                self.fields[field] = forms.ChoiceField(
                    label=name, choices=[(v, v) for v in values], required=False
                )


def choose_variant(
    variants: Sequence[Variant], params: Mapping[str, str], availability: Mapping[int, bool]
) -> tuple[Variant | None, bool]:
    """The variant the shopper asked for, and whether their choice was honoured.

    ``?variant=<id>`` wins; otherwise ``?option1=…&option2=…`` must match one variant
    exactly. With neither (or a choice no variant matches) the first available
    variant is shown, then the first one.
    """
    if not variants:
        return None, True
    default = next((v for v in variants if availability.get(v.pk)), variants[0])
    raw_id = params.get("variant", "")
    if raw_id:
        by_id = next((v for v in variants if str(v.pk) == raw_id), None)
        return (by_id, True) if by_id else (default, False)
    wanted = {f"option{i}": params.get(f"option{i}") for i in (1, 2, 3) if f"option{i}" in params}
    if not wanted:
        return default, True
    for variant in variants:
        if all(getattr(variant, field) == value for field, value in wanted.items()):
            return variant, True
    return default, False

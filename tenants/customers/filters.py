"""The customers list's filter: one parser for the list, the CSV export and segments.

A segment stores the list's query parameters; reading them back through the same form
means a segment, the list and the export can never disagree about who matches.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from customers.models import TAG_MAX_LENGTH

MARKETING_CHOICES = [("", _("Any")), ("yes", _("Subscribed")), ("no", _("Not subscribed"))]


class CustomerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    orders_min = forms.IntegerField(label=_("Orders from"), required=False, min_value=0)
    orders_max = forms.IntegerField(label=_("Orders to"), required=False, min_value=0)
    spent_min = forms.DecimalField(
        label=_("Spent from"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    spent_max = forms.DecimalField(
        label=_("Spent to"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    last_order_from = forms.DateField(
        label=_("Last order from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    last_order_to = forms.DateField(
        label=_("Last order to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=TAG_MAX_LENGTH)
    accepts_marketing = forms.ChoiceField(
        label=_("Email marketing"), required=False, choices=MARKETING_CHOICES
    )

    def __init__(self, *args, tags: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if tags is not None:
            self.fields["tag"].widget = forms.Select(
                choices=[("", _("Any")), *((t, t) for t in tags)]
            )

    def clean(self):
        data = super().clean()
        for low, high, message in (
            ("orders_min", "orders_max", _("“Orders to” must not be below “Orders from”.")),
            ("spent_min", "spent_max", _("“Spent to” must not be below “Spent from”.")),
            (
                "last_order_from",
                "last_order_to",
                _("“Last order to” must not be before “Last order from”."),
            ),
        ):
            if data.get(low) is not None and data.get(high) is not None and data[high] < data[low]:
                self.add_error(high, message)
        return data

    def filtered(self, queryset):
        """``queryset`` (``with_stats``) narrowed by the filter; an invalid one is ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        marketing = data.get("accepts_marketing", "")
        queryset = queryset.matching(
            orders_min=data.get("orders_min"),
            orders_max=data.get("orders_max"),
            spent_min=data.get("spent_min"),
            spent_max=data.get("spent_max"),
            last_order_from=data.get("last_order_from"),
            last_order_to=data.get("last_order_to"),
            tag=(data.get("tag") or "").strip(),
            accepts_marketing=None if not marketing else marketing == "yes",
        )
        return queryset.search(data.get("q", ""))

    @property
    def active(self) -> bool:
        return (
            self.is_bound
            and self.is_valid()
            and any(v not in (None, "") for v in self.cleaned_data.values())
        )


def filter_params(params) -> dict[str, str]:
    """The filter parameters of ``params`` (a ``QueryDict`` or dict) that are set and
    valid, as strings, ready to store in a segment; ``ValidationError`` by field if
    any is invalid."""
    form = CustomerFilterForm(params)
    if not form.is_valid():
        raise ValidationError({name: [e for e in errors] for name, errors in form.errors.items()})
    return {
        name: str(params.get(name)).strip()
        for name in form.fields
        if form.cleaned_data.get(name) not in (None, "")
    }

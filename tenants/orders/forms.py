"""Forms of the orders admin: they parse what the merchant typed; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.models import Order


class OrderFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    financial_status = forms.ChoiceField(
        label=_("Payment status"),
        required=False,
        choices=[("", _("Any")), *Order.FinancialStatus.choices],
    )
    fulfilment_status = forms.ChoiceField(
        label=_("Fulfilment status"),
        required=False,
        choices=[("", _("Any")), *Order.FulfilmentStatus.choices],
    )
    placed_from = forms.DateField(
        label=_("Placed from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    placed_to = forms.DateField(
        label=_("Placed to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    customer = forms.CharField(label=_("Customer email"), required=False)

    def filtered(self, queryset):
        """``queryset`` narrowed by the valid filters (an invalid one is ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        queryset = queryset.matching(
            financial_status=data.get("financial_status", ""),
            fulfilment_status=data.get("fulfilment_status", ""),
            placed_from=data.get("placed_from"),
            placed_to=data.get("placed_to"),
            customer=data.get("customer", ""),
        )
        return queryset.search(data.get("q", ""))


class _LineQuantitiesForm(forms.Form):
    """One quantity field per order line, named ``line_<id>``."""

    line_prefix = "line_"

    def __init__(self, *args, order: Order, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.line_fields = []
        for line, maximum, initial in lines:
            name = f"{self.line_prefix}{line.pk}"
            self.fields[name] = forms.IntegerField(
                label=line.title, min_value=0, max_value=maximum, initial=initial, required=False
            )
            self.line_fields.append((line, name))

    def line_quantities(self) -> dict[int, int]:
        return {
            line.pk: self.cleaned_data[name]
            for line, name in self.line_fields
            if self.cleaned_data.get(name)
        }

    def line_bound_fields(self):
        return [(line, self[name]) for line, name in self.line_fields]


class FulfilForm(_LineQuantitiesForm):
    carrier = forms.CharField(label=_("Carrier"), max_length=100, required=False)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=255, required=False)
    tracking_url = forms.URLField(
        label=_("Tracking URL"), max_length=500, required=False, assume_scheme="https"
    )
    notify = forms.BooleanField(label=_("Email the customer"), required=False, initial=True)

    def __init__(self, *args, order: Order, **kwargs):
        lines = [
            (line, line.fulfillable_quantity, line.fulfillable_quantity)
            for line in order.lines.all()
            if line.fulfillable_quantity > 0
        ]
        super().__init__(*args, order=order, lines=lines, **kwargs)

    def clean(self):
        data = super().clean()
        if self.is_bound and not self.errors and not self.line_quantities():
            raise forms.ValidationError(_("Choose at least one item to fulfil."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea)
    restock = forms.BooleanField(label=_("Restock items"), required=False, initial=True)


class MarkPaidForm(forms.Form):
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=255,
        required=False,
        help_text=_("A bank transfer's reference or a receipt number, to find it later."),
    )


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class RefundForm(_LineQuantitiesForm):
    line_prefix = "refund_line_"
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("Leave empty to refund what the chosen items cost."),
    )
    restock = forms.BooleanField(label=_("Restock items"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)
    notify = forms.BooleanField(
        label=_("Send the customer a refund e-mail"), required=False, initial=True
    )

    def __init__(self, *args, order: Order, **kwargs):
        lines = [
            (line, line.refundable_quantity, 0)
            for line in order.lines.all()
            if line.refundable_quantity > 0
        ]
        super().__init__(*args, order=order, lines=lines, **kwargs)

    def clean(self):
        data = super().clean()
        if (
            self.is_bound
            and not self.errors
            and not data.get("amount")
            and not (self.line_quantities())
        ):
            raise forms.ValidationError(_("Enter an amount or choose items to refund."))
        return data


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=5000, widget=forms.Textarea)

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ConfirmShopForm(forms.Form):
    """The second step of a destructive action: type the shop's subdomain again."""

    confirm_subdomain = forms.CharField(label=gettext_lazy("Subdomain"), max_length=64)
    reason = forms.CharField(
        label=gettext_lazy("Reason (kept in the activity log)"), max_length=500, required=False
    )

    def __init__(self, *args, shop, **kwargs):
        super().__init__(*args, **kwargs)
        self.shop = shop

    def clean_confirm_subdomain(self):
        value = self.cleaned_data["confirm_subdomain"].strip()
        if value != self.shop.subdomain:
            raise forms.ValidationError(
                _("Type the shop's subdomain “%(name)s” to confirm.")
                % {"name": self.shop.subdomain}
            )
        return value

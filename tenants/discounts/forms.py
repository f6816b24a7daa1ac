"""The shop-admin form for a discount code.

It asks ``discount_code_problems`` — the services' own checks — so the admin and
the services refuse the same things, with each message next to its field. What the
services normalise (a free-shipping code holds no value, a code for everything no
collections) is left to them: the admin's views write through them.
"""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminModelForm

from discounts.models import DiscountCode
from discounts.services import discount_code_problems


class DiscountCodeForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if "code" in cleaned:
            cleaned["code"] = (cleaned["code"] or "").strip()
        if cleaned.get("kind") == DiscountCode.Kind.FREE_SHIPPING:
            self.errors.pop("value", None)  # ignored: the service stores 0
        problems = discount_code_problems(
            code=cleaned.get("code") or self.data.get("code", ""),
            kind=cleaned.get("kind"),
            value=cleaned.get("value"),
            applies_to=cleaned.get("applies_to"),
            collections=cleaned.get("collections") or (),
            starts_at=cleaned.get("starts_at"),
            ends_at=cleaned.get("ends_at"),
            exclude_pk=self.instance.pk,
        )
        for field, message in problems.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def _get_validation_exclusions(self):
        """A free-shipping code's typed value is not checked against the model's
        constraint: the service stores 0 whatever was typed."""
        excluded = super()._get_validation_exclusions()
        if self.cleaned_data.get("kind") == DiscountCode.Kind.FREE_SHIPPING:
            excluded.add("value")
        return excluded

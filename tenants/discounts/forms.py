"""The shop-admin form for a discount code.

It asks ``discount_code_problems`` — the services' own checks — so the admin and
the services refuse the same things, with each message next to its field.
"""

from __future__ import annotations

from decimal import Decimal

from wagtail.admin.forms import WagtailAdminModelForm

from discounts.models import DiscountCode
from discounts.services import discount_code_problems


class DiscountCodeForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if "code" in cleaned:
            cleaned["code"] = (cleaned["code"] or "").strip()
        if cleaned.get("kind") == DiscountCode.Kind.FREE_SHIPPING:
            cleaned["value"] = Decimal("0.00")
            self.errors.pop("value", None)
        if cleaned.get("applies_to") == DiscountCode.AppliesTo.ALL:
            cleaned["collections"] = DiscountCode.collections.field.related_model.objects.none()
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

"""Access scopes of an app, in Shopify's form (``read_products``, ``write_orders``).

A ``write_`` scope implies its ``read_``: an app that may change products may read
them. The webhook scopes exist now so that an app made today keeps its scopes when
webhook subscriptions become an API resource.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

RESOURCES = {
    "products": gettext_lazy("Products, collections and their images"),
    "orders": gettext_lazy("Orders, refunds and fulfilments"),
    "customers": gettext_lazy("Customers and their addresses"),
    "inventory": gettext_lazy("Stock levels per location"),
    "discounts": gettext_lazy("Discount codes"),
    "content": gettext_lazy("Pages, menus and shop settings"),
    "webhooks": gettext_lazy("Webhook subscriptions"),
    "shipping": gettext_lazy("Shipping zones, rates and tax rates"),
}
SCOPES = tuple(f"{verb}_{resource}" for resource in RESOURCES for verb in ("read", "write"))


def scopes_clean(scopes: Iterable[str]) -> list[str]:
    """The given scopes, known ones only, sorted; refuse an unknown one by name."""
    given = {s.strip() for s in scopes if s and s.strip()}
    unknown = sorted(given - set(SCOPES))
    if unknown:
        raise ValidationError(
            {"scopes": _("Unknown scope: %(s)s.") % {"s": ", ".join(unknown)}}, code="invalid"
        )
    if not given:
        raise ValidationError({"scopes": _("Choose at least one scope.")}, code="required")
    return [s for s in SCOPES if s in given]


def scope_granted(granted: Iterable[str], needed: str) -> bool:
    """``needed`` is granted directly, or a ``read_`` is implied by its ``write_``."""
    granted = set(granted)
    if needed in granted:
        return True
    verb, _sep, resource = needed.partition("_")
    return verb == "read" and f"write_{resource}" in granted

"""Discount codes in the shop's Wagtail admin, a top-level "Discounts" menu item.

A snippet viewset like the catalog's: listing with search and filters, create, edit
and delete. ``times_used`` is shown, never edited: only redemptions change it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from discounts.forms import DiscountCodeForm
from discounts.models import DiscountCode


def _usage(discount: DiscountCode) -> str:
    if discount.usage_limit is None:
        return str(discount.times_used)
    return f"{discount.times_used} / {discount.usage_limit}"


class DiscountCodeViewSet(SnippetViewSet):
    model = DiscountCode
    icon = "tag"
    menu_label = _("Discounts")
    menu_name = "discounts"
    menu_order = 210
    add_to_admin_menu = True
    url_prefix = "discounts/codes"
    url_namespace = "discounts_codes"
    copy_view_enabled = False
    search_fields = ["code"]
    search_backend_name = None
    list_filter = ["kind", "is_active", "applies_to"]
    list_display = [
        "code",
        "kind",
        "value",
        "is_active",
        Column("usage", label=_("Used"), accessor=_usage),
        "ends_at",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("code"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
            FieldPanel("is_active"),
            MultiFieldPanel(
                [FieldPanel("applies_to"), FieldPanel("collections")], heading=_("Applies to")
            ),
            MultiFieldPanel(
                [
                    FieldPanel("minimum_subtotal"),
                    FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                    FieldRowPanel([FieldPanel("usage_limit"), FieldPanel("per_customer_limit")]),
                ],
                heading=_("Conditions"),
            ),
        ],
        base_form_class=DiscountCodeForm,
    )

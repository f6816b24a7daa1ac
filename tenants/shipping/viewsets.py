"""Shipping zones, with their rates inline, under the admin's "Settings" menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from shipping.forms import ShippingZoneForm
from shipping.models import ShippingZone


class ShippingZoneViewSet(SnippetViewSet):
    model = ShippingZone
    icon = "site"
    menu_label = _("Shipping")
    menu_name = "shipping"
    add_to_settings_menu = True
    url_prefix = "shipping/zones"
    url_namespace = "shipping_zones"
    copy_view_enabled = False
    search_fields = ["name"]
    search_backend_name = None
    list_display = [
        "name",
        Column("countries", label=_("Countries"), accessor=lambda z: ", ".join(z.countries)),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("countries"),
            InlinePanel(
                "rates",
                label=_("Rate"),
                panels=[
                    FieldRowPanel([FieldPanel("name"), FieldPanel("kind"), FieldPanel("price")]),
                    FieldRowPanel(
                        [
                            FieldPanel("min_subtotal"),
                            FieldPanel("min_weight_grams"),
                            FieldPanel("max_weight_grams"),
                        ]
                    ),
                ],
            ),
        ],
        base_form_class=ShippingZoneForm,
    )

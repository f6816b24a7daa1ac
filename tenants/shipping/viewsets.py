"""Shipping zones, with their rates inline, under the admin's "Settings" menu.

The list names each zone's countries (or says it is the rest of world). The form
checks what was chosen; the create, edit and delete views write the zone and
its rates through ``shipping.services`` (one zone per country under a table lock, the
audit entry).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet

from kernel.admin_writes import (
    ServiceBulkDeleteMixin,
    ServiceDeleteMixin,
    ServiceSaveMixin,
    live_forms,
)
from kernel.countries import country_name
from shipping.forms import ShippingZoneForm
from shipping.models import ShippingZone
from shipping.services import shipping_zone_create, shipping_zone_delete, shipping_zone_update

RATE_FIELDS = ("name", "kind", "price", "min_subtotal", "min_weight_grams", "max_weight_grams")


def zone_input(form) -> dict:
    rates = []
    for sub in live_forms(form.formsets["rates"]):
        rate = {name: sub.cleaned_data.get(name) for name in RATE_FIELDS}
        rates.append({"id": sub.instance.pk, **rate} if sub.instance.pk else rate)
    return {
        "name": form.cleaned_data["name"],
        "countries": form.cleaned_data["countries"],
        "rest_of_world": bool(form.cleaned_data.get("rest_of_world")),
        "rates": rates,
    }


def zone_countries_label(zone: ShippingZone) -> str:
    if zone.rest_of_world:
        return str(_("Rest of world: every country not in another zone"))
    names = [country_name(code) for code in zone.countries]
    shown = ", ".join(names[:6])
    return (
        shown
        if len(names) <= 6
        else _("%(names)s and %(n)d more")
        % {
            "names": shown,
            "n": len(names) - 6,
        }
    )


class ShippingZoneCreateView(ServiceSaveMixin, CreateView):
    def service_save(self, form):
        return shipping_zone_create(**zone_input(form), user=self.request.user)


class ShippingZoneEditView(ServiceSaveMixin, EditView):
    def service_save(self, form):
        zone = ShippingZone.objects.get(pk=form.instance.pk)
        return shipping_zone_update(zone=zone, **zone_input(form), user=self.request.user)


class ShippingZoneDeleteView(ServiceDeleteMixin, DeleteView):
    def service_delete(self, instance):
        shipping_zone_delete(zone=instance, user=self.request.user)


class ShippingZoneBulkDelete(ServiceBulkDeleteMixin, DeleteBulkAction):
    models = [ShippingZone]

    @classmethod
    def service_delete(cls, instance, *, user):
        shipping_zone_delete(zone=instance, user=user)


class ShippingZoneViewSet(SnippetViewSet):
    model = ShippingZone
    icon = "site"
    menu_label = _("Shipping")
    menu_name = "shipping"
    add_to_settings_menu = True
    url_prefix = "shipping/zones"
    url_namespace = "shipping_zones"
    add_view_class = ShippingZoneCreateView
    edit_view_class = ShippingZoneEditView
    delete_view_class = ShippingZoneDeleteView
    copy_view_enabled = False
    search_fields = ["name"]
    search_backend_name = None
    list_display = [
        "name",
        Column("countries", label=_("Countries"), accessor=zone_countries_label),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("rest_of_world"),
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

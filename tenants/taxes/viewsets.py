"""Tax rates under the admin's "Settings" menu ("Taxes"); the shop's tax settings
(prices include tax, tax on shipping) are a Wagtail generic setting beside it.

Forms check what was typed; the views write through ``taxes.services`` (one rate per
country and region, the audit entry)."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.contrib.settings.views import EditView as SettingEditView
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    SnippetViewSet,
)

from kernel.admin_writes import ServiceBulkDeleteMixin, ServiceDeleteMixin, ServiceSaveMixin
from taxes.forms import TaxRateForm
from taxes.models import TaxRate
from taxes.services import (
    tax_rate_create,
    tax_rate_delete,
    tax_rate_update,
    tax_settings_update,
)


def rate_input(form) -> dict:
    return {name: form.cleaned_data[name] for name in ("country", "region", "name", "rate")}


NO_TAX_WARNING = _(
    "No tax is configured: orders are charged no tax in any country. Add the rate of each "
    "country where you must collect tax."
)


class TaxRateIndexView(IndexView):
    """Says so plainly when the shop charges no tax anywhere (a new shop in a country
    without one national rate starts that way: ``taxes.defaults``)."""

    def get(self, request, *args, **kwargs):
        if not self.results_only and not TaxRate.objects.exists():
            messages.warning(request, NO_TAX_WARNING)
        return super().get(request, *args, **kwargs)


class TaxRateCreateView(ServiceSaveMixin, CreateView):
    def service_save(self, form):
        return tax_rate_create(**rate_input(form), user=self.request.user)


class TaxRateEditView(ServiceSaveMixin, EditView):
    def service_save(self, form):
        tax_rate = TaxRate.objects.get(pk=form.instance.pk)
        return tax_rate_update(tax_rate=tax_rate, **rate_input(form), user=self.request.user)


class TaxRateDeleteView(ServiceDeleteMixin, DeleteView):
    def service_delete(self, instance):
        tax_rate_delete(tax_rate=instance, user=self.request.user)


class TaxRateBulkDelete(ServiceBulkDeleteMixin, DeleteBulkAction):
    models = [TaxRate]

    @classmethod
    def service_delete(cls, instance, *, user):
        tax_rate_delete(tax_rate=instance, user=user)


class TaxSettingsEditView(ServiceSaveMixin, SettingEditView):
    def service_save(self, form):
        return tax_settings_update(
            prices_include_tax=form.cleaned_data["prices_include_tax"],
            charge_tax_on_shipping=form.cleaned_data["charge_tax_on_shipping"],
            user=self.request.user,
        )


class TaxRateViewSet(SnippetViewSet):
    model = TaxRate
    icon = "doc-full"
    menu_label = _("Taxes")
    menu_name = "taxes"
    add_to_settings_menu = True
    url_prefix = "taxes/rates"
    url_namespace = "taxes_rates"
    index_view_class = TaxRateIndexView
    add_view_class = TaxRateCreateView
    edit_view_class = TaxRateEditView
    delete_view_class = TaxRateDeleteView
    copy_view_enabled = False
    search_fields = ["country", "region", "name"]
    search_backend_name = None
    list_display = [
        "name",
        "country",
        "region",
        Column("rate", label=_("Rate (%)"), accessor="rate_percent"),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
            FieldRowPanel([FieldPanel("name"), FieldPanel("rate")]),
        ],
        base_form_class=TaxRateForm,
    )

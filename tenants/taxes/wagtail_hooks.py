"""Wagtail hooks: "Taxes" (rates) and "Tax settings" in the admin's Settings menu,
both written through ``taxes.services``."""

from wagtail import hooks
from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet

from kernel.admin_writes import setting_edit_path
from taxes.models import TaxSettings
from taxes.viewsets import TaxRateBulkDelete, TaxRateViewSet, TaxSettingsEditView

register_snippet(TaxRateViewSet)
register_setting(TaxSettings, icon="doc-full")
hooks.register("register_bulk_action", TaxRateBulkDelete)


@hooks.register("register_admin_urls", order=-1)
def register_tax_settings_edit_url():
    return [setting_edit_path(TaxSettings, TaxSettingsEditView)]

"""Wagtail hooks: "Taxes" (rates) and "Tax settings" in the admin's Settings menu."""

from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet

from taxes.models import TaxSettings
from taxes.viewsets import TaxRateViewSet

register_snippet(TaxRateViewSet)
register_setting(TaxSettings, icon="doc-full")

"""Tax rates under the admin's "Settings" menu ("Taxes"); the shop's tax settings
(prices include tax, tax on shipping) are a Wagtail generic setting beside it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from taxes.forms import TaxRateForm
from taxes.models import TaxRate


class TaxRateViewSet(SnippetViewSet):
    model = TaxRate
    icon = "doc-full"
    menu_label = _("Taxes")
    menu_name = "taxes"
    add_to_settings_menu = True
    url_prefix = "taxes/rates"
    url_namespace = "taxes_rates"
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

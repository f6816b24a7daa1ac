""" "Export" on the product list: the selected products as Shopify CSV (current headers).

Wagtail's "select all" sends the filtered list's ids, so this also exports what the
list's filters show.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from catalog.models import Product


class ExportProductsBulkAction(SnippetBulkAction):
    display_name = _("Export CSV")
    action_type = "export-csv"
    aria_label = _("Download the selected products as a Shopify CSV")
    action_priority = 60

    @classproperty
    def models(cls):
        return [Product]

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "view", obj
        )

    def get(self, request, *args, **kwargs):
        """No confirmation step: the download is the next step."""
        ids = [i for i in request.GET.getlist("id") if i.isdigit()]
        query = urlencode([("format", "current"), *(("id", i) for i in ids)])
        return redirect(f"{reverse('imports_admin:export', args=['products'])}?{query}")

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return 0, 0

""" "Edit variants" on the product list: opens the bulk editor with the chosen products."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from catalog.models import Product


class EditVariantsBulkAction(SnippetBulkAction):
    display_name = _("Edit variants")
    action_type = "edit-variants"
    aria_label = _("Edit prices, stock and status of the selected products’ variants")
    action_priority = 5

    @classproperty
    def models(cls):
        return [Product]

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    def get(self, request, *args, **kwargs):
        """No confirmation step: the editor itself is the next step."""
        ids = [i for i in request.GET.getlist("id") if i.isdigit()]
        query = urlencode([("id", i) for i in ids])
        return redirect(f"{reverse('catalog_admin:bulk_edit')}?{query}")

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return 0, 0

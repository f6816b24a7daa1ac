"""Bulk publish and archive for the product listing (delete is Wagtail's own).

Each asks for confirmation on a page listing the chosen products, then calls
``product_set_status`` once for all of them, which writes one entry per product to
Wagtail's audit log (``catalog.product.publish`` / ``.archive``, registered in
``wagtail_hooks``). Ids are looked up in the current shop's schema only, so an id
from another shop is a 404, never someone else's product.
"""

from __future__ import annotations

from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from catalog.models import Product
from catalog.services import product_set_status


class _ProductStatusBulkAction(SnippetBulkAction):
    template_name = "catalog/bulk_actions/confirm_status.html"
    status: str = ""

    @classproperty
    def models(cls):
        return [Product]

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_label": self.display_name}

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return product_set_status(products=objects, status=cls.status, user=user), 0


class PublishProductsBulkAction(_ProductStatusBulkAction):
    display_name = _("Publish")
    action_type = "publish"
    aria_label = _("Publish selected products")
    action_priority = 10
    status = Product.Status.ACTIVE

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d product published.", "%(count)d products published.", num_parent_objects
        ) % {"count": num_parent_objects}


class ArchiveProductsBulkAction(_ProductStatusBulkAction):
    display_name = _("Archive")
    action_type = "archive"
    aria_label = _("Archive selected products")
    action_priority = 20
    status = Product.Status.ARCHIVED

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d product archived.", "%(count)d products archived.", num_parent_objects
        ) % {"count": num_parent_objects}

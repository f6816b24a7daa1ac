"""Wagtail hooks: the catalog menu (products, collections), bulk actions, audit actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from catalog.bulk_actions import ArchiveProductsBulkAction, PublishProductsBulkAction
from catalog.viewsets import CatalogViewSetGroup

register_snippet(CatalogViewSetGroup)
hooks.register("register_bulk_action", PublishProductsBulkAction)
hooks.register("register_bulk_action", ArchiveProductsBulkAction)


@hooks.register("register_log_actions")
def register_catalog_log_actions(actions):
    actions.register_action("catalog.product.publish", _("Publish product"), _("Published"))
    actions.register_action("catalog.product.archive", _("Archive product"), _("Archived"))

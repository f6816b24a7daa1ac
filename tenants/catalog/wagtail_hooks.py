"""Wagtail hooks: the catalog menu (products, collections), bulk actions, audit actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from catalog.bulk_actions import ArchiveProductsBulkAction, PublishProductsBulkAction
from catalog.viewsets import CatalogViewSetGroup, CollectionBulkDelete, ProductBulkDelete

register_snippet(CatalogViewSetGroup)
hooks.register("register_bulk_action", PublishProductsBulkAction)
hooks.register("register_bulk_action", ArchiveProductsBulkAction)
# Registered after Wagtail's own snippet delete, so these replace it for products and
# collections: bulk deletes go through the services too.
hooks.register("register_bulk_action", ProductBulkDelete)
hooks.register("register_bulk_action", CollectionBulkDelete)


@hooks.register("register_log_actions")
def register_catalog_log_actions(actions):
    actions.register_action("catalog.product.publish", _("Publish product"), _("Published"))
    actions.register_action("catalog.product.archive", _("Archive product"), _("Archived"))
    actions.register_action("catalog.product.unpublish", _("Unpublish product"), _("Unpublished"))

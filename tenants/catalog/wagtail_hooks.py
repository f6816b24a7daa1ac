"""Wagtail hooks: bulk actions and audit actions of the catalog.

The Products menu itself (the product list and editor, collections) is registered
by ``catalog_admin``, whose editor also shows stock.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from catalog.bulk_actions import ArchiveProductsBulkAction, PublishProductsBulkAction
from catalog.viewsets import CollectionBulkDelete, ProductBulkDelete

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

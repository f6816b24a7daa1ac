"""Wagtail hooks: the catalog menu (products, collections), bulk actions, audit actions,
cache version."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from catalog.bulk_actions import ArchiveProductsBulkAction, PublishProductsBulkAction
from catalog.models import Collection, Product
from catalog.versions import catalog_version_bump
from catalog.viewsets import CatalogViewSetGroup

register_snippet(CatalogViewSetGroup)
hooks.register("register_bulk_action", PublishProductsBulkAction)
hooks.register("register_bulk_action", ArchiveProductsBulkAction)


@hooks.register("register_log_actions")
def register_catalog_log_actions(actions):
    actions.register_action("catalog.product.publish", _("Publish product"), _("Published"))
    actions.register_action("catalog.product.archive", _("Archive product"), _("Archived"))


def _catalog_changed(request, changed):
    """Admin saves and deletes that bypass ``catalog.services`` (Wagtail's own create,
    edit and delete views of collections, delete of products) still change what the
    storefront shows: bump the catalogue version that keys its caches.

    Create and edit pass one instance, delete a list of them."""
    instances = changed if isinstance(changed, list | tuple) else [changed]
    if any(isinstance(instance, Product | Collection) for instance in instances):
        catalog_version_bump()


for _hook in ("after_create_snippet", "after_edit_snippet", "after_delete_snippet"):
    hooks.register(_hook, _catalog_changed)

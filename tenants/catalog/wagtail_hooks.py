"""Wagtail hooks: the catalog menu (products, collections) and bulk actions."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from catalog.bulk_actions import ArchiveProductsBulkAction, PublishProductsBulkAction
from catalog.viewsets import CatalogViewSetGroup

register_snippet(CatalogViewSetGroup)
hooks.register("register_bulk_action", PublishProductsBulkAction)
hooks.register("register_bulk_action", ArchiveProductsBulkAction)

"""Wagtail hooks: the Products menu (products, collections), Inventory, the editor's URLs."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from catalog_admin.bulk_actions import EditVariantsBulkAction
from catalog_admin.urls import inventory_urlpatterns
from catalog_admin.viewsets import CatalogViewSetGroup

register_snippet(CatalogViewSetGroup)
hooks.register("register_bulk_action", EditVariantsBulkAction)


class InventoryMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("inventory.view_stocklevel")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("products/", include("catalog_admin.urls", namespace="catalog_admin")),
        path("inventory/", include(inventory_urlpatterns)),
    ]


@hooks.register("register_admin_menu_item")
def register_inventory_menu_item():
    return InventoryMenuItem(
        _("Inventory"),
        reverse("inventory_admin:index"),
        name="inventory",
        icon_name="list-ul",
        order=160,
    )


@hooks.register("insert_global_admin_css")
def product_editor_css():
    """The editor's, the list's and the bulk editor's styles (small; cached by the browser)."""
    return format_html(
        '<link rel="stylesheet" href="{}">', static("catalog_admin/product_editor.css")
    )

"""Wagtail hooks: the Inventory menu item and its admin URLs."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class InventoryMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("inventory.view_stocklevel")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("inventory/", include("inventory.urls", namespace="inventory_admin"))]


@hooks.register("register_admin_menu_item")
def register_inventory_menu_item():
    return InventoryMenuItem(
        _("Inventory"), reverse("inventory_admin:index"), icon_name="list-ul", order=160
    )


@hooks.register("register_log_actions")
def register_inventory_log_actions(actions):
    actions.register_action("inventory.stock_set", _("Set stock"), _("Stock set"))

"""Wagtail hooks: the audit action of a stock count (the Inventory page is catalog_admin's)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_inventory_log_actions(actions):
    actions.register_action("inventory.stock_set", _("Set stock"), _("Stock set"))

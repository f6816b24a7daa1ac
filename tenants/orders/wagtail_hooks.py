"""Wagtail hooks: the Orders and Draft orders menu items, their admin URLs and the
dashboard panel. The items carry the names the admin menu places them by
(``orders``, ``draft-orders``)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from orders.panels import OrdersTodayPanel


class PermissionMenuItem(MenuItem):
    """Shown only to staff who may open the page it links to."""

    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("orders/", include("orders.urls", namespace="orders_admin")),
        path("draft-orders/", include("orders.draft_urls", namespace="draft_orders_admin")),
    ]


@hooks.register("register_admin_menu_item")
def register_orders_menu_item():
    return PermissionMenuItem(
        _("Orders"),
        reverse("orders_admin:index"),
        name="orders",
        icon_name="list-ul",
        order=150,
        permission="orders.view_order",
    )


@hooks.register("register_admin_menu_item")
def register_draft_orders_menu_item():
    return PermissionMenuItem(
        _("Draft orders"),
        reverse("draft_orders_admin:index"),
        name="draft-orders",
        icon_name="doc-empty",
        order=151,
        permission="orders.view_draftorder",
    )


@hooks.register("construct_homepage_panels")
def add_orders_today_panel(request, panels):
    if request.user.has_perm("orders.view_order"):
        panels.append(OrdersTodayPanel())


@hooks.register("register_log_actions")
def register_draft_order_log_actions(actions):
    actions.register_action(
        "orders.draft_invoice_sent", _("Send invoice"), _("Draft order invoice sent")
    )

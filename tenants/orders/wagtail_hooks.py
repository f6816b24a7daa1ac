"""Wagtail hooks: the Orders menu item, its admin URLs and the dashboard panel."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from orders.panels import OrdersTodayPanel


class OrdersMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("orders.view_order")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("orders/", include("orders.urls", namespace="orders_admin"))]


@hooks.register("register_admin_menu_item")
def register_orders_menu_item():
    return OrdersMenuItem(
        _("Orders"), reverse("orders_admin:index"), icon_name="list-ul", order=150
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

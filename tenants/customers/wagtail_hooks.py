"""Wagtail hooks: the Customers and Segments menu items and the customers admin's URLs.

The items carry the names of the shop admin's menu table (``customers``,
``customer-segments``), which places them under "Customers"."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from customers.admin_views import VIEW, VIEW_SEGMENTS


class _PermissionMenuItem(MenuItem):
    permission = ""

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class CustomersMenuItem(_PermissionMenuItem):
    permission = VIEW


class SegmentsMenuItem(_PermissionMenuItem):
    permission = VIEW_SEGMENTS


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("customers/", include("customers.admin_urls", namespace="customers_admin"))]


@hooks.register("register_admin_menu_item")
def register_customers_menu_item():
    return CustomersMenuItem(
        _("Customers"),
        reverse("customers_admin:index"),
        name="customers",
        icon_name="group",
        order=170,
    )


@hooks.register("register_admin_menu_item")
def register_segments_menu_item():
    return SegmentsMenuItem(
        _("Segments"),
        reverse("customers_admin:segments"),
        name="customer-segments",
        icon_name="list-ul",
        order=171,
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "customers.customer.invite", _("Send account invite"), _("Account invite sent")
    )
    actions.register_action(
        "customers.customer.activate", _("Activate account"), _("Customer opened their account")
    )

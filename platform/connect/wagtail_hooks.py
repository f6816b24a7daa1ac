"""Wagtail hooks: "Payments" in the shop admin's Settings menu, and its URLs."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from connect.admin_views import may_manage_payments


class PaymentsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_payments(request.user)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("payments/", include("connect.admin_urls", namespace="connect_admin"))]


@hooks.register("register_settings_menu_item")
def register_payments_menu_item():
    return PaymentsMenuItem(
        gettext_lazy("Payments"), reverse("connect_admin:index"), icon_name="key", order=50
    )

"""Wagtail hooks: the Billing menu item and its admin URLs.

A trial's end, a failed payment and a suspension are banners on every admin page
(cms.admin_banners), not a dashboard panel of this app."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.shop_admin import is_shop_owner


class BillingMenuItem(MenuItem):
    def is_shown(self, request):
        return is_shop_owner(request)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("billing/", include("billing.admin_urls", namespace="billing_admin"))]


@hooks.register("register_admin_menu_item")
def register_billing_menu_item():
    return BillingMenuItem(
        gettext_lazy("Billing"),
        reverse("billing_admin:index"),
        icon_name="calendar-check",
        order=900,
    )

"""Wagtail hooks: the Abandoned checkouts menu item (``abandoned-checkouts``) and URLs."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class AbandonedCheckoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("checkout.view_checkoutsession")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "abandoned-checkouts/",
            include("checkout.admin_urls", namespace="abandoned_checkouts_admin"),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_abandoned_checkouts_menu_item():
    return AbandonedCheckoutsMenuItem(
        _("Abandoned checkouts"),
        reverse("abandoned_checkouts_admin:index"),
        name="abandoned-checkouts",
        icon_name="warning",
        order=152,
    )

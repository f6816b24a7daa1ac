"""Wagtail hooks of a shop's admin: activity log, support banner, and
the team (managed on the platform, not by Wagtail's users area)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.middleware import SESSION_SUPPORT_UNTIL
from accounts.services import platform_url
from accounts.shop_admin import activity_view


class ActivityMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def register_activity_url():
    return [path("activity/", activity_view, name="shop_activity")]


@hooks.register("register_admin_menu_item")
def register_activity_menu_item():
    return ActivityMenuItem(
        gettext_lazy("Activity"), reverse("shop_activity"), icon_name="history", order=900
    )


@hooks.register("register_admin_menu_item")
def register_support_notice():
    """Tell a platform admin in support view, on every page, that it is read-only."""
    return SupportNoticeItem(
        gettext_lazy("Support view (read-only)"), "#", icon_name="warning", order=1
    )


class SupportNoticeItem(MenuItem):
    def is_shown(self, request):
        return SESSION_SUPPORT_UNTIL in request.session


@hooks.register("construct_settings_menu")
def team_instead_of_users(request, menu_items):
    """Wagtail's "Users" makes users with passwords inside the shop; people join a
    shop by the platform's invitation and leave it on the team page there."""
    menu_items[:] = [item for item in menu_items if item.name != "users"]
    shop = getattr(request, "shop", None)
    if shop is not None and request.user.is_superuser:
        menu_items.append(
            MenuItem(
                gettext_lazy("Team"),
                platform_url("accounts:team", shop.pk),
                name="team",
                icon_name="group",
                order=600,
            )
        )

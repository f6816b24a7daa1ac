"""Wagtail hooks: the Analytics menu item, its admin URLs and the Home panel."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from analytics.panels import AnalyticsPanel
from analytics.views import VIEW


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("analytics/", include("analytics.urls", namespace="analytics_admin"))]


@hooks.register("register_admin_menu_item")
def register_analytics_menu_item():
    # name= places it in the merchant's menu (the adminux table, MENU.md).
    return AnalyticsMenuItem(
        _("Analytics"),
        reverse("analytics_admin:index"),
        name="analytics",
        icon_name="chart-bars",
        order=180,
    )


@hooks.register("construct_homepage_panels")
def add_analytics_panel(request, panels):
    if request.user.has_perm(VIEW):
        panels.append(AnalyticsPanel(request))


@hooks.register("register_icons")
def register_icons(icons):
    return [*icons, "analytics/icons/chart-bars.svg"]

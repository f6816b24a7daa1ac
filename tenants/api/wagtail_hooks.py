"""Settings → Apps in the shop admin, and the audit actions of apps and tokens."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from api.admin_views import may_manage_apps


class AppsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_apps(request.user)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("apps/", include("api.admin_urls", namespace="shop_apps"))]


@hooks.register("register_settings_menu_item")
def register_apps_menu_item():
    return AppsMenuItem(
        _("Apps"), reverse("shop_apps:index"), name="apps", icon_name="cogs", order=700
    )


@hooks.register("register_log_actions")
def register_api_log_actions(actions):
    actions.register_action("api.token.rotate", _("Rotate token"), _("Token rotated"))
    actions.register_action("api.token.revoke", _("Revoke token"), _("Token revoked"))

"""Wagtail hooks: the Theme menu item, its admin URLs and its history entries."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from themes.selectors import CHANGE_PERMISSION


class ThemeMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(CHANGE_PERMISSION)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("theme/", include("themes.urls", namespace="themes_admin"))]


@hooks.register("register_admin_menu_item")
def register_theme_menu_item():
    return ThemeMenuItem(_("Theme"), reverse("themes_admin:index"), icon_name="desktop", order=250)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("themes.draft", _("Save theme draft"), _("Theme draft saved"))
    actions.register_action("themes.discard", _("Discard theme draft"), _("Theme draft discarded"))
    actions.register_action("themes.publish", _("Publish theme"), _("Theme published"))
    actions.register_action("themes.activate", _("Switch theme"), _("Theme switched"))

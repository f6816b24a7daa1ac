"""Settings › Notifications in the shop admin (menu name ``notifications``)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from notifications.views import PERMISSION


class NotificationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("notifications/", include("notifications.urls", namespace="notifications_admin"))]


@hooks.register("register_settings_menu_item")
def register_notifications_menu_item():
    return NotificationsMenuItem(
        _("Notifications"),
        reverse("notifications_admin:index"),
        name="notifications",
        icon_name="mail",
        order=900,
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "notifications.edit", _("Edit notification"), _("Notification template saved")
    )
    actions.register_action(
        "notifications.reset", _("Reset notification"), _("Notification template reset")
    )

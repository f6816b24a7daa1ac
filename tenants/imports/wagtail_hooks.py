"""Wagtail hooks: the import pages' URLs and the audit log's words for import actions."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from imports.admin_views import PERMISSIONS, may_import
from imports.bulk_actions import ExportProductsBulkAction

hooks.register("register_bulk_action", ExportProductsBulkAction)


@hooks.register("register_log_actions")
def register_import_log_actions(actions):
    actions.register_action("imports.upload", _("Upload a file to import"), _("File uploaded"))
    actions.register_action("imports.start", _("Start an import"), _("Import started"))
    actions.register_action("imports.cancel", _("Cancel an import"), _("Import cancelled"))
    actions.register_action("imports.resume", _("Resume an import"), _("Import resumed"))


class ImportsMenuItem(MenuItem):
    def is_shown(self, request):
        return any(may_import(request.user, kind) for kind in PERMISSIONS)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("imports/", include("imports.admin_urls", namespace="imports_admin"))]


@hooks.register("register_admin_menu_item")
def register_imports_menu_item():
    return ImportsMenuItem(
        _("Import and export"),
        reverse("imports_admin:index"),
        name="imports",
        icon_name="download",
        order=170,
    )

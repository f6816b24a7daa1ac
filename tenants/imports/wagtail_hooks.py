"""Wagtail hooks: the import pages' URLs and the audit log's words for import actions."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_import_log_actions(actions):
    actions.register_action("imports.upload", _("Upload a file to import"), _("File uploaded"))
    actions.register_action("imports.start", _("Start an import"), _("Import started"))
    actions.register_action("imports.cancel", _("Cancel an import"), _("Import cancelled"))
    actions.register_action("imports.resume", _("Resume an import"), _("Import resumed"))

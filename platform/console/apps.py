from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ConsoleConfig(AppConfig):
    name = "console"
    verbose_name = "Platform console"


class PlatformAdminConfig(admin_apps.AdminConfig):
    """Django's admin with ``console.admin_site.PlatformAdminSite`` as ``admin.site``:
    the same registrations, opened only to staff whose session passed a second factor.
    Not the default config of this module (``console`` stays ``ConsoleConfig``)."""

    default = False
    default_site = "console.admin_site.PlatformAdminSite"

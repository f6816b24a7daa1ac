"""Settings for bench/signup.py: development settings with DEBUG off and plain
static URLs (no collectstatic manifest needed for a bench run)."""

from config.settings.dev import *  # noqa: F403
from config.settings.dev import STORAGES

DEBUG = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

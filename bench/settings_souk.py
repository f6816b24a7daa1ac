"""Souk's settings for the request benchmark: production-like, on the embedded database.

``config.settings.production`` refuses the embedded PostgreSQL and ``localhost``; this
keeps ``base`` (same apps, middleware, routing, cache) and changes only what a
benchmark needs: DEBUG off, persistent connections, quiet logs. bench/bare_app.py
uses the same values for what both have.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = 600
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

"""Production: refuses to start with an unsafe default; passes ``check --deploy``.

Required: ``SECRET_KEY`` (50+ characters), ``DATABASE_URL``, ``PLATFORM_DOMAIN``.
``DEBUG`` must be off and ``ALLOWED_HOSTS`` may not contain ``*``: hosts come from
the platform domain and the Domain table (shops.allowed_hosts).
"""

import os

from django.core.exceptions import ImproperlyConfigured

# Checked before base is imported: with DATABASE_URL unset, base starts the embedded
# PostgreSQL (and creates a database in it), which a production process must never do.
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("Set DATABASE_URL: production never starts the embedded PostgreSQL.")

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, PLATFORM_DOMAIN, env

_UNSAFE_KEYS = {"", "dev-insecure-secret-key-change-me"}

SECRET_KEY = env("SECRET_KEY", default="")
if SECRET_KEY in _UNSAFE_KEYS or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
# list.copy reads the static patterns only: iterating RoutedHosts would also ask the
# routing directory, which reads django.conf.settings while they are still loading.
if "*" in list.copy(ALLOWED_HOSTS):
    raise ImproperlyConfigured("ALLOWED_HOSTS may not contain '*' in production.")
if env("PLATFORM_DOMAIN", default="localhost") in {"localhost", "127.0.0.1"}:
    raise ImproperlyConfigured("Set PLATFORM_DOMAIN to the domain the platform answers on.")

# HTTPS everywhere, behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
PLATFORM_SCHEME = "https"
# Links in Wagtail's e-mails; base.py defaults to http, which production never serves.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=f"https://{PLATFORM_DOMAIN}")

"""A bare Django app serving Souk's robots.txt: the request benchmark's baseline.

One file: settings, URLconf, view and WSGI application
(``DJANGO_SETTINGS_MODULE=bare_app gunicorn bare_app:application``). Same Django,
same PostgreSQL (``DATABASE_URL``) with the same persistent connections, and Souk's
middleware minus what Souk adds: host routing (``shops.routing``), the shop status
check and Wagtail's redirects. The view returns the same bytes as
``storefront.views.robots_txt``.
"""

from __future__ import annotations

import os

import environ
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path, reverse

DEBUG = False
SECRET_KEY = "bench-bare-app-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["localhost", ".localhost"]
ROOT_URLCONF = "bare_app"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {"default": environ.Env.db_url_config(os.environ["DATABASE_URL"])}
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
DATABASES["default"]["CONN_MAX_AGE"] = 600
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT", "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cart/",
        "Disallow: /checkout/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def sitemap_xml(request):
    """Only there to be reversed, as Souk's robots.txt reverses its sitemap."""
    return HttpResponse(status=404)


urlpatterns = [
    path("robots.txt", robots_txt),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bare_app")
application = get_wsgi_application()

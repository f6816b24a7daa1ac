"""Tests: a fixed platform domain and fast password hashing."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, RoutedHosts, env

PLATFORM_DOMAIN = "souk.test"
# Links carry no port whatever the shell exports (`make run PORT=…` sets PLATFORM_PORT).
PLATFORM_PORT = ""
ALLOWED_HOSTS = RoutedHosts([PLATFORM_DOMAIN, f".{PLATFORM_DOMAIN}"])
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SHOP_ROUTING_RECHECK_SECONDS = 0.0
# Tests clone on demand; tests/shops/test_schema_pool.py fills a pool explicitly.
SHOP_SCHEMA_POOL_SIZE = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# After each request, assert the connection's search_path is still the request's shop.
MIDDLEWARE = ["tests.support.search_path_guard.SearchPathGuardMiddleware", *MIDDLEWARE]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("MEDIA_ROOT", default="/tmp/souk-test-media")  # noqa: S108

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Custom domain checks ask tests/support/dns_server.py, never the internet; a test
# without that fixture gets no answer (port 9, discard) quickly.
CUSTOM_DOMAIN_CNAME_TARGET = f"shops.{PLATFORM_DOMAIN}"
CUSTOM_DOMAIN_DNS_NAMESERVERS = ["127.0.0.1"]
CUSTOM_DOMAIN_DNS_PORT = 9
CUSTOM_DOMAIN_DNS_TIMEOUT = 0.5

# Off by default so tests that change rows with the ORM see their change on the next
# request; tests/storefront/test_page_cache.py turns it on.
STOREFRONT_PAGE_CACHE = False

# Tests run their webhook receivers and image servers on 127.0.0.1 (kernel.outbound_http).
SOUK_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]

# No rate limit unless a test gives a Redis (tests/api/test_rate_limits.py).
API_RATE_LIMIT_REDIS_URL = ""

"""Settings shared by every environment.

Every variable read here is listed, with its default, in README.md. Defaults make
the embedded one-machine set-up work; production.py refuses the unsafe ones.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ

ROOT_DIR = Path(__file__).resolve().parents[3]
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-insecure-secret-key-change-me")

# The domain the platform itself answers on; shops live at <sub>.<PLATFORM_DOMAIN>.
PLATFORM_DOMAIN = env("PLATFORM_DOMAIN", default="localhost")
# Port shown in printed URLs (dev server); empty in production behind a proxy.
PLATFORM_PORT = env("PLATFORM_PORT", default="")
PLATFORM_SCHEME = env("PLATFORM_SCHEME", default="http")

# Host validation is done by shops.routing against the Domain table; Django's own
# check then sees the platform domain, its subdomains and verified custom domains.
from shops.allowed_hosts import RoutedHosts  # noqa: E402

ALLOWED_HOSTS = RoutedHosts(
    env.list("ALLOWED_HOSTS", default=[PLATFORM_DOMAIN, f".{PLATFORM_DOMAIN}"])
)

# --- Apps: public schema (SHARED_APPS) and every shop's schema (TENANT_APPS) -----
SHARED_APPS = [
    # shops first: its migrate/migrate_schemas commands override django-tenants'
    # to keep the template schema current.
    "shops",
    "django_tenants",
    "accounts",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    # The Django admin, opened only to OTP-verified staff (console.admin_site).
    "console.apps.PlatformAdminConfig",
    # Two-factor authentication of platform accounts: public schema only, so shop
    # schemas get no OTP tables (accounts.two_factor, docs/security.md).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "onboarding",
    # Making shops and staff seats (reads identity, plans and shops; no models).
    "provisioning",
    # Custom domains: their services and the shop admin's Domains page (no models).
    "domains",
    "billing",
    "connect",
    "console",
    # Login limits (accounts/login_limits.py). Public only: its counters are in the
    # cache, its tables (unused by the cache handler) need not exist in shops.
    "axes",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "storages",
]

TENANT_APPS = [
    "accounts",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before Wagtail's apps: cms/templates/wagtailadmin/ overrides Wagtail's branding
    # templates (the shop's name and logo, Souk's mark, no third-party links).
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "catalog",
    "inventory",
    "catalog_admin",
    "discounts",
    "shipping",
    "taxes",
    "analytics",
    "orders",
    "payments",
    "customers",
    # CSV import and export of products, customers and stock (above what it writes).
    "imports",
    "cart",
    "checkout",
    "storefront",
    # The e-mails a shop sends its customers: templates, overrides, branding, sending.
    "notifications",
    # Theme choice and settings per shop (its schema); the registry and loader too.
    "themes",
    # The setup guide on the admin's dashboard: reads every app below it.
    "setup_guide",
    # Demo and benchmark data: the seed_demo and generate_catalog commands (no models).
    "demo",
    # Apps, their tokens, and the Admin and Storefront APIs (docs/api.md).
    "api",
    # django-ninja: its Swagger UI and Redoc files, served locally (never a CDN).
    "ninja",
]

INSTALLED_APPS = list(SHARED_APPS) + [a for a in TENANT_APPS if a not in SHARED_APPS]

TENANT_MODEL = "shops.Shop"
TENANT_DOMAIN_MODEL = "shops.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_shop"
# New shops are cloned from this migrated schema (shops.cloning), never migrated
# from zero. `migrate_schemas` keeps it current.
SHOP_TEMPLATE_SCHEMA = "souk_template"
# Shop schemas cloned ahead of time (shops.schema_pool): a sign-up renames one.
SHOP_SCHEMA_POOL_SIZE = env.int("SHOP_SCHEMA_POOL_SIZE", default=3)
# Issue `SET search_path` once per schema switch instead of before every cursor.
TENANT_LIMIT_SET_CALLS = True

AUTH_USER_MODEL = "accounts.User"

# --- Login limits and the client's address (accounts/login_limits.py, docs/security.md)
# How many proxies in front of Souk append to X-Forwarded-For (a load balancer: 1;
# a CDN then a load balancer: 2). 0 trusts no header and uses the connecting address.
# Only set it when Souk cannot be reached except through those proxies.
SOUK_TRUSTED_PROXY_COUNT = env.int("SOUK_TRUSTED_PROXY_COUNT", default=0)

# Addresses or networks (CIDR) that kernel.outbound_http calls although they are not
# public: none in production (webhook endpoints, image URLs and the like may never reach
# Souk's own network); development and tests run their receivers on loopback.
SOUK_OUTBOUND_ALLOWED_NETWORKS = env.list("SOUK_OUTBOUND_ALLOWED_NETWORKS", default=[])
# Failed logins before one address is refused for one account, and for every account.
LOGIN_FAILURES_PER_ACCOUNT_IP = env.int("LOGIN_FAILURES_PER_ACCOUNT_IP", default=5)
LOGIN_FAILURES_PER_IP = env.int("LOGIN_FAILURES_PER_IP", default=30)
# A refused address may try again this long after its last counted failure.
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)
# axes first: a locked client is refused before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "accounts.login_limits.LoginLimitHandler"
# Schema-prefixed keys: each shop counts its own shoppers' failures.
AXES_CACHE = "default"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_ACCOUNT_IP
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "accounts.login_limits.login_username"
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.login_limits.lockout_response"
# The cache handler keeps no rows to show in the Django admin.
AXES_ENABLE_ADMIN = False
# No start-up banner on every command; a lock is logged by accounts.login_limits.
AXES_VERBOSE = False

MIDDLEWARE = [
    # Host -> shop first: an unknown host gets a 404 before anything reads it.
    "shops.routing.ShopRoutingMiddleware",
    # Anonymous storefront pages from the per-shop page cache: a hit is answered here,
    # before everything below; a miss is stored on its way back up, with the headers
    # everything below added. See storefront/page_cache.py.
    "storefront.page_cache.StorefrontPageCacheMiddleware",
    # The shop's theme (published, or a staff preview) for the loader and templates.
    "themes.middleware.ThemeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (django-csp): nonces for inline scripts, a looser policy
    # on a shop's Wagtail admin. See shops/csp.py and the policies below.
    "shops.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Trusts the same shop's verified domains as origins (shops.csrf), then Django's.
    "shops.csrf.ShopCsrfViewMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): did this session pass a second factor (django-otp)?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A shop's staff session follows the platform memberships (revocation, support).
    "accounts.middleware.ShopAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shops.middleware.ShopStatusMiddleware",
    "billing.middleware.BillingStatusMiddleware",
    # Wagtail's RedirectMiddleware, skipped on the platform domain (no Wagtail tables).
    "shops.middleware.ShopRedirectMiddleware",
    # A login refused by the limit is answered 429 (accounts.login_limits.lockout_response).
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {
            "loaders": [
                # The shop's active theme, then themes/base (cached per theme).
                "themes.loader.ThemeLoader",
                (
                    "django.template.loaders.cached.Loader",
                    ["django.template.loaders.app_directories.Loader"],
                ),
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "themes.context_processors.theme",
            ],
            # The kernel is a plain package, not an app: its template library is named.
            "libraries": {"money": "kernel.templatetags.money"},
        },
    }
]

# Folders holding theme folders (themes/<name>/theme.json); the first one wins.
THEME_DIRS = env.list("THEME_DIRS", default=[str(ROOT_DIR / "themes")])
# Each theme's static/ folder holds static/themes/<name>/..., so names never clash.
STATICFILES_DIRS = [str(p) for d in THEME_DIRS for p in sorted(Path(d).glob("*/static"))]

WSGI_APPLICATION = "config.wsgi.application"

# --- Database ---------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", default="")
if not DATABASE_URL:
    from config.embedded_postgres import embedded_database_url

    DATABASE_URL = embedded_database_url(
        data_dir=Path(env("SOUK_DATA_DIR", default=str(ROOT_DIR / ".data"))) / "postgres",
        database=env("SOUK_EMBEDDED_DB", default="souk"),
    )
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Memberships, agencies, sign-on tickets: public schema only (accounts.routers).
DATABASE_ROUTERS.insert(0, "accounts.routers.PublicOnlyIdentityRouter")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    _cache_backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
else:
    _cache_backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    # Shop data: every key is prefixed with the current schema (django-tenants).
    "default": {
        **_cache_backend,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "LOCATION": _cache_backend.get("LOCATION", "souk-shops"),
    },
    # Platform-wide keys (routing generation): never schema-prefixed, so a change
    # made in any schema invalidates the same key.
    "platform": {
        **_cache_backend,
        "KEY_PREFIX": "souk-platform",
        "LOCATION": _cache_backend.get("LOCATION", "souk-platform"),
    },
    # Storefront chrome (menus, site settings: cms/storefront_chrome.py), schema-prefixed like
    # "default" but its own entries, so clearing renditions etc. keeps pages warm.
    "storefront": {
        **_cache_backend,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "KEY_PREFIX": "souk-storefront",
        "LOCATION": _cache_backend.get("LOCATION", "souk-storefront"),
    },
}
# How often a process re-checks the shared routing generation (seconds).
SHOP_ROUTING_RECHECK_SECONDS = env.float("SHOP_ROUTING_RECHECK_SECONDS", default=1.0)
# Whole storefront pages for anonymous shoppers, per shop (storefront/page_cache.py).
# On by default only with Redis: purges must reach every process (a local-memory
# cache is per process, so other workers would serve stale pages until timeout).
STOREFRONT_PAGE_CACHE = env.bool("STOREFRONT_PAGE_CACHE", default=bool(REDIS_URL))
STOREFRONT_PAGE_CACHE_SECONDS = env.int("STOREFRONT_PAGE_CACHE_SECONDS", default=600)
# Each process also keeps the pages it served last in memory, up to this size.
STOREFRONT_PAGE_CACHE_LOCAL_MIB = env.int("STOREFRONT_PAGE_CACHE_LOCAL_MIB", default=16)

# --- Sessions: stored per schema, so a cookie from one shop is nothing in another --
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Celery ---------------------------------------------------------------------
# --- APIs (api, docs/api.md) ---------------------------------------------------------
# The Admin API's leaky bucket per app token lives in this Redis (empty: no limit).
API_RATE_LIMIT_REDIS_URL = env("API_RATE_LIMIT_REDIS_URL", default=REDIS_URL)
# Requests a token may make at once; the bucket drains at the plan's rate per second.
API_RATE_LIMIT_BURST = env.int("API_RATE_LIMIT_BURST", default=40)
# Drain rate of shops without a subscription (the operator's own shops).
API_RATE_LIMIT_DEFAULT_RATE = env.float("API_RATE_LIMIT_DEFAULT_RATE", default=2.0)

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
# No broker configured: run tasks in-process (development on one machine).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic work (celery beat). Fan-out tasks run in public and queue one task per shop.
CELERY_BEAT_SCHEDULE = {
    "release-expired-stock-reservations": {
        "task": "inventory.tasks.release_expired_reservations_all_shops",
        "schedule": 60.0,
    },
    "verify-pending-custom-domains": {
        "task": "shops.tasks.verify_pending_domains",
        "schedule": env.float("CUSTOM_DOMAIN_VERIFY_SECONDS", default=300.0),
    },
    "refresh-shop-usage": {
        "task": "shops.tasks.refresh_shop_usage_all_shops",
        "schedule": env.float("SHOP_USAGE_REFRESH_SECONDS", default=3600.0),
    },
    # Pages scheduled to go live (or expire) in the shop admin: cms.tasks.
    "publish-scheduled-pages": {
        "task": "cms.tasks.publish_scheduled_all_shops",
        "schedule": 60.0,
    },
    # "Best selling" counts (Product.units_sold) from the order lines: storefront.tasks.
    "refresh-catalog-sales": {
        "task": "storefront.tasks.catalog_sales_refresh_all_shops",
        "schedule": env.float("CATALOG_SALES_REFRESH_SECONDS", default=600.0),
    },
}

# --- Platform billing (billing app; docs/billing.md) --------------------------------
# Unset: billing runs locally only (trials and limits, no Stripe calls).
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Shop payments (Stripe Connect; connect app, docs/payments.md): the signing secret of
# the platform's Connect webhook endpoint (/connect/webhooks/stripe/). Unset: 503.
STRIPE_CONNECT_WEBHOOK_SECRET = env("STRIPE_CONNECT_WEBHOOK_SECRET", default="")
# --- Shop payments (payments app; docs/payments.md) ---------------------------------
# The platform's publishable key, for Stripe.js on a Stripe shop's payment step (with
# the shop's connected account as ``stripeAccount``).
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
# Attempts left pending/requires_action/approved this long are settled with Stripe.
PAYMENT_RECONCILE_AFTER_MINUTES = env.int("PAYMENT_RECONCILE_AFTER_MINUTES", default=30)
# Idempotency keys of the Admin API are kept 24 hours (api.idempotency).
CELERY_BEAT_SCHEDULE["purge-idempotency-keys"] = {
    "task": "api.tasks.idempotency_keys_purge_all_shops",
    "schedule": 3600.0,
}
CELERY_BEAT_SCHEDULE["reconcile-payment-attempts"] = {
    "task": "checkout.tasks.payment_attempts_reconcile_all_shops",
    "schedule": 600.0,
}
# Abandoned-checkout e-mails (checkout.services.recovery): each shop's due checkouts,
# after the delay the merchant sets in Orders › Abandoned checkouts.
CELERY_BEAT_SCHEDULE["abandoned-checkout-emails"] = {
    "task": "checkout.tasks.checkout_recovery_emails_all_shops",
    "schedule": env.float("ABANDONED_CHECKOUT_SCAN_SECONDS", default=300.0),
}
# Days a past-due shop stays open before its storefront is suspended.
BILLING_GRACE_DAYS = env.int("BILLING_GRACE_DAYS", default=14)
# Days a shop's data is kept (and exportable) after its subscription ends.
BILLING_RETENTION_DAYS = env.int("BILLING_RETENTION_DAYS", default=30)
CELERY_BEAT_SCHEDULE["billing-hourly"] = {
    "task": "billing.tasks.billing_hourly",
    "schedule": 3600.0,
}
# "My shops" and agency dashboard figures (accounts.shop_stats).
CELERY_BEAT_SCHEDULE["refresh-shop-stats"] = {
    "task": "accounts.tasks.refresh_shop_stats_all_shops",
    "schedule": 600.0,
}

# --- CSV import and export (imports app; docs/import-export.md) ---------------------
# Largest file a merchant may upload (Shopify's limit is 15 MB).
CSV_IMPORT_MAX_BYTES = env.int("CSV_IMPORT_MAX_BYTES", default=15 * 1024 * 1024)
# Products written per transaction by an import (and per resume point).
CSV_IMPORT_BATCH_SIZE = env.int("CSV_IMPORT_BATCH_SIZE", default=200)
# Fetch product images named by URL after an import (off only for benchmarks).
CSV_IMPORT_FETCH_IMAGES = env.bool("CSV_IMPORT_FETCH_IMAGES", default=True)
# Largest picture (in pixels) an import fetches by URL: a small file can declare a
# huge canvas (decompression bomb).
IMPORT_IMAGE_MAX_PIXELS = env.int("IMPORT_IMAGE_MAX_PIXELS", default=40_000_000)
CELERY_BEAT_SCHEDULE["expire-import-files"] = {
    "task": "imports.tasks.import_files_expire_all_shops",
    "schedule": 3600.0,
}

# --- Storage ----------------------------------------------------------------------
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(ROOT_DIR / ".data" / "media")))
MEDIA_URL = env("MEDIA_URL", default="/media/")
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(ROOT_DIR / "staticfiles")))
STATIC_URL = "/static/"
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default="us-east-1")
AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
AWS_LOCATION = env("AWS_LOCATION", default="shops")
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
# Documents (private: Wagtail's permission-checked view serves them) are kept under
# this key prefix, outside AWS_LOCATION, and their storage URLs are signed for this
# long (shops.storage). Never make this prefix public in the bucket policy.
AWS_DOCUMENTS_LOCATION = env("AWS_DOCUMENTS_LOCATION", default="private")
AWS_DOCUMENTS_URL_SECONDS = env.int("AWS_DOCUMENTS_URL_SECONDS", default=300)
STORAGES = {
    "default": {
        "BACKEND": "shops.storage.ShopS3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "shops.storage.ShopFileSystemStorage"
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Where shop exports are written.
EXPORT_ROOT = Path(env("EXPORT_ROOT", default=str(ROOT_DIR / ".data" / "exports")))

# --- Custom domains (shops.dns, shops.hostnames) ----------------------------------
# Merchants point their domain here with a CNAME ("shops" is a reserved subdomain).
CUSTOM_DOMAIN_CNAME_TARGET = env("CUSTOM_DOMAIN_CNAME_TARGET", default=f"shops.{PLATFORM_DOMAIN}")
# The TXT record proving control is <prefix>.<domain>.
CUSTOM_DOMAIN_TXT_PREFIX = "_souk-verify"
# Resolver for the checks; empty means the system's (/etc/resolv.conf).
CUSTOM_DOMAIN_DNS_NAMESERVERS = env.list("CUSTOM_DOMAIN_DNS_NAMESERVERS", default=[])
CUSTOM_DOMAIN_DNS_PORT = env.int("CUSTOM_DOMAIN_DNS_PORT", default=53)
CUSTOM_DOMAIN_DNS_TIMEOUT = env.float("CUSTOM_DOMAIN_DNS_TIMEOUT", default=5.0)
# Pending domains older than this are checked only when the merchant asks.
CUSTOM_DOMAIN_PENDING_DAYS = env.int("CUSTOM_DOMAIN_PENDING_DAYS", default=14)
CUSTOM_DOMAINS_PER_SHOP = env.int("CUSTOM_DOMAINS_PER_SHOP", default=10)
# Requests on a shop's non-primary domain 301 to the primary one, except these paths.
SHOP_DOMAIN_REDIRECT_EXEMPT_PATHS = ["/admin/", "/_sso/", "/static/", "/media/", "/documents/"]

# --- Content-Security-Policy (django-csp; shops/csp.py, docs/security.md) -----------
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402


def _media_origins() -> list[str]:
    """Where pictures come from when media is not on the page's own origin."""
    origins = []
    if MEDIA_URL.startswith(("http://", "https://")):
        origins.append("/".join(MEDIA_URL.split("/")[:3]))
    if AWS_S3_CUSTOM_DOMAIN:
        origins.append(f"https://{AWS_S3_CUSTOM_DOMAIN}")
    if AWS_STORAGE_BUCKET_NAME:
        if AWS_S3_ENDPOINT_URL:
            origins.append(AWS_S3_ENDPOINT_URL.rstrip("/"))
        else:
            origins.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
            origins.append(
                f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
            )
    return origins


# Origins of media (images, video) besides the page's own; derived from the storage
# settings unless set.
CSP_MEDIA_ORIGINS = env.list("CSP_MEDIA_ORIGINS", default=_media_origins())
# Video blocks embed these players (cms.blocks.content.video_embed_url).
_VIDEO_PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
_SHARED_DIRECTIVES = {
    "default-src": [SELF],
    "img-src": [SELF, "data:", "blob:", *CSP_MEDIA_ORIGINS],
    "media-src": [SELF, *CSP_MEDIA_ORIGINS],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF, *_VIDEO_PLAYERS],
    "object-src": [NONE],
    "base-uri": [SELF],
    "frame-ancestors": [SELF],
}
# Storefront, platform site, console, Django admin: inline <script> and <style> only
# with the response's nonce (nonce="{{ request.csp_nonce }}"); style="" attributes
# are allowed (they cannot run script). The payment step adds Stripe.js
# (checkout.views.STRIPE_JS_POLICY).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_SHARED_DIRECTIVES,
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-elem": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
    }
}
# A shop's /admin/ (Wagtail): Wagtail's own inline scripts and styles need
# 'unsafe-inline' (and therefore no nonce, which would switch it off). Scripts still
# come only from this origin.
CONTENT_SECURITY_POLICY_SHOP_ADMIN = {
    "DIRECTIVES": {
        **_SHARED_DIRECTIVES,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
    }
}

# --- Agencies and shop creation (docs/security.md) ----------------------------------
# Wrong collaborator request codes allowed per hour, per agency, account and client IP.
COLLABORATOR_CODE_TRIES_PER_AGENCY = env.int("COLLABORATOR_CODE_TRIES_PER_AGENCY", default=10)
COLLABORATOR_CODE_TRIES_PER_ACCOUNT = env.int("COLLABORATOR_CODE_TRIES_PER_ACCOUNT", default=10)
COLLABORATOR_CODE_TRIES_PER_IP = env.int("COLLABORATOR_CODE_TRIES_PER_IP", default=20)
# Shops one account may own; a plan's "shops per account" raises it for an owner who
# pays for a shop on that plan.
MAX_SHOPS_PER_ACCOUNT = env.int("MAX_SHOPS_PER_ACCOUNT", default=3)
# Shops made per hour, on every path (sign-up, "new shop", agency, commands).
SHOP_CREATIONS_PER_HOUR_PER_ACCOUNT = env.int("SHOP_CREATIONS_PER_HOUR_PER_ACCOUNT", default=5)
SHOP_CREATIONS_PER_HOUR_PER_IP = env.int("SHOP_CREATIONS_PER_HOUR_PER_IP", default=10)

# --- Wagtail ----------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Souk"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=f"http://{PLATFORM_DOMAIN}")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Shop staff have no password inside a shop: they enter by single sign-on from their
# platform account (accounts.sso), so Wagtail's password forms are all off.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
# Documents only through Wagtail's view, which checks collection restrictions, sends
# nosniff and "Content-Security-Policy: default-src 'none'", and makes everything but
# a plain picture a download (never a page running on the shop's origin).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"]
# What may be uploaded as a document: no HTML, SVG, XML or scripts.
WAGTAILDOCS_EXTENSIONS = [
    *["pdf", "txt", "csv", "rtf", "epub", "zip"],
    *["doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"],
    *["png", "jpg", "jpeg", "gif", "webp"],
]
# The shop admin talks to no third party: no Gravatar (staff e-mail hashes), no
# release check; the admin's Content-Security-Policy allows neither.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's "What's new" banner and help menu link to guide.wagtail.org.
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Uploads count against the plan's media storage (billing/upload_forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "billing.upload_forms.StorageLimitedImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "billing.upload_forms.StorageLimitedDocumentForm"

# --- I18N -------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Two-factor authentication (accounts.two_factor; docs/security.md) ---------------
# Days a browser may skip the code after "remember this device"; capped at 30, 0 = off.
SOUK_2FA_REMEMBER_DAYS = env.int("SOUK_2FA_REMEMBER_DAYS", default=30)
# The name authenticator apps show next to the account's e-mail.
OTP_TOTP_ISSUER = env("SOUK_2FA_ISSUER", default="Souk")
# Wrong codes wait 1, 2, 4, 8 ... seconds per device (django-otp's throttle).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"Souk <no-reply@{PLATFORM_DOMAIN}>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", default="WARNING")},
    },
}

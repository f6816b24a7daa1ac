"""URLs of a shop's host: storefront (Wagtail pages), shop admin, APIs."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views_shop as accounts_shop_views
from cms import admin_views as cms_admin_views
from storefront import views as storefront_views

urlpatterns = [
    # Shop staff have no password here: the login page points to the platform, and
    # people are managed on the platform's team page (accounts.views_shop). Before
    # Wagtail's own routes, which they replace.
    path("admin/login/", accounts_shop_views.staff_login, name="staff_login"),
    re_path(r"^admin/users/(?P<rest>.*)$", accounts_shop_views.staff_users),
    # The page explorer opens at the shop's home page, not at Wagtail's "Root".
    path("admin/pages/", cms_admin_views.pages_at_home, name="pages_at_home"),
    path("admin/", include(wagtailadmin_urls)),
    # Single sign-on from the platform's "My shops" (accounts.sso).
    path("_sso/start/", accounts_shop_views.sso_start, name="sso_start"),
    path("_sso/", accounts_shop_views.sso_enter, name="sso_enter"),
    path("documents/", include(wagtaildocs_urls)),
    # Admin API and Storefront API (api.urls), by version.
    path("api/", include("api.urls")),
    path("robots.txt", storefront_views.robots_txt, name="robots_txt"),
    # Products, collections, search, sitemap: before Wagtail's catch-all below.
    path("", include("storefront.urls")),
    # Cart (/cart/…) and checkout (/checkout/…, thank-you page by order token).
    path("cart/", include("cart.urls")),
    path("checkout/", include("checkout.urls")),
    # Shopper accounts (/account/…) and the guest order status page (/orders/<token>/).
    path("", include("customers.urls")),
    # Newsletter sign-up (/newsletter/); the CMS's pages are Wagtail's, below.
    path("", include("cms.urls")),
]
if settings.DEBUG:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", storefront_views.media))

urlpatterns.append(path("", include(wagtail_urls)))

# A themed 404 for anything unknown on a shop's host (Wagtail's serve raises Http404).
handler404 = "storefront.views.errors.page_not_found"

"""URLs of a shop's host: storefront (Wagtail pages), shop admin, APIs."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from storefront import views as storefront_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", storefront_views.robots_txt, name="robots_txt"),
]
if settings.DEBUG:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", storefront_views.media))

urlpatterns.append(path("", include(wagtail_urls)))

"""URLs of the platform domain: the public site and the platform staff's admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("", include("billing.urls")),
    path("", include("connect.urls")),
    path("console/", include("console.urls")),
    path("", TemplateView.as_view(template_name="platform/landing.html"), name="landing"),
    # Sign-up, log-in, password reset, e-mail verification (onboarding).
    path("", include("onboarding.urls")),
    # My shops, teams, invitations, agencies, the sign-on hand-off (accounts).
    path("", include("onboarding.account_urls")),
]

# Plain 404 on the platform domain (the themes' 404.html needs a shop's schema).
handler404 = "shops.routing.platform_page_not_found"

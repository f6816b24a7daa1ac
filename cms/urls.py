"""Storefront routes of the CMS that are not pages (mounted before Wagtail's catch-all)."""

from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("newsletter/", views.newsletter_signup, name="newsletter"),
]

"""The Analytics section's URLs, mounted under /admin/analytics/ by ``wagtail_hooks``."""

from django.urls import path

from analytics import views

app_name = "analytics_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.report, name="report"),
    path("<slug:slug>/export/", views.export, name="export"),
]

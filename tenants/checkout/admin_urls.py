"""Abandoned checkouts in the shop admin, mounted under /admin/abandoned-checkouts/."""

from django.urls import path

from checkout import admin_views

app_name = "abandoned_checkouts_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("settings/", admin_views.settings_save, name="settings"),
]

"""Mounted under /admin/notifications/ by ``wagtail_hooks``."""

from django.urls import path

from notifications import views

app_name = "notifications_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:key>/", views.edit, name="edit"),
]

"""The customers admin's URLs, mounted under /admin/customers/ by ``wagtail_hooks``."""

from django.urls import path

from customers import admin_views as views

app_name = "customers_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("add/", views.create, name="create"),
    path("by-email/", views.by_email, name="by_email"),
    path("segments/", views.segments, name="segments"),
    path("segments/add/", views.segment_create, name="segment_create"),
    path("segments/<int:pk>/delete/", views.segment_delete, name="segment_delete"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/invite/", views.invite, name="invite"),
]

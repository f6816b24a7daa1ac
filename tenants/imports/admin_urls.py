"""The import and export pages, mounted under /admin/imports/ by ``wagtail_hooks``."""

from django.urls import path

from imports import admin_views as views

app_name = "imports_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/<str:kind>/", views.upload, name="upload"),
    path("export/<str:kind>/", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/resume/", views.resume, name="resume"),
    path("<int:pk>/problems.csv", views.problems_csv, name="problems_csv"),
    path("<int:pk>/file/", views.original_file, name="file"),
]

from django.urls import path

from connect import admin_views

app_name = "connect_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("connect/", admin_views.connect, name="connect"),
    path("onboarding/", admin_views.onboarding, name="onboarding"),
    path("return/", admin_views.returned, name="returned"),
    path("refresh/", admin_views.refresh, name="refresh"),
    path("test-mode/", admin_views.test_mode, name="test_mode"),
]

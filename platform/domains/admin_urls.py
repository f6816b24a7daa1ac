from django.urls import path

from domains import admin_views

app_name = "shop_domains"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("add/", admin_views.add, name="add"),
    path("<int:domain_id>/check/", admin_views.check, name="check"),
    path("<int:domain_id>/primary/", admin_views.make_primary, name="primary"),
    path("<int:domain_id>/remove/", admin_views.remove, name="remove"),
]

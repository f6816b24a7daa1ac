from django.urls import path

from api import admin_views

app_name = "shop_apps"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("add/", admin_views.create, name="create"),
    path("<int:app_id>/scopes/", admin_views.update, name="update"),
    path("<int:app_id>/rotate/", admin_views.rotate, name="rotate"),
    path("<int:app_id>/revoke/", admin_views.revoke, name="revoke"),
    path("<int:app_id>/delete/", admin_views.delete, name="delete"),
    path("storefront/add/", admin_views.storefront_create, name="storefront_create"),
    path(
        "storefront/<int:token_id>/revoke/", admin_views.storefront_revoke, name="storefront_revoke"
    ),
]

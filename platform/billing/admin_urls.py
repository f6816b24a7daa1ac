from django.urls import path

from billing import admin_views

app_name = "billing_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("plan/", admin_views.change_plan, name="change_plan"),
    path("cancel/", admin_views.cancel, name="cancel"),
    path("card/", admin_views.card, name="card"),
]

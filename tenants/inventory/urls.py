from django.urls import path

from inventory import views

app_name = "inventory_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:variant_id>/", views.stock_update, name="update"),
]

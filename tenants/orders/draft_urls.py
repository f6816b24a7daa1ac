"""The draft-order admin's URLs, mounted under /admin/draft-orders/ by ``wagtail_hooks``."""

from django.urls import path

from orders import draft_views

app_name = "draft_orders_admin"

urlpatterns = [
    path("", draft_views.index, name="index"),
    path("new/", draft_views.edit, name="create"),
    path("<int:pk>/", draft_views.detail, name="detail"),
    path("<int:pk>/edit/", draft_views.edit, name="edit"),
    path("<int:pk>/send-invoice/", draft_views.send_invoice, name="send_invoice"),
    path("<int:pk>/delete/", draft_views.delete, name="delete"),
]

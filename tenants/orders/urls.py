"""The orders admin's URLs, mounted under /admin/orders/ by ``wagtail_hooks``."""

from django.urls import path

from orders import views

app_name = "orders_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/fulfil/", views.fulfil, name="fulfil"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/cancel/confirm/", views.cancel_confirm, name="cancel_confirm"),
    path("<int:pk>/mark-paid/", views.mark_paid, name="mark_paid"),
    path("<int:pk>/void/", views.void, name="void"),
    path("<int:pk>/refund/", views.refund, name="refund"),
    path("<int:pk>/refund/confirm/", views.refund_confirm, name="refund_confirm"),
    path("<int:pk>/tags/", views.set_tags, name="tags"),
    path("<int:pk>/note/", views.add_note, name="note"),
    path("<int:pk>/packing-slip/", views.packing_slip, name="packing_slip"),
]

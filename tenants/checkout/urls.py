from django.urls import path

from checkout import views

app_name = "checkout"

urlpatterns = [
    path("", views.checkout_start, name="start"),
    path("contact/", views.checkout_contact, name="contact"),
    path("address/", views.checkout_address, name="address"),
    path("shipping/", views.checkout_shipping, name="shipping"),
    path("payment/", views.checkout_payment, name="payment"),
    path("payment/return/", views.checkout_payment_return, name="return"),
    path("thank-you/<uuid:token>/", views.checkout_thank_you, name="thank_you"),
    path("invoice/<uuid:token>/", views.checkout_invoice, name="invoice"),
    path("recover/<str:signed>/", views.checkout_recover, name="recover"),
]

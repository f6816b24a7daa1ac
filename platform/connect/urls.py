"""Connect's URLs on the platform domain (included by config.urls_public)."""

from django.urls import path

from connect import views

app_name = "connect"
urlpatterns = [
    path("connect/webhooks/stripe/", views.stripe_connect_webhook, name="stripe_webhook"),
]

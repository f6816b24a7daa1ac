"""Billing's URLs on the platform domain (included by config.urls_public)."""

from django.urls import path

from billing import views

app_name = "billing"
urlpatterns = [
    path("pricing/", views.pricing, name="pricing"),
    path("billing/webhooks/stripe/", views.stripe_webhook, name="stripe_webhook"),
]

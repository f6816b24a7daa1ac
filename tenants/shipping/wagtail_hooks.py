"""Wagtail hooks: "Shipping" in the admin's Settings menu."""

from wagtail.snippets.models import register_snippet

from shipping.viewsets import ShippingZoneViewSet

register_snippet(ShippingZoneViewSet)

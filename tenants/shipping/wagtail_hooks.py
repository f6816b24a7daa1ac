"""Wagtail hooks: shipping zones under Settings; bulk delete through the service."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from shipping.viewsets import ShippingZoneBulkDelete, ShippingZoneViewSet

register_snippet(ShippingZoneViewSet)
hooks.register("register_bulk_action", ShippingZoneBulkDelete)

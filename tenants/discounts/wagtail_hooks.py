"""Wagtail hooks: the "Discounts" menu item; bulk delete through the service."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from discounts.viewsets import DiscountCodeBulkDelete, DiscountCodeViewSet

register_snippet(DiscountCodeViewSet)
hooks.register("register_bulk_action", DiscountCodeBulkDelete)

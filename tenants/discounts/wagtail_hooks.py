"""Wagtail hooks: the "Discounts" menu item."""

from wagtail.snippets.models import register_snippet

from discounts.viewsets import DiscountCodeViewSet

register_snippet(DiscountCodeViewSet)

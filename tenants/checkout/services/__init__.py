"""Writes of checkout. Import from here: ``from checkout.services import checkout_place_order``."""

from checkout.services.confirming import checkout_payment_confirmed, checkout_payment_returned
from checkout.services.placing import PlaceResult, checkout_place_order
from checkout.services.steps import (
    Review,
    address_clean,
    checkout_for_cart,
    checkout_pricing,
    checkout_pricing_needs_shipping,
    checkout_review,
    checkout_set_address,
    checkout_set_contact,
    checkout_set_shipping,
    checkout_shipping_options,
)

__all__ = [
    "PlaceResult",
    "Review",
    "address_clean",
    "checkout_for_cart",
    "checkout_payment_confirmed",
    "checkout_payment_returned",
    "checkout_place_order",
    "checkout_pricing",
    "checkout_pricing_needs_shipping",
    "checkout_review",
    "checkout_set_address",
    "checkout_set_contact",
    "checkout_set_shipping",
    "checkout_shipping_options",
]

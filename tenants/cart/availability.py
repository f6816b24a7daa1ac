"""Whether a quantity of a variant can go in a cart: one rule for services, page and checkout.

A pure function of the variant (with its product loaded), the quantity and the units
available (``inventory.selectors.available_quantities``), so the cart page can check
thirty lines after one stock query and tests need no database.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cart.exceptions import CartError, ItemOutOfStock, ItemUnavailable, NotEnoughStock

ACTIVE = "active"
CONTINUE_SELLING = "continue"


def item_name(variant) -> str:
    title = variant.product.title
    return f"{title} ({variant.title})" if variant.title else title


def line_problem(variant, quantity: int, available: int) -> CartError | None:
    """What stops ``quantity`` of ``variant`` being bought now, or None."""
    name = item_name(variant)
    if variant.product.status != ACTIVE:
        return ItemUnavailable(_("“%(name)s” is no longer available.") % {"name": name})
    if variant.inventory_policy == CONTINUE_SELLING:
        return None
    if available <= 0:
        return ItemOutOfStock(_("“%(name)s” is out of stock.") % {"name": name})
    if quantity > available:
        return NotEnoughStock(
            _("Only %(available)d left of “%(name)s”.") % {"available": available, "name": name},
            available=available,
        )
    return None

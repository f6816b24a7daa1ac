"""Refusals of cart changes a shopper is shown; ``str(error)`` is the translated message.

Bad *input* (a quantity of "abc" or 0 when adding) raises Django's ``ValidationError``
like every other service; these refuse valid requests because of the catalog or the
stock, and nothing in the cart changes.
"""

from __future__ import annotations


class CartError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ItemUnavailable(CartError):
    """The product is a draft, archived or gone."""


class ItemOutOfStock(CartError):
    """Nothing left to sell of a variant that stops selling when out of stock."""


class NotEnoughStock(CartError):
    """Fewer left than asked for; ``available`` says how many."""

    def __init__(self, message: str, *, available: int) -> None:
        super().__init__(message)
        self.available = available

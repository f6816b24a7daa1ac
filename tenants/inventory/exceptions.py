"""Refusals of stock operations that a shopper or merchant is shown.

``str(error)`` is the translated message. Bad *input* (a negative count, a quantity
of zero) raises Django's ``ValidationError`` instead, like every other service; these
are refusals of valid requests because of the state of the stock.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


class InventoryError(Exception):
    """Base class: the message is meant for people and is already translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Shortage:
    variant_id: int
    name: str
    requested: int
    available: int


class OutOfStock(InventoryError):
    """A checkout asked for more than is available; nothing was reserved for any line."""

    def __init__(self, shortages: list[Shortage]) -> None:
        self.shortages = shortages
        parts = [
            _("“%(name)s”: %(available)d available, %(requested)d requested.")
            % {"name": s.name, "available": max(s.available, 0), "requested": s.requested}
            for s in shortages
        ]
        super().__init__(" ".join([_("Not enough stock."), *parts]))


class ReservationNotFound(InventoryError):
    def __init__(self) -> None:
        super().__init__(_("This checkout holds no stock."))


class ReservationReleased(InventoryError):
    """The hold expired (or the checkout gave it up) before the order was placed."""

    def __init__(self) -> None:
        super().__init__(
            _("The items held for this checkout were released; please check availability again.")
        )


class ReservationConverted(InventoryError):
    """The checkout already became an order; its stock cannot be held again."""

    def __init__(self) -> None:
        super().__init__(_("This checkout has already been turned into an order."))

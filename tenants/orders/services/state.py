"""What every order service shares: the locked order, the timeline entry, money input.

Each service re-reads the order ``SELECT … FOR UPDATE`` and checks the move against
that row, never against the instance it was given: two merchants clicking "refund"
at once, or a webhook marking an order paid while it is being cancelled, are then
taken one after the other and the second sees what the first did.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from orders.models import Order, OrderEvent

CENT = Decimal("0.01")
MONEY_LIMIT = Decimal("10000000000")
ACTOR_MAX_LENGTH = OrderEvent._meta.get_field("actor").max_length


def order_locked(order: Order | int) -> Order:
    return Order.objects.select_for_update().get(pk=getattr(order, "pk", order))


def event_record(
    order: Order, *, kind: str, message: str, actor: str = "", data: dict | None = None
) -> OrderEvent:
    return OrderEvent.objects.create(
        order=order,
        kind=kind,
        message=message,
        actor=(actor or "")[:ACTOR_MAX_LENGTH],
        data=data or {},
    )


def money(value, *, field: str, allow_zero: bool = True) -> Decimal:
    """A Decimal amount with at most two decimal places, refused with a message if not."""
    if isinstance(value, float | bool):
        raise ValidationError({field: _("Enter an amount.")})
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Enter an amount.")}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("Enter an amount.")})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: _("Enter an amount with at most two decimal places.")})
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({field: _("Enter an amount greater than zero.")})
    if amount >= MONEY_LIMIT:
        raise ValidationError({field: _("That amount is too large.")})
    return amount.quantize(CENT)


def round_money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str) -> str:
    return f"{amount:.2f} {currency}"


def refuse_if_cancelled(order: Order) -> None:
    if order.is_cancelled:
        raise ValidationError(
            _("Order %(number)s was cancelled; it cannot be changed.") % {"number": order}
        )

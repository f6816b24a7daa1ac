"""The order a service acts on, locked, and the check that it may still change.

Each service re-reads the order ``SELECT … FOR UPDATE`` and checks the move against
that row, never against the instance it was given: two merchants clicking "refund"
at once, or a webhook marking an order paid while it is being cancelled, are then
taken one after the other and the second sees what the first did.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from orders.models import Order


def order_locked(order: Order | int) -> Order:
    return Order.objects.select_for_update().get(pk=getattr(order, "pk", order))


def refuse_if_cancelled(order: Order) -> None:
    if order.is_cancelled:
        raise ValidationError(
            _("Order %(number)s was cancelled; it cannot be changed.") % {"number": order}
        )

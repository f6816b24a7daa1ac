"""What every order service shares: the locked order and the timeline entry.

Each service re-reads the order ``SELECT … FOR UPDATE`` and checks the move against
that row, never against the instance it was given: two merchants clicking "refund"
at once, or a webhook marking an order paid while it is being cancelled, are then
taken one after the other and the second sees what the first did.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from orders.models import Order, OrderEvent

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


def refuse_if_cancelled(order: Order) -> None:
    if order.is_cancelled:
        raise ValidationError(
            _("Order %(number)s was cancelled; it cannot be changed.") % {"number": order}
        )

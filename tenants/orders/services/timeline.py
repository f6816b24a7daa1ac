"""The order's timeline entry (``OrderEvent``) that every order service, and the
tasks that send an order's emails, write."""

from __future__ import annotations

from orders.models import Order, OrderEvent

ACTOR_MAX_LENGTH = OrderEvent._meta.get_field("actor").max_length


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

"""Order emails, sent by a worker in the shop's schema (tenant-schemas-celery).

Queued with ``transaction.on_commit`` by the services. A retry after a crash may send
an email twice; that is preferred to never sending it. Each send is noted on the
order's timeline.
"""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext as _

from orders.emails import TEMPLATES, merchant_dispute_message, order_email_message
from orders.models import Fulfilment, Order, OrderEvent
from orders.services.timeline import event_record


@shared_task
def order_email_send(*, order_id: int, kind: str, fulfilment_id: int | None = None) -> bool:
    """Send one order email; False if the order (or fulfilment) no longer exists."""
    if kind not in TEMPLATES:
        raise ValueError(f"unknown order email {kind!r}")
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        return False
    fulfilment = None
    if fulfilment_id is not None:
        fulfilment = Fulfilment.objects.filter(pk=fulfilment_id, order=order).first()
        if fulfilment is None:
            return False
    order_email_message(order, kind=kind, fulfilment=fulfilment).send()
    descriptions = {
        "confirmation": _("Order confirmation sent to %(email)s."),
        "shipping": _("Shipping confirmation sent to %(email)s."),
    }
    event_record(
        order,
        kind=OrderEvent.Kind.EMAIL,
        message=descriptions[kind] % {"email": order.email},
        data={"email": kind},
    )
    return True


@shared_task
def order_dispute_notify(*, event_id: int) -> bool:
    """Email the merchant about a dispute step; False if the timeline entry is gone."""
    event = OrderEvent.objects.select_related("order").filter(pk=event_id).first()
    if event is None:
        return False
    message = merchant_dispute_message(event)
    if message is None:
        return False
    message.send()
    return True

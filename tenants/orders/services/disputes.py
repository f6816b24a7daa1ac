"""Disputes (chargebacks) on an order's payment: timeline entries and the merchant told.

A dispute is opened, updated and closed at the card network, never in Souk; the
order only records each step so the merchant sees it where they look (the order's
timeline) and gets an email to act on (evidence is due within days). Each provider
event is recorded once, by its event id: a replayed webhook changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.money import money_format
from kernel.schemas import on_commit_in_schema
from orders.models import Order, OrderEvent
from orders.services.locked_order import order_locked
from orders.services.timeline import event_record

STATUS_WORDS = {
    "warning_needs_response": gettext_lazy("inquiry: respond"),
    "warning_under_review": gettext_lazy("inquiry under review"),
    "warning_closed": gettext_lazy("inquiry closed"),
    "needs_response": gettext_lazy("needs your response"),
    "under_review": gettext_lazy("under review"),
    "won": gettext_lazy("won"),
    "lost": gettext_lazy("lost"),
}


def order_dispute_record(
    *,
    order: Order,
    event_id: str,
    dispute_id: str,
    stage: str,
    status: str,
    reason: str,
    amount: Decimal,
    actor: str,
) -> OrderEvent | None:
    """The timeline entry of one dispute event; None if this event was recorded before.

    ``stage`` is ``created``, ``updated`` or ``closed``. The merchant is emailed after
    commit.
    """
    with transaction.atomic():
        order = order_locked(order)
        seen = OrderEvent.objects.filter(
            order=order, kind=OrderEvent.Kind.DISPUTE, data__event_id=event_id
        )
        if seen.exists():
            return None
        words = {
            "created": _(
                "The shopper disputed %(amount)s with their bank (%(reason)s): %(status)s."
            ),
            "updated": _("Dispute of %(amount)s updated (%(reason)s): %(status)s."),
            "closed": _("Dispute of %(amount)s closed (%(reason)s): %(status)s."),
        }.get(stage, _("Dispute of %(amount)s (%(reason)s): %(status)s."))
        message = words % {
            "amount": money_format(amount, order.currency),
            "reason": reason.replace("_", " ") or _("no reason given"),
            "status": STATUS_WORDS.get(status, status.replace("_", " ")),
        }
        event = event_record(
            order,
            kind=OrderEvent.Kind.DISPUTE,
            message=message,
            actor=actor,
            data={
                "event_id": event_id,
                "dispute_id": dispute_id,
                "stage": stage,
                "status": status,
                "reason": reason,
                "amount": str(amount),
            },
        )
        # Here, not at the top: orders.tasks imports orders.services.timeline, whose package
        # (orders.services) imports this module: a real cycle when orders.tasks loads first.
        from orders.tasks import order_dispute_notify

        on_commit_in_schema(lambda: order_dispute_notify.delay(event_id=event.pk))
    return event

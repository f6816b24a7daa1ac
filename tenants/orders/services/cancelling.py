"""Cancelling an order that has not shipped.

The rule for the money, so the merchant is never left guessing:

- payment pending: the payment is voided with the cancel (nothing was taken);
- paid or partially refunded: the financial status stays as it is and the timeline
  says how much is still to be refunded (``Order.refund_due`` is then true). The
  refund itself is a separate, deliberate ``order_refund`` — it moves money, and a
  cancel must not do that as a side effect of a click;
- voided or refunded: nothing to do.

Anything shipped (even partly) cannot be cancelled: those goods are with the
shopper, which is a return (a refund with restock), not a cancel.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.money import money_format
from orders.figures import order_figures_record
from orders.models import Order, OrderEvent
from orders.services.locked_order import order_locked, refuse_if_cancelled
from orders.services.payments import payment_void_record
from orders.services.restocking import lines_restock
from orders.services.timeline import event_record

Financial = Order.FinancialStatus
REASON_MAX_LENGTH = 1000


def order_cancel(*, order: Order, reason: str, restock: bool = True, actor: str) -> Order:
    """Cancel an unfulfilled order, restocking its units unless ``restock`` is False."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Give a reason for cancelling.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("At most %(max)d characters.") % {"max": REASON_MAX_LENGTH}}
        )
    with transaction.atomic():
        order = order_locked(order)
        refuse_if_cancelled(order)
        if order.fulfilment_status != Order.FulfilmentStatus.UNFULFILLED:
            raise ValidationError(
                _(
                    "Order %(number)s has items that were already fulfilled; it cannot be "
                    "cancelled. Refund it instead."
                )
                % {"number": order}
            )
        order.cancelled_at = timezone.now()
        order.cancel_reason = reason
        order.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
        restocked = {}
        if restock:
            lines = list(order.lines.select_for_update())
            restocked = lines_restock(order, {line: line.quantity for line in lines})
        event_record(
            order,
            kind=OrderEvent.Kind.CANCELLED,
            message=_("Order cancelled: %(reason)s") % {"reason": reason},
            actor=actor,
            data={"restock": restock, "restocked": {str(k): v for k, v in restocked.items()}},
        )
        if restocked:
            event_record(
                order,
                kind=OrderEvent.Kind.RESTOCKED,
                message=_("%(units)d items returned to stock.")
                % {"units": sum(restocked.values())},
                actor=actor,
            )
        if order.financial_status == Financial.PENDING:
            payment_void_record(order, reason=_("order cancelled"), actor=actor)
        elif order.refundable_amount > 0:
            event_record(
                order,
                kind=OrderEvent.Kind.NOTE,
                message=_("%(amount)s was paid and is still to be refunded.")
                % {"amount": money_format(order.refundable_amount, order.currency)},
                actor=actor,
                data={"refund_due": str(order.refundable_amount)},
            )
        order_figures_record(order)
    return order

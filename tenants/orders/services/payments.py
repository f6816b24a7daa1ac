"""An order's payment: captured (paid) or given up (voided).

Only a pending order moves, and only once: a payment webhook delivered twice or a
merchant marking an order paid that the gateway already marked fails loudly with a
message instead of recording the payment twice. Callers that must be idempotent
(webhook handlers) check ``order.financial_status`` first.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.money import money_format, money_parse
from orders.figures import order_figures_record
from orders.models import Order, OrderEvent
from orders.services.locked_order import order_locked, refuse_if_cancelled
from orders.services.timeline import event_record

Financial = Order.FinancialStatus
REFERENCE_MAX_LENGTH = Order._meta.get_field("payment_reference").max_length


def order_mark_paid(*, order: Order, amount: Decimal | str, reference: str, actor: str) -> Order:
    """Record the payment of the whole order (pending -> paid).

    The amount must be the order's total: a partial capture is not an order paid, and
    recording it as one would hide a shortfall from the merchant.
    """
    amount = money_parse(amount, field="amount")
    with transaction.atomic():
        order = order_locked(order)
        refuse_if_cancelled(order)
        if order.financial_status != Financial.PENDING:
            raise ValidationError(
                _("Order %(number)s is %(status)s; only a pending order can be marked as paid.")
                % {"number": order, "status": order.get_financial_status_display().lower()}
            )
        if amount != order.total:
            raise ValidationError(
                {
                    "amount": _(
                        "The payment of %(amount)s does not match the order total of %(total)s."
                    )
                    % {
                        "amount": money_format(amount, order.currency),
                        "total": money_format(order.total, order.currency),
                    }
                }
            )
        order.financial_status = Financial.PAID
        order.paid_at = timezone.now()
        order.payment_reference = (reference or "")[:REFERENCE_MAX_LENGTH]
        order.save(update_fields=["financial_status", "paid_at", "payment_reference", "updated_at"])
        event_record(
            order,
            kind=OrderEvent.Kind.PAID,
            message=_("Payment of %(amount)s received.")
            % {"amount": money_format(amount, order.currency)},
            actor=actor,
            data={"amount": str(amount), "reference": order.payment_reference},
        )
    return order


def order_void(*, order: Order, reason: str = "", actor: str) -> Order:
    """Give up collecting the payment of a pending order (pending -> voided)."""
    with transaction.atomic():
        order = order_locked(order)
        if order.financial_status != Financial.PENDING:
            raise ValidationError(
                _("Order %(number)s is %(status)s; only a pending payment can be voided.")
                % {"number": order, "status": order.get_financial_status_display().lower()}
            )
        payment_void_record(order, reason=reason, actor=actor)
        order_figures_record(order)
    return order


def payment_void_record(order: Order, *, reason: str, actor: str) -> None:
    order.financial_status = Financial.VOIDED
    order.save(update_fields=["financial_status", "updated_at"])
    message = _("Payment voided.")
    if reason:
        message = _("Payment voided: %(reason)s") % {"reason": reason}
    event_record(order, kind=OrderEvent.Kind.VOIDED, message=message, actor=actor)

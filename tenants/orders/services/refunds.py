"""Refunds: money given back, whole or in part, for an amount or for items.

Refunding items prices them at what the shopper paid for them: the line's total
(after its discount, with its tax when prices exclude tax) spread over its units.
Rounding happens once per refund as the difference of two roundings,
``round(total × refunded_after / quantity) − round(total × refunded_before / quantity)``,
so refunding a line unit by unit adds up to exactly its total, never a cent more.

The order's ``refunded_total`` is the sum of its refunds; asking for more than is
left is refused with the numbers (and the database's check constraint is the
backstop). This records the refund; returning the money through the gateway is the
``payments`` app's job (``payments.refunds.order_refund_through_provider``, which
calls this inside its own transaction and then the provider, so a refusal records
nothing). Two refunds of one order are taken one after the other (the order is
locked), so the second sees what is left after the first.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kernel.money import ZERO, money_format, money_parse, money_round
from orders.figures import order_figures_record
from orders.models import Order, OrderEvent, OrderLine, Refund, RefundLine
from orders.services.fulfilment import fulfilment_status_of
from orders.services.locked_order import order_locked
from orders.services.restocking import lines_restock
from orders.services.timeline import event_record

Financial = Order.FinancialStatus
REASON_MAX_LENGTH = 1000


def order_refund(
    *,
    order: Order,
    amount: Decimal | str | None = None,
    lines: dict[int, int] | None = None,
    restock: bool = False,
    reason: str,
    actor: str,
) -> Refund:
    """Refund a paid order; the ``Refund`` written.

    - ``amount`` and ``lines`` both None: everything left (every unit, the rest of
      the money, shipping included);
    - ``lines`` (``{order_line_id: quantity}``) alone: those units, at what they cost;
    - ``amount`` (with or without ``lines``): that amount.

    ``restock`` puts the refunded units back in stock (never a unit twice).
    Cancelled orders can be refunded: that is how a cancelled paid order is settled.
    """
    reason = " ".join(str(reason or "").split())
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("At most %(max)d characters.") % {"max": REASON_MAX_LENGTH}}
        )
    if amount is not None:
        amount = money_parse(amount, field="amount", allow_zero=False)
    with transaction.atomic():
        order = order_locked(order)
        if order.financial_status not in (Financial.PAID, Financial.PARTIALLY_REFUNDED):
            raise ValidationError(
                _("Order %(number)s is %(status)s; only a paid order can be refunded.")
                % {"number": order, "status": order.get_financial_status_display().lower()}
            )
        left = order.refundable_amount
        order_lines = {line.pk: line for line in order.lines.select_for_update()}
        if amount is None and lines is None:
            wanted = {
                line: line.refundable_quantity
                for line in order_lines.values()
                if line.refundable_quantity > 0
            }
            amount = left
        else:
            wanted = _wanted(order_lines, lines) if lines else {}
            if amount is None:
                amount = sum((lines_value(line, q, order) for line, q in wanted.items()), ZERO)
        if left <= 0:
            raise ValidationError(_("Nothing is left to refund on this order."))
        if amount <= 0:
            raise ValidationError({"amount": _("Enter an amount greater than zero.")})
        if amount > left:
            raise ValidationError(
                {
                    "amount": _(
                        "Only %(left)s is left to refund on this order; %(amount)s was asked."
                    )
                    % {
                        "left": money_format(left, order.currency),
                        "amount": money_format(amount, order.currency),
                    }
                }
            )
        refund = Refund.objects.create(
            order=order, amount=amount, reason=reason, restock=restock, created_by=actor[:255]
        )
        for line, quantity in wanted.items():
            unshipped = min(quantity, line.fulfillable_quantity)
            line.refunded_unfulfilled_quantity += unshipped
            line.refunded_quantity += quantity
            line.save(update_fields=["refunded_quantity", "refunded_unfulfilled_quantity"])
        restocked = lines_restock(order, wanted) if restock else {}
        RefundLine.objects.bulk_create(
            RefundLine(
                refund=refund,
                order_line=line,
                quantity=quantity,
                restocked_quantity=restocked.get(line.pk, 0),
            )
            for line, quantity in wanted.items()
        )
        order.refunded_total += amount
        order.financial_status = (
            Financial.REFUNDED
            if order.refunded_total == order.total
            else Financial.PARTIALLY_REFUNDED
        )
        if wanted:
            order.fulfilment_status = fulfilment_status_of(order_lines.values())
        order.save(
            update_fields=["refunded_total", "financial_status", "fulfilment_status", "updated_at"]
        )
        message = _("%(amount)s refunded.") % {"amount": money_format(amount, order.currency)}
        if reason:
            message = _("%(amount)s refunded: %(reason)s") % {
                "amount": money_format(amount, order.currency),
                "reason": reason,
            }
        event_record(
            order,
            kind=OrderEvent.Kind.REFUNDED,
            message=message,
            actor=actor,
            data={
                "refund_id": refund.pk,
                "amount": str(amount),
                "lines": {str(line.pk): q for line, q in wanted.items()},
                "restocked": {str(k): v for k, v in restocked.items()},
            },
        )
        if restocked:
            event_record(
                order,
                kind=OrderEvent.Kind.RESTOCKED,
                message=_("%(units)d items returned to stock.")
                % {"units": sum(restocked.values())},
                actor=actor,
            )
        order_figures_record(order)
    return refund


def lines_value(line: OrderLine, quantity: int, order: Order) -> Decimal:
    """What ``quantity`` more units of ``line`` are worth, given what was refunded before."""
    total = line.unit_price * line.quantity - line.line_discount
    if not order.prices_include_tax:
        total += line.tax_amount
    before = line.refunded_quantity
    after = before + quantity
    currency = order.currency
    return money_round(total * after / line.quantity, currency) - money_round(
        total * before / line.quantity, currency
    )


def _wanted(order_lines: dict[int, OrderLine], lines: dict[int, int]) -> dict[OrderLine, int]:
    wanted = {}
    for line_id, quantity in lines.items():
        try:
            line = order_lines.get(int(line_id))
        except (TypeError, ValueError):
            line = None
        if line is None:
            raise ValidationError({"lines": _("That item is not part of this order.")})
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
            raise ValidationError({"lines": _("Enter a whole number of items.")})
        if quantity == 0:
            continue
        if quantity > line.refundable_quantity:
            raise ValidationError(
                {
                    "lines": _("Only %(left)d of “%(title)s” can be refunded; %(asked)d asked.")
                    % {"left": line.refundable_quantity, "title": line.title, "asked": quantity}
                }
            )
        wanted[line] = quantity
    return wanted

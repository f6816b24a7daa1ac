"""Shipping an order, in one go or in parts.

Each call is one ``Fulfilment`` (one parcel: a carrier and a tracking number) for
some units of some lines; the order's fulfilment status is recomputed from its lines
afterwards, so it cannot disagree with them. The shopper's shipping email goes out
only once the fulfilment is committed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kernel.schemas import on_commit_in_schema
from orders.models import Fulfilment, FulfilmentLine, Order, OrderEvent, OrderLine
from orders.services.locked_order import order_locked, refuse_if_cancelled
from orders.services.timeline import event_record

Financial = Order.FinancialStatus
Fulfilled = Order.FulfilmentStatus
TEXT_LIMITS = {
    "carrier": Fulfilment._meta.get_field("carrier").max_length,
    "tracking_number": Fulfilment._meta.get_field("tracking_number").max_length,
    "tracking_url": Fulfilment._meta.get_field("tracking_url").max_length,
}


def order_fulfil(
    *,
    order: Order,
    lines: dict[int, int] | None,
    carrier: str,
    tracking_number: str,
    tracking_url: str = "",
    notify: bool = True,
    actor: str,
) -> Fulfilment:
    """Ship ``lines`` (``{order_line_id: quantity}``; ``None``: everything left to ship).

    Refused for a cancelled, voided or fully refunded order, for unknown lines and
    for more units than a line has left to ship.
    """
    text = _texts(carrier=carrier, tracking_number=tracking_number, tracking_url=tracking_url)
    with transaction.atomic():
        order = order_locked(order)
        refuse_if_cancelled(order)
        if order.financial_status in (Financial.VOIDED, Financial.REFUNDED):
            raise ValidationError(
                _("Order %(number)s is %(status)s; it cannot be fulfilled.")
                % {"number": order, "status": order.get_financial_status_display().lower()}
            )
        order_lines = {line.pk: line for line in order.lines.select_for_update()}
        wanted = _wanted(order_lines, lines)
        fulfilment = Fulfilment.objects.create(order=order, created_by=actor[:255], **text)
        FulfilmentLine.objects.bulk_create(
            FulfilmentLine(fulfilment=fulfilment, order_line=line, quantity=quantity)
            for line, quantity in wanted.items()
        )
        for line, quantity in wanted.items():
            line.fulfilled_quantity += quantity
            line.save(update_fields=["fulfilled_quantity"])
        order.fulfilment_status = fulfilment_status_of(order_lines.values())
        order.save(update_fields=["fulfilment_status", "updated_at"])
        units = sum(wanted.values())
        message = ngettext("%(units)d item fulfilled.", "%(units)d items fulfilled.", units) % {
            "units": units
        }
        if text["carrier"] or text["tracking_number"]:
            message += " " + _("%(carrier)s tracking number %(tracking)s.") % {
                "carrier": text["carrier"] or _("Carrier"),
                "tracking": text["tracking_number"] or "—",
            }
        event_record(
            order,
            kind=OrderEvent.Kind.FULFILLED,
            message=message,
            actor=actor,
            data={
                "fulfilment_id": fulfilment.pk,
                "lines": {str(line.pk): q for line, q in wanted.items()},
                "notify": bool(notify),
            },
        )
        if notify:
            _queue_shipping_email(order, fulfilment)
    return fulfilment


def fulfilment_status_of(lines) -> str:
    lines = list(lines)
    if not any(line.fulfilled_quantity for line in lines):
        return Fulfilled.UNFULFILLED
    if any(line.fulfillable_quantity for line in lines):
        return Fulfilled.PARTIALLY_FULFILLED
    return Fulfilled.FULFILLED


def _wanted(order_lines: dict[int, OrderLine], lines: dict[int, int] | None) -> dict:
    if lines is None:
        wanted = {
            line: line.fulfillable_quantity
            for line in order_lines.values()
            if line.fulfillable_quantity > 0
        }
        if not wanted:
            raise ValidationError(_("Nothing is left to fulfil on this order."))
        return wanted
    wanted = {}
    for line_id, quantity in lines.items():
        line = order_lines.get(_as_int(line_id))
        if line is None:
            raise ValidationError({"lines": _("That item is not part of this order.")})
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
            raise ValidationError({"lines": _("Enter a whole number of items.")})
        if quantity == 0:
            continue
        if quantity > line.fulfillable_quantity:
            raise ValidationError(
                {
                    "lines": _("Only %(left)d of “%(title)s” left to fulfil; %(asked)d asked.")
                    % {"left": line.fulfillable_quantity, "title": line.title, "asked": quantity}
                }
            )
        wanted[line] = quantity
    if not wanted:
        raise ValidationError({"lines": _("Choose at least one item to fulfil.")})
    return wanted


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _texts(**values: str) -> dict[str, str]:
    cleaned = {}
    for name, value in values.items():
        value = " ".join(str(value or "").split())
        if len(value) > TEXT_LIMITS[name]:
            raise ValidationError(
                {name: _("At most %(max)d characters.") % {"max": TEXT_LIMITS[name]}}
            )
        cleaned[name] = value
    if cleaned["tracking_url"]:
        try:
            URLValidator(schemes=["http", "https"])(cleaned["tracking_url"])
        except ValidationError:
            raise ValidationError({"tracking_url": _("Enter a web address (https://…).")}) from None
    return cleaned


def _queue_shipping_email(order: Order, fulfilment: Fulfilment) -> None:
    # Here, not at the top: orders.tasks imports orders.services.timeline, whose package
    # (orders.services) imports this module: a real cycle when orders.tasks loads first.
    from orders.tasks import order_email_send

    on_commit_in_schema(
        lambda: order_email_send.delay(
            order_id=order.pk, kind="shipping", fulfilment_id=fulfilment.pk
        )
    )

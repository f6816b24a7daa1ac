"""The merchant's notes on an order: timeline entries, never edited or deleted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from orders.models import Order, OrderEvent
from orders.services.locked_order import order_locked
from orders.services.timeline import event_record

NOTE_MAX_LENGTH = 5000


def order_add_note(*, order: Order, text: str, actor: str) -> OrderEvent:
    text = str(text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a note first.")})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError({"text": _("At most %(max)d characters.") % {"max": NOTE_MAX_LENGTH}})
    with transaction.atomic():
        order = order_locked(order)
        return event_record(order, kind=OrderEvent.Kind.NOTE, message=text, actor=actor)

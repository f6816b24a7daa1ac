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


TAG_MAX_LENGTH = 40
MAX_TAGS = 20


def order_set_tags(*, order: Order, tags: list[str] | str, actor: str) -> Order:
    """Replace the order's tags (a list, or the comma-separated text of the form).

    Tags are kept lower case, without repeats, in the order given; the change is a
    timeline entry.
    """
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned: list[str] = []
    for tag in tags:
        tag = " ".join(str(tag).split()).lower()
        if not tag or tag in cleaned:
            continue
        if len(tag) > TAG_MAX_LENGTH:
            raise ValidationError(
                {"tags": _("A tag has at most %(max)d characters.") % {"max": TAG_MAX_LENGTH}}
            )
        cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError({"tags": _("At most %(max)d tags.") % {"max": MAX_TAGS}})
    with transaction.atomic():
        order = order_locked(order)
        if order.tags == cleaned:
            return order
        order.tags = cleaned
        order.save(update_fields=["tags", "updated_at"])
        event_record(
            order,
            kind=OrderEvent.Kind.NOTE,
            message=_("Tags: %(tags)s.") % {"tags": ", ".join(cleaned) or _("none")},
            actor=actor,
            data={"tags": cleaned},
        )
    return order

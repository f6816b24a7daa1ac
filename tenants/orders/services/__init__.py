"""Writes on orders, one module per topic; import them from here.

Every function takes keyword arguments, runs in one transaction, locks the order,
checks the move is allowed (``ValidationError`` with a message for the merchant if
not), writes a timeline entry and sends its emails only after commit.
"""

from orders.services.cancelling import order_cancel
from orders.services.disputes import order_dispute_record
from orders.services.drafts import (
    draft_order_complete,
    draft_order_delete,
    draft_order_save,
    draft_order_send_invoice,
)
from orders.services.fulfilment import order_fulfil
from orders.services.notes import order_add_note, order_set_tags
from orders.services.payments import order_mark_paid, order_void
from orders.services.placing import order_place
from orders.services.refunds import order_refund

__all__ = [
    "draft_order_complete",
    "draft_order_delete",
    "draft_order_save",
    "draft_order_send_invoice",
    "order_add_note",
    "order_cancel",
    "order_dispute_record",
    "order_fulfil",
    "order_mark_paid",
    "order_place",
    "order_refund",
    "order_set_tags",
    "order_void",
]

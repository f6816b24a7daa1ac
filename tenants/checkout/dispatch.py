"""The one way a lower layer reaches a higher one: literal tables, read by name.

Lower layers never import higher ones (``docs/architecture.md``, "Seams"). Two calls
have to go the other way, and both come through this module, which sits above
everything it names; ``.importlinter`` lists it as the only module a lower layer may
import from above:

- ``STRIPE_EVENT_HANDLERS``: what a Stripe Connect event does inside a shop, by type.
  The Connect webhook (``connect.events``, a platform app) stores and routes an
  event, then calls ``STRIPE_EVENT_HANDLERS[type](event=...)`` in the shop's schema.
  A type missing here is stored as ignored.
- ``order_refund``: the order admin's refund (``orders.views``; ``orders`` sits below
  ``payments``) records the refund and gives the money back through the order's
  payment provider.

Following an event or a refund to its handler means reading this file, then the one
it names.
"""

from __future__ import annotations

from collections.abc import Callable

from checkout import stripe_events as checkout_events
from payments import refunds
from payments import stripe_events as payment_events

STRIPE_EVENT_HANDLERS: dict[str, Callable[..., None]] = {
    # The checkout's PaymentIntent: order placed, hold released, or only noted.
    "payment_intent.succeeded": checkout_events.payment_intent_changed,
    "payment_intent.payment_failed": checkout_events.payment_intent_changed,
    "payment_intent.canceled": checkout_events.payment_intent_changed,
    "payment_intent.processing": checkout_events.payment_intent_changed,
    "payment_intent.requires_action": checkout_events.payment_intent_changed,
    # Refunds, also those made in Stripe's dashboard.
    "charge.refunded": payment_events.charge_refunded,
    "refund.created": payment_events.refund_changed,
    "refund.updated": payment_events.refund_changed,
    "charge.refund.updated": payment_events.refund_changed,
    # Disputes: a timeline entry and an email to the merchant.
    "charge.dispute.created": payment_events.dispute_changed,
    "charge.dispute.updated": payment_events.dispute_changed,
    "charge.dispute.closed": payment_events.dispute_changed,
}

order_refund = refunds.order_refund_through_provider

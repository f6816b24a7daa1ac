"""What a Stripe Connect event does to a shop's payments: refunds and disputes.

The Connect webhook (``platform/connect``) verifies an event, stores it once by id,
finds the shop by the event's ``account`` and, in a task running in that shop's
schema, calls the handler ``checkout.dispatch.STRIPE_EVENT_HANDLERS`` lists for its
type inside a transaction. Types missing there are recorded as ignored.

Every handler is idempotent, because Stripe delivers at least once and the console
can replay: refunds are de-duplicated by Stripe's refund id (``PaymentRefund``),
disputes by event id (the order's timeline), and a PaymentIntent's outcome settles
its attempt once under the checkout's lock. Every lookup is by a Stripe id *in the
current schema*, so an event of another shop's PaymentIntent finds nothing here.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from kernel.stripe_client import from_minor, plain
from orders.services import order_dispute_record
from payments import providers
from payments.models import Payment
from payments.refunds import payment_refund_reported

logger = logging.getLogger(__name__)


def charge_refunded(*, event: dict) -> None:
    """Every refund of the charge, recorded once each (dashboard refunds included).

    Recent API versions no longer embed ``refunds`` in the charge; then they are
    listed from Stripe (on the shop's account).
    """
    charge = event["data"]["object"]
    intent = charge.get("payment_intent") or ""
    if not intent or not Payment.objects.filter(reference=intent).exists():
        return
    refunds = (charge.get("refunds") or {}).get("data")
    if refunds is None:
        provider = providers.provider_named("stripe")
        refunds = [plain(r) for r in provider.refunds_of(reference=intent)]
    for refund in refunds:
        refund = dict(refund)
        refund.setdefault("payment_intent", intent)
        payment_refund_reported(refund=refund, event_id=event.get("id", ""))


def refund_changed(*, event: dict) -> None:
    payment_refund_reported(refund=event["data"]["object"], event_id=event.get("id", ""))


def dispute_changed(*, event: dict) -> None:
    """A timeline entry on the disputed order and an email to the merchant, once per event."""
    dispute = event["data"]["object"]
    intent = dispute.get("payment_intent") or ""
    payment = Payment.objects.select_related("order").filter(reference=intent).first()
    if payment is None or not intent:
        logger.info("Dispute %s: no payment of this shop is %s", dispute.get("id"), intent)
        return
    currency = str(dispute.get("currency") or payment.currency).upper()
    order_dispute_record(
        order=payment.order,
        event_id=event["id"],
        dispute_id=dispute.get("id", ""),
        stage=event["type"].rsplit(".", 1)[-1],
        status=dispute.get("status") or "",
        reason=dispute.get("reason") or "",
        amount=from_minor(dispute.get("amount"), currency) if dispute.get("amount") else Decimal(0),
        actor="stripe",
    )

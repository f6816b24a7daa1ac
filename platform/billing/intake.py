"""Accepting a verified Stripe Billing event: checked, stored once, its application queued.

Apart from ``billing.events`` because the task it queues (``billing.tasks``) runs
``billing.events.event_apply``.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from billing.events import HANDLED_TYPES
from billing.models import StripeEvent, Subscription
from billing.tasks import stripe_event_apply
from kernel import stripe_client

logger = logging.getLogger(__name__)


def event_receive(*, event: dict) -> StripeEvent | None:
    """Store a verified event once; None when it is ignored (logged) or a repeat."""
    if bool(event.get("livemode")) != stripe_client.key_livemode():
        logger.warning(
            "billing: ignored Stripe event %s: livemode=%s, expected %s",
            event.get("id"),
            event.get("livemode"),
            stripe_client.key_livemode(),
        )
        return None
    if event.get("type") not in HANDLED_TYPES:
        logger.info(
            "billing: ignored Stripe event %s of type %s", event.get("id"), event.get("type")
        )
        return None
    obj = event["data"]["object"]
    customer = obj.get("customer") if obj.get("object") != "customer" else obj.get("id")
    sub = Subscription.objects.filter(stripe_customer_id=customer).only("shop_id").first()
    try:
        with transaction.atomic():
            stored = StripeEvent.objects.create(
                event_id=event["id"],
                type=event["type"],
                livemode=bool(event.get("livemode")),
                created=stripe_client.timestamp(event.get("created")) or timezone.now(),
                payload=event,
                shop_id=sub.shop_id if sub else None,
            )
            transaction.on_commit(lambda: stripe_event_apply.delay(stored.pk))
    except IntegrityError:
        return None  # delivered before: the first delivery applies it
    return stored

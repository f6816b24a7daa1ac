"""Stripe webhook events: accept once, apply idempotently.

``event_receive`` runs in the webhook request: it keeps the events we handle, once
per event id (the unique constraint decides between racing deliveries), and queues
``stripe_event_apply`` after commit. The task re-reads the subscription or invoice
from Stripe and hands it to the sync services, so a late or duplicated event can
never move a shop back to an older state.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from billing import services
from billing import stripe_gateway as gateway
from billing.models import StripeEvent, Subscription
from kernel import stripe_client
from kernel.schemas import public_schema

logger = logging.getLogger(__name__)

HANDLED_TYPES = frozenset(
    {
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "customer.subscription.paused",
        "customer.subscription.resumed",
        "customer.subscription.trial_will_end",
        "invoice.paid",
        "invoice.payment_succeeded",
        "invoice.payment_failed",
        "invoice.finalized",
        "checkout.session.completed",
    }
)


def event_receive(*, event: dict) -> StripeEvent | None:
    """Store a verified event once; None when it is ignored (logged) or a repeat."""
    from billing.tasks import stripe_event_apply

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


@public_schema()
def event_apply(*, event_pk: int) -> bool:
    """Apply a stored event once; True if this call applied it."""
    with transaction.atomic():
        stored = StripeEvent.objects.select_for_update().get(pk=event_pk)
        if stored.processed_at is not None:
            return False
        _dispatch(stored)
        stored.processed_at = timezone.now()
        stored.save(update_fields=["processed_at"])
    return True


def _dispatch(stored: StripeEvent) -> None:
    obj = stored.payload["data"]["object"]
    kind = stored.type
    if kind.startswith("customer.subscription."):
        services.subscription_sync(remote=gateway.subscription_retrieve(obj["id"]))
    elif kind.startswith("invoice."):
        invoice = gateway.invoice_retrieve(obj["id"])
        services.invoice_sync(remote=invoice)
        subscription_id = _invoice_subscription(invoice)
        if subscription_id:
            sub = services.subscription_sync(remote=gateway.subscription_retrieve(subscription_id))
        else:
            sub = Subscription.objects.filter(stripe_customer_id=invoice["customer"]).first()
        if kind == "invoice.payment_failed" and sub is not None and invoice.get("status") == "open":
            from billing.dunning import payment_failed_notify

            payment_failed_notify(subscription=sub, invoice=invoice)
    elif kind == "checkout.session.completed":
        services.checkout_completed(session=obj)


def _invoice_subscription(invoice: dict) -> str | None:
    """The invoice's subscription id: ``parent.subscription_details`` since API
    version 2025-03-31, the top-level ``subscription`` before."""
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    subscription = details.get("subscription") or invoice.get("subscription")
    if isinstance(subscription, dict):
        return subscription.get("id")
    return subscription

"""Stripe webhook events: accept once, apply idempotently.

``event_receive`` runs in the webhook request: it keeps the events we handle, once
per event id (the unique constraint decides between racing deliveries), and queues
``stripe_event_apply`` after commit. The task re-reads the subscription or invoice
from Stripe and hands it to the sync services, so a late or duplicated event can
never move a shop back to an older state.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from billing import services
from billing import stripe_gateway as gateway
from billing.dunning import payment_failed_notify
from billing.models import StripeEvent, Subscription
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

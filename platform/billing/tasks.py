"""Billing's background work (public schema)."""

from __future__ import annotations

from celery import shared_task

from billing import dunning
from billing.events import event_apply
from billing.services import subscription_open_in_stripe


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    max_retries=5,
    retry_backoff=True,
)
def stripe_subscription_open(subscription_id: int) -> None:
    """Create a new shop's Stripe customer and trialing subscription."""
    subscription_open_in_stripe(subscription_id=subscription_id)


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    max_retries=8,
    retry_backoff=True,
)
def stripe_event_apply(event_pk: int) -> bool:
    """Apply one stored Stripe event (idempotent: a second run does nothing)."""
    return event_apply(event_pk=event_pk)


@shared_task(acks_late=True, ignore_result=True)
def billing_hourly() -> dict:
    """Trial reminders, grace-period suspensions, ended subscriptions, retention."""
    return {
        "reminders": dunning.trial_reminders_send(),
        "suspended": dunning.past_due_suspend(),
        "closed": dunning.ended_subscriptions_close(),
        "deleted": dunning.retention_expired_delete(),
    }

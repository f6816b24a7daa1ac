"""Checkout's background work: settling payment attempts, abandoned-checkout e-mails.

Settling payment attempts nobody settled: the reconciliation promised by ``PaymentAttempt``.

An attempt stays ``pending`` when the process died while asking the provider,
``requires_action`` when the shopper left during 3-D Secure and no webhook came, and
``approved`` when the order could not be written nor the charge voided in the same
breath. Every ``PAYMENT_RECONCILE_AFTER_MINUTES`` old one is looked up at the
provider and settled like a webhook would (``checkout.services.reconciling``): the
order placed, the money given back, or the attempt marked failed and its hold released.
Beat sends the fan-out from the public schema; each shop's task runs in its schema.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_tenant_model, tenant_context

from checkout.emails import recovery_message
from checkout.services.reconciling import payment_attempts_reconcile as reconcile
from checkout.services.recovery import recovery_email_still_due, recovery_emails_mark
from kernel.schemas import on_commit_in_schema

logger = logging.getLogger(__name__)


@shared_task
def payment_attempts_reconcile(*, older_than_minutes: int | None = None) -> dict:
    """Settle this shop's stale attempts; counts by what became of them."""

    minutes = older_than_minutes
    if minutes is None:
        minutes = settings.PAYMENT_RECONCILE_AFTER_MINUTES
    return reconcile(older_than=timezone.now() - timedelta(minutes=minutes))


@shared_task
def payment_attempts_reconcile_all_shops() -> int:
    shops = get_tenant_model().objects.serving().order_by("pk")
    queued = 0
    for shop in shops.iterator():
        with tenant_context(shop):
            payment_attempts_reconcile.delay()
        queued += 1
    return queued


@shared_task
def checkout_recovery_emails_queue(*, now: str | None = None) -> int:
    """Queue this shop's due abandoned-checkout e-mails (``checkout.services.recovery``):
    marked and queued in one transaction, sent after it commits."""
    at = datetime.fromisoformat(now) if now else None
    with transaction.atomic():
        ids = recovery_emails_mark(now=at)
        for checkout_id in ids:
            on_commit_in_schema(
                lambda checkout_id=checkout_id: checkout_recovery_email_send.delay(
                    checkout_id=checkout_id
                )
            )
    return len(ids)


@shared_task
def checkout_recovery_emails_all_shops() -> int:
    """Beat's fan-out: one scan per serving shop, each in its own schema."""
    shops = get_tenant_model().objects.serving().order_by("pk")
    queued = 0
    for shop in shops.iterator():
        with tenant_context(shop):
            checkout_recovery_emails_queue.delay()
        queued += 1
    return queued


@shared_task
def checkout_recovery_email_send(*, checkout_id: int) -> bool:
    """Send one recovery e-mail; False when it is no longer due (paid since)."""
    session = recovery_email_still_due(checkout_id)
    if session is None:
        return False
    message = recovery_message(session)
    if message is None:
        return False
    message.send()
    return True

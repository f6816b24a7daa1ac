"""Reconciliation: attempts nobody settled are settled with what the provider says now.

See ``checkout.tasks``. Each attempt goes through ``checkout_payment_confirmed``, the
same path as the webhook and the return page, so a reconciliation racing either of
them is one more caller that finds the attempt settled and changes nothing.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime

from django.utils.translation import gettext as _

from checkout.services.confirming import checkout_payment_confirmed
from payments.models import PaymentAttempt
from payments.providers import StripeOfCurrentShop, TestGateway
from payments.services import FREE_PROVIDER
from payments.types import PaymentOutcome, Status

logger = logging.getLogger(__name__)
STALE = (
    PaymentAttempt.Status.PENDING,
    PaymentAttempt.Status.REQUIRES_ACTION,
    PaymentAttempt.Status.APPROVED,
)


def payment_attempts_reconcile(*, older_than: datetime, provider=None) -> dict:
    """Settle every attempt stale since ``older_than``; how many ended in which state."""
    provider = provider or StripeOfCurrentShop()
    counts: Counter = Counter()
    stale = PaymentAttempt.objects.filter(status__in=STALE, updated_at__lt=older_than)
    for attempt in stale.order_by("pk").iterator():
        try:
            outcome = _outcome_now(attempt, provider)
        except Exception:
            logger.exception("Reconciling payment attempt %s: no answer", attempt.pk)
            counts["unanswered"] += 1
            continue
        if outcome is None:
            counts["unknown"] += 1
            continue
        checkout_payment_confirmed(
            outcome=outcome, provider=provider, payment_key=attempt.idempotency_key
        )
        attempt.refresh_from_db()
        counts[attempt.status] += 1
    return dict(counts)


def _outcome_now(attempt: PaymentAttempt, provider) -> PaymentOutcome | None:
    abandoned = _(
        "The payment was not confirmed in time, so it was cancelled; you were not charged."
    )
    if attempt.provider == FREE_PROVIDER:
        return PaymentOutcome(
            Status.APPROVED, attempt.reference or f"free_{attempt.idempotency_key}"
        )
    if attempt.provider == TestGateway.name:
        if attempt.status == PaymentAttempt.Status.APPROVED:
            return PaymentOutcome(Status.APPROVED, attempt.reference)
        # The test gateway takes no real money: an unanswered test charge failed.
        return PaymentOutcome(Status.ERROR, attempt.reference, abandoned)
    if not attempt.reference:
        # Asked, and the process died before writing the PaymentIntent's id down: only
        # its webhook (which carries our key in metadata) can tell. Left for it, logged.
        logger.warning("Payment attempt %s has no PaymentIntent id to look up", attempt.pk)
        return None
    outcome = provider.retrieve(reference=attempt.reference)
    if outcome.waiting and outcome.status == Status.REQUIRES_ACTION:
        provider.void(
            reference=attempt.reference, idempotency_key=f"{attempt.idempotency_key}:void"
        )
        outcome = provider.retrieve(reference=attempt.reference)
        if outcome.status == Status.DECLINED:
            outcome = PaymentOutcome(Status.DECLINED, outcome.reference, abandoned)
    return outcome

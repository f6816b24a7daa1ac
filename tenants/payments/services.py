"""Writes of payments: charge through the shop's provider, record what was taken.

The attempt functions each run in their own transaction and are meant to be called
*outside* any other: ``checkout_place_order`` commits an attempt before it calls the
provider and after each answer, so what happened to the money is on record whatever
happens to the order afterwards.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import IntegrityError, transaction

from payments.models import Payment, PaymentAttempt
from payments.providers import PaymentOutcome, PaymentProvider, Status

logger = logging.getLogger(__name__)

FREE_PROVIDER = "none"


def payment_charge(
    *,
    provider: PaymentProvider,
    amount: Decimal,
    currency: str,
    card: dict,
    idempotency_key: str,
) -> PaymentOutcome:
    """Ask the provider for the money; nothing is charged for a zero total.

    A fully discounted order with free shipping owes nothing, and real providers refuse
    zero charges, so it is approved here without a call.
    """
    if amount <= 0:
        return PaymentOutcome(Status.APPROVED, f"free_{idempotency_key}")
    return provider.charge(
        amount=amount, currency=currency, card=card, idempotency_key=idempotency_key
    )


def payment_record(
    *,
    order_id: int,
    outcome: PaymentOutcome,
    provider_name: str,
    amount: Decimal,
    currency: str,
    idempotency_key: str,
) -> Payment:
    """The payment row of an approved charge, written once per order.

    Recording again with the same key returns the first row (a retried submit that
    reached this point twice), so callers need not check first.
    """
    if not outcome.approved:
        raise ValueError("Only approved charges are recorded as payments.")
    existing = Payment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Payment.objects.create(
                order_id=order_id,
                provider=provider_name if amount > 0 else FREE_PROVIDER,
                amount=amount,
                currency=currency,
                reference=outcome.reference,
                idempotency_key=idempotency_key,
                card_last4=outcome.card_last4,
                card_brand=outcome.card_brand,
            )
    except IntegrityError:
        existing = Payment.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing


def payment_attempt_start(
    *,
    provider_name: str,
    amount: Decimal,
    currency: str,
    idempotency_key: str,
    checkout_token: str,
) -> PaymentAttempt:
    """The attempt for this key, (back) to ``pending`` with the amount about to be charged.

    A key is retried after a provider error (the same charge, asked again), so an
    existing row is reused; a key whose money was taken or given back is spent, and
    asking to start it again is a bug in the caller.
    """
    with transaction.atomic():
        attempt, created = PaymentAttempt.objects.select_for_update().get_or_create(
            idempotency_key=idempotency_key,
            defaults={
                "provider": provider_name if amount > 0 else FREE_PROVIDER,
                "amount": amount,
                "currency": currency,
                "checkout_token": checkout_token,
            },
        )
        if created:
            return attempt
        spent = (
            PaymentAttempt.Status.COMPLETED,
            PaymentAttempt.Status.VOIDED,
            PaymentAttempt.Status.VOID_FAILED,
        )
        if attempt.status in spent:
            raise ValueError(f"Payment key {idempotency_key} is spent ({attempt.status}).")
        attempt.status = PaymentAttempt.Status.PENDING
        attempt.amount = amount
        attempt.currency = currency
        attempt.provider = provider_name if amount > 0 else FREE_PROVIDER
        attempt.save(update_fields=["status", "amount", "currency", "provider", "updated_at"])
    return attempt


def payment_attempt_settle(*, attempt: PaymentAttempt, outcome: PaymentOutcome) -> PaymentAttempt:
    """Record the provider's answer: approved, declined or failed."""
    status = {
        Status.APPROVED: PaymentAttempt.Status.APPROVED,
        Status.DECLINED: PaymentAttempt.Status.DECLINED,
        Status.REQUIRES_ACTION: PaymentAttempt.Status.REQUIRES_ACTION,
        Status.PROCESSING: PaymentAttempt.Status.PENDING,
    }.get(outcome.status, PaymentAttempt.Status.FAILED)
    return _attempt_update(
        attempt,
        status=status,
        # A refusal that names no charge keeps the one already known (a PaymentIntent
        # waiting for 3-D Secure), so its webhook still finds this attempt.
        reference=outcome.reference or attempt.reference,
        card_last4=outcome.card_last4 or attempt.card_last4,
        message=outcome.message,
    )


def payment_attempt_fail(*, attempt: PaymentAttempt, message: str) -> PaymentAttempt:
    """Nothing was sent (the card was refused before the call)."""
    return _attempt_update(attempt, status=PaymentAttempt.Status.FAILED, message=message)


def payment_attempt_complete(*, attempt: PaymentAttempt) -> PaymentAttempt:
    """The order of this charge is written; call inside the order's transaction."""
    return _attempt_update(attempt, status=PaymentAttempt.Status.COMPLETED)


def payment_attempt_void(
    *, provider: PaymentProvider, attempt: PaymentAttempt, reason: str
) -> PaymentAttempt:
    """Give back an approved charge whose order could not be written (compensation).

    The provider is asked first and the answer recorded after, in a transaction of its
    own. A void that is refused or raises is recorded as ``void_failed`` and logged as
    an error: the shopper was charged for an order that does not exist, and a person
    must refund it. Nothing to give back for a free order (no provider call was made).
    """
    if attempt.provider == FREE_PROVIDER:
        return _attempt_update(attempt, status=PaymentAttempt.Status.VOIDED, message=reason)
    try:
        outcome = provider.void(
            reference=attempt.reference, idempotency_key=f"{attempt.idempotency_key}:void"
        )
    except Exception:
        logger.exception("Voiding payment %s failed", attempt.reference)
        outcome = PaymentOutcome(Status.ERROR, "")
    if outcome.approved:
        return _attempt_update(
            attempt,
            status=PaymentAttempt.Status.VOIDED,
            void_reference=outcome.reference,
            message=reason,
        )
    logger.error(
        "Payment %s (%s %s) was taken for an order that was not written and could not be "
        "voided; refund it by hand.",
        attempt.reference,
        attempt.amount,
        attempt.currency,
    )
    return _attempt_update(attempt, status=PaymentAttempt.Status.VOID_FAILED, message=reason)


def payment_attempt_mismatch(
    *, provider: PaymentProvider, attempt: PaymentAttempt, outcome: PaymentOutcome
) -> PaymentAttempt:
    """Refund a charge whose amount or currency is not the attempt's, and flag it.

    Logged as an error (someone changed a PaymentIntent, or we have a bug): the
    merchant sees the attempt ``mismatched`` with what was taken and given back, or
    ``void_failed`` when the refund itself failed.
    """
    taken = f"{outcome.amount} {outcome.currency}"
    logger.error(
        "Payment %s took %s for an attempt of %s %s; refunding it.",
        outcome.reference or attempt.reference,
        taken,
        attempt.amount,
        attempt.currency,
    )
    reason = (
        f"Amount taken ({taken}) did not match the checkout ({attempt.amount} {attempt.currency})."
    )
    if outcome.reference and not attempt.reference:
        attempt = _attempt_update(attempt, reference=outcome.reference)
    attempt = payment_attempt_void(provider=provider, attempt=attempt, reason=reason)
    if attempt.status == PaymentAttempt.Status.VOIDED:
        attempt = _attempt_update(attempt, status=PaymentAttempt.Status.MISMATCHED)
    return attempt


def _attempt_update(attempt: PaymentAttempt, **fields) -> PaymentAttempt:
    with transaction.atomic():
        for name, value in fields.items():
            setattr(attempt, name, value)
        attempt.save(update_fields=[*fields, "updated_at"])
    return attempt

"""Writes of payments: charge through the shop's provider, record what was taken."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction

from payments.models import Payment
from payments.providers import PaymentOutcome, PaymentProvider, Status

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
            )
    except IntegrityError:
        existing = Payment.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing

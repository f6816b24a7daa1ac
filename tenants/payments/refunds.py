"""Refunds through the provider: asked from the order admin, or reported by Stripe.

Two ways in, one record: ``PaymentRefund`` (unique provider refund id) next to the
order's own ``Refund``.

- The merchant refunds in the order admin (through ``checkout.dispatch``):
  ``order_refund_through_provider`` runs ``orders.order_refund``, which locks the
  order, checks what is left (refusing more with a message) and records the refund;
  then, in the same transaction, ``payment_refund_pay_back`` asks the provider
  (idempotency key derived from the order's state, so a retry after a crash gets the
  same refund back) and writes the ``PaymentRefund``. A refusal raises
  ``ValidationError`` and rolls the whole transaction back: nothing recorded.
- Stripe reports a refund (``charge.refunded``, ``refund.created``/``updated``; also
  refunds made in the Stripe dashboard): ``payment_refund_reported`` locks the order,
  finds the refund id or records it once (order ``Refund`` + ``PaymentRefund``).

Both lock the order first and the payment second, so they never deadlock, and the
second to arrive finds the first's row.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kernel.money import money_format
from kernel.stripe_client import from_minor
from orders.models import Order, OrderEvent, Refund
from orders.services import order_refund
from orders.services.locked_order import order_locked
from orders.services.timeline import event_record
from payments import providers
from payments.models import Payment, PaymentRefund
from payments.services import FREE_PROVIDER

logger = logging.getLogger(__name__)
ACTOR = "stripe"


def order_refund_through_provider(**kwargs) -> Refund:
    """``orders.order_refund`` with the money given back through the order's provider.

    One transaction: the refund is recorded (the order locked, every check passed),
    then the provider is asked; if it refuses or does not answer, nothing stays.
    """
    with transaction.atomic():
        refund = order_refund(**kwargs)
        payment_refund_pay_back(refund)
    return refund


def payment_refund_pay_back(refund: Refund) -> None:
    """Give ``refund.amount`` back through the provider that took the order's payment.

    ``refund.order`` is the locked order ``order_refund`` updated: its
    ``refunded_total`` already counts this refund.
    """
    order = refund.order
    payment = Payment.objects.select_for_update().filter(order=order).first()
    if payment is None or payment.provider == FREE_PROVIDER:
        return  # marked paid by hand, or nothing was charged: record only
    provider = _provider_of(payment)
    refunded_before = order.refunded_total - refund.amount
    key = f"{payment.idempotency_key}:refund:{refunded_before}:{refund.amount}"
    try:
        outcome = provider.refund(
            reference=payment.reference,
            amount=refund.amount,
            currency=payment.currency,
            idempotency_key=key,
        )
    except Exception:
        logger.exception("Refunding payment %s: no answer from the provider", payment.reference)
        raise ValidationError(
            _(
                "The payment provider did not answer, so the refund was not recorded. "
                "Try again: a retry will not refund twice."
            )
        ) from None
    if not outcome.approved:
        raise ValidationError(outcome.message or _("The payment provider refused the refund."))
    if PaymentRefund.objects.filter(provider_refund_id=outcome.reference).exists():
        raise ValidationError(
            _("This refund was already recorded from %(provider)s; reload the order.")
            % {"provider": payment.provider}
        )
    PaymentRefund.objects.create(
        payment=payment,
        provider_refund_id=outcome.reference,
        amount=refund.amount,
        currency=payment.currency,
        order_refund=refund,
    )
    _mark_refunded(payment, order.refunded_total)


def _provider_of(payment: Payment):
    try:
        provider = providers.provider_named(payment.provider)
    except providers.PaymentsUnavailable:
        provider = None
    if provider is None:
        raise ValidationError(
            _(
                "This order was paid through %(provider)s, which this shop cannot reach "
                "now; refund it there, then record it here."
            )
            % {"provider": payment.provider}
        )
    return provider


def _mark_refunded(payment: Payment, refunded: Decimal) -> None:
    if refunded >= payment.amount and payment.status != Payment.Status.REFUNDED:
        payment.status = Payment.Status.REFUNDED
        payment.save(update_fields=["status"])


def payment_refund_reported(*, refund: dict, event_id: str = "") -> PaymentRefund | None:
    """Apply a Stripe Refund object (from a webhook) to its order, once per refund id.

    None when no payment of this shop has the refund's PaymentIntent (another shop's,
    or not ours). A refund Stripe reports as failed or cancelled after we recorded it
    is flagged on the order's timeline for the merchant (the money did not go back).
    """
    intent = refund.get("payment_intent") or ""
    payment = Payment.objects.filter(reference=intent).first() if intent else None
    if payment is None:
        return None
    refund_id = refund["id"]
    status = refund.get("status") or PaymentRefund.Status.SUCCEEDED
    if status == "requires_action":
        status = PaymentRefund.Status.PENDING
    currency = str(refund.get("currency") or payment.currency).upper()
    amount = from_minor(refund.get("amount"), currency)
    with transaction.atomic():
        order = order_locked(payment.order_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        existing = PaymentRefund.objects.filter(provider_refund_id=refund_id).first()
        if existing is not None:
            if existing.status != status:
                _status_changed(order, existing, status)
            return existing
        row = PaymentRefund(
            payment=payment,
            provider_refund_id=refund_id,
            amount=amount,
            currency=currency,
            status=status,
        )
        if status in (PaymentRefund.Status.SUCCEEDED, PaymentRefund.Status.PENDING):
            if currency != payment.currency.upper():
                logger.error(
                    "Refund %s is in %s, its payment in %s", refund_id, currency, payment.currency
                )
                _flag(
                    order,
                    _("Stripe refunded %(amount)s in another currency; check it in Stripe.")
                    % {"amount": money_format(amount, currency)},
                    refund_id,
                )
            else:
                try:
                    with transaction.atomic():
                        row.order_refund = order_refund(
                            order=order,
                            amount=amount,
                            reason=_("Refunded in Stripe."),
                            actor=ACTOR,
                        )
                except ValidationError as exc:
                    logger.error(
                        "Refund %s cannot be recorded on order %s: %s", refund_id, order, exc
                    )
                    _flag(
                        order,
                        _("Stripe refunded %(amount)s, which this order cannot record: %(why)s")
                        % {"amount": money_format(amount, currency), "why": " ".join(exc.messages)},
                        refund_id,
                    )
                else:
                    order.refresh_from_db()
                    _mark_refunded(payment, order.refunded_total)
        row.save()
        return row


def _status_changed(order: Order, row: PaymentRefund, status: str) -> None:
    old = row.status
    row.status = status
    row.save(update_fields=["status", "updated_at"])
    if status in (PaymentRefund.Status.FAILED, PaymentRefund.Status.CANCELED) and old in (
        PaymentRefund.Status.SUCCEEDED,
        PaymentRefund.Status.PENDING,
    ):
        logger.error("Refund %s of order %s is now %s", row.provider_refund_id, order, status)
        _flag(
            order,
            _("Stripe says the refund of %(amount)s %(status)s: the money did not go back.")
            % {"amount": money_format(row.amount, row.currency), "status": status},
            row.provider_refund_id,
        )


def _flag(order: Order, message: str, refund_id: str) -> None:
    event_record(
        order,
        kind=OrderEvent.Kind.PAYMENT,
        message=message,
        actor=ACTOR,
        data={"refund_id": refund_id},
    )

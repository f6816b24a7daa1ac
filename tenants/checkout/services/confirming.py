"""Settling a payment the provider confirms after the submit: 3-D Secure, webhooks, reconciliation.

With Stripe the answer to "was the shopper charged?" can arrive three ways: the
synchronous confirm of the submit, the shopper's return from their bank (the return
URL, where we retrieve the PaymentIntent), and the ``payment_intent.*`` webhooks; the
reconciliation task asks Stripe about attempts nobody settled. Whichever comes first
places the order, and every other one then changes nothing. That holds because they
all go through the same per-checkout advisory lock as ``checkout_place_order`` and
re-read the attempt under it: a ``completed`` (or voided, mismatched) attempt is
settled, full stop. Behind the lock stand the database's own guards (one order per
checkout token, one payment per order and per idempotency key).

The webhook places the order without the shopper: everything needed is on the
checkout session (cart, address, shipping method, email). Amounts are priced again;
an order is written only when the money taken equals the checkout's total in its
currency, otherwise the money is refunded and the attempt flagged ``mismatched``.

A refusal (declined after 3-D Secure, cancelled, abandoned) releases the stock the
checkout held and spends the payment key, so the shopper's next try is a new charge;
the cart is never touched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils.translation import gettext as _

from cart.selectors import cart_items
from checkout.exceptions import CheckoutError
from checkout.models import CheckoutSession
from checkout.services.placing import (
    PlaceResult,
    _complete,
    _placing_lock,
    _Prepared,
    _spend_key,
    amount_mismatch,
    confirming_message,
    refuse_mismatch,
    stock_hold,
    stock_lines,
)
from checkout.services.steps import checkout_pricing
from inventory.exceptions import OutOfStock
from inventory.services import reservation_release
from orders.models import Order
from payments.models import Payment, PaymentAttempt
from payments.providers import PaymentOutcome, PaymentProvider, Status
from payments.services import payment_attempt_settle, payment_attempt_void

logger = logging.getLogger(__name__)

SETTLED = (
    PaymentAttempt.Status.COMPLETED,
    PaymentAttempt.Status.VOIDED,
    PaymentAttempt.Status.VOID_FAILED,
    PaymentAttempt.Status.MISMATCHED,
)


@dataclass
class Confirmation:
    """What a confirmation did. ``result`` is the shopper-facing ``PlaceResult``."""

    UNKNOWN = "unknown"  # no attempt of this shop has this reference: nothing done
    SETTLED = "settled"  # settled before: nothing changed

    status: str
    result: PlaceResult | None = None
    attempt: PaymentAttempt | None = None


def attempt_for(*, reference: str = "", payment_key: str = "") -> PaymentAttempt | None:
    """The attempt of this PaymentIntent in the current shop, by id or by our key.

    The key (PaymentIntent metadata) finds an attempt whose process died before it
    could record the PaymentIntent's id. Either way only the current schema is
    searched, so another shop's PaymentIntent finds nothing here.
    """
    attempt = None
    if reference:
        attempt = PaymentAttempt.objects.filter(reference=reference).first()
    if attempt is None and payment_key:
        attempt = PaymentAttempt.objects.filter(idempotency_key=payment_key).first()
        found = attempt.reference if attempt is not None else ""
        if reference and found and found != reference:
            return None  # the key's attempt is another PaymentIntent
    return attempt


def checkout_payment_confirmed(
    *,
    outcome: PaymentOutcome,
    provider: PaymentProvider,
    payment_key: str = "",
) -> Confirmation:
    """Apply what the provider says about a PaymentIntent to its checkout; idempotent.

    Call it outside a transaction where possible (the return view, the task); inside
    one (the webhook handler's), each step is a savepoint and the lock still serialises.
    """
    attempt = attempt_for(reference=outcome.reference, payment_key=payment_key)
    if attempt is None:
        return Confirmation(Confirmation.UNKNOWN)
    session = CheckoutSession.objects.filter(token=attempt.checkout_token).first()
    if session is None:
        logger.error("Payment %s: its checkout %s is gone.", attempt.pk, attempt.checkout_token)
        return Confirmation(Confirmation.UNKNOWN, attempt=attempt)
    with _placing_lock(session):
        attempt.refresh_from_db()
        session.refresh_from_db()
        if attempt.status in SETTLED:
            return Confirmation(
                Confirmation.SETTLED, result=_settled_result(session), attempt=attempt
            )
        if outcome.approved:
            result = _approved(session, attempt, outcome, provider)
        elif outcome.waiting:
            payment_attempt_settle(attempt=attempt, outcome=outcome)
            result = PlaceResult(PlaceResult.PROCESSING, message=confirming_message())
            if outcome.status == Status.REQUIRES_ACTION:
                result = PlaceResult(
                    PlaceResult.ACTION, redirect_url=outcome.redirect_url, message=outcome.message
                )
        else:
            result = _refused(session, attempt, outcome)
        attempt.refresh_from_db()
        return Confirmation(result.status, result=result, attempt=attempt)


def _settled_result(session: CheckoutSession) -> PlaceResult:
    if session.order_id:
        return PlaceResult(PlaceResult.PLACED, order=Order.objects.get(pk=session.order_id))
    return PlaceResult(PlaceResult.DECLINED, message=_("This payment is already settled."))


def _refused(session, attempt: PaymentAttempt, outcome: PaymentOutcome) -> PlaceResult:
    """Declined, failed or cancelled: release the hold, spend the key (once)."""
    already = attempt.status in (PaymentAttempt.Status.DECLINED, PaymentAttempt.Status.FAILED)
    payment_attempt_settle(attempt=attempt, outcome=outcome)
    # Only the checkout's current attempt owns its hold: an older PaymentIntent
    # failing late must not release what the shopper's new try is holding.
    current = session.is_open and attempt.idempotency_key == session.payment_key
    with transaction.atomic():
        if current:
            reservation_release(token=str(session.token))
            if not already:
                _spend_key(session)
    status = PlaceResult.DECLINED if outcome.status == Status.DECLINED else PlaceResult.ERROR
    return PlaceResult(status, message=outcome.message)


def _approved(session, attempt: PaymentAttempt, outcome, provider) -> PlaceResult:
    """Money taken: place the order from the checkout, or give the money back."""
    if not session.is_open:
        # The checkout was placed with another payment (a second card, paid twice):
        # this money belongs to no order, so it goes back.
        taken_for_order = Payment.objects.filter(idempotency_key=attempt.idempotency_key)
        if not taken_for_order.exists():
            payment_attempt_settle(attempt=attempt, outcome=outcome)
            payment_attempt_void(
                provider=provider,
                attempt=attempt,
                reason="Paid again for a checkout that already has its order.",
            )
        return _settled_result(session)
    # A webhook's PaymentIntent does not carry the card; the submit's answer did.
    outcome = replace(outcome, card_last4=outcome.card_last4 or attempt.card_last4)
    payment_attempt_settle(attempt=attempt, outcome=outcome)
    items = cart_items(session.cart) if session.cart_id else []
    try:
        review = checkout_pricing(session=session, items=items)
    except CheckoutError as exc:
        return _give_back(session, attempt, provider, exc.message)
    prepared = _Prepared(session, review.pricing, review.shipping_name, attempt)
    if amount_mismatch(attempt, outcome) or review.pricing.total != attempt.amount:
        if review.pricing.total != attempt.amount and not amount_mismatch(attempt, outcome):
            logger.warning(
                "Checkout %s: prices moved from %s to %s while the bank confirmed.",
                session.token,
                attempt.amount,
                review.pricing.total,
            )
        return refuse_mismatch(prepared, provider, outcome)
    try:
        stock_hold(str(session.token), stock_lines(review.pricing))
    except OutOfStock as exc:
        return _give_back(session, attempt, provider, exc.message)
    return _complete(prepared, outcome, provider, attempt.currency)


def _give_back(session, attempt, provider, reason: str) -> PlaceResult:
    """The order cannot be written any more (stock gone, cart emptied): refund."""
    attempt = payment_attempt_void(provider=provider, attempt=attempt, reason=reason)
    with transaction.atomic():
        reservation_release(token=str(session.token))
        _spend_key(session)
    return PlaceResult(
        PlaceResult.ERROR,
        message=_("%(reason)s Your payment was given back; you were not charged.")
        % {"reason": reason},
        step="payment",
    )


def checkout_payment_returned(
    *, token: str, reference: str, provider: PaymentProvider
) -> PlaceResult:
    """The shopper is back from their bank: what became of the payment, settled now.

    ``token`` is the checkout in the shopper's session and ``reference`` the
    PaymentIntent Stripe names in the return URL (or, when absent, the checkout's
    latest one); a PaymentIntent of another checkout is refused. Still waiting for the
    bank after the shopper came back means they gave up the check: the PaymentIntent is
    cancelled, so the next try is a new payment.
    """
    attempts = PaymentAttempt.objects.filter(checkout_token=token).exclude(reference="")
    attempt = (
        attempts.filter(reference=reference).first()
        if reference
        else attempts.order_by("-created_at", "-id").first()
    )
    if attempt is None:
        return PlaceResult(
            PlaceResult.REFUSED,
            message=_("We could not find that payment. Please pay again."),
            step="payment",
        )
    outcome = provider.retrieve(reference=attempt.reference)
    if outcome.status == Status.REQUIRES_ACTION:
        provider.void(
            reference=attempt.reference, idempotency_key=f"{attempt.idempotency_key}:void"
        )
        outcome = provider.retrieve(reference=attempt.reference)
        if outcome.status == Status.DECLINED:
            outcome = PaymentOutcome(
                Status.DECLINED,
                outcome.reference,
                _(
                    "Your bank did not confirm the payment, so you were not charged. "
                    "Try again or use another card."
                ),
            )
    confirmation = checkout_payment_confirmed(
        outcome=outcome, provider=provider, payment_key=attempt.idempotency_key
    )
    return confirmation.result or PlaceResult(
        PlaceResult.REFUSED, message=_("Please pay again."), step="payment"
    )

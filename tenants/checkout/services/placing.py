"""Placing the order: the one submit that turns a checkout into an order and a payment.

Money is never taken inside the transaction that writes the order: a rollback cannot
give back a charge. So placing is three short transactions around the provider call,
all under one lock per checkout:

1. *prepare* (locks the checkout row): recompute every amount; if any differs from
   what the review page showed, stop and say what changed (nothing held, nothing
   charged); hold the stock (``stock_reserve`` with the checkout token); write a
   ``PaymentAttempt`` (``pending``) for the payment key. Committed.
2. *charge* through the provider with the payment key as idempotency key, no
   transaction open; the answer is committed on the attempt. Declined or failed:
   release the hold, keep the cart, say why.
3. *place* (one transaction): write the order, redeem the code, record the
   ``Payment``, mark the order paid, turn the hold into a sale, empty the cart, close
   the checkout, mark the attempt ``completed``.

With Stripe, step 2 may answer that nothing is decided yet: 3-D Secure
(``requires_action``: the shopper is sent to their bank, the hold stays) or
``processing``. The order is then placed by whichever confirmation comes first (the
return page, the webhook, reconciliation: ``checkout.services.confirming``), under the
same lock. A charge whose amount or currency is not the attempt's is refunded and
flagged, never turned into an order.

If step 3 fails, the charge is voided through the provider (the compensating call),
the attempt is marked ``voided`` (or ``void_failed``, logged as an error, for a person
to refund), the hold is released and the shopper is told they were not charged, with
the cart as it was. A voided key is spent, so the next submit uses a new one.

The lock is a session-level PostgreSQL advisory lock on the checkout token, held
across the three transactions: a double click waits for the first submit to finish,
then finds the checkout completed and returns the same order without charging.
Behind it stand the database's own guards (one order per checkout token, one payment
per order and per idempotency key) and the provider's idempotency key, so even a
retry that slipped past the lock cannot charge twice. A process that dies between
steps leaves a ``pending``/``approved`` attempt and a hold that expires; a retry with
the same key gets the provider's first answer back and carries on.

Call it outside any transaction (views are not ``ATOMIC_REQUESTS``): inside one, the
attempt would roll back with the order. Tests run inside one, where the three steps
are savepoints and the attempt still survives the order's rollback.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from cart.pricing import Pricing
from cart.selectors import cart_items
from cart.services import cart_clear
from checkout.changes import pricing_changes
from checkout.exceptions import CheckoutError
from checkout.models import CheckoutSession
from checkout.services.steps import checkout_pricing, remember_seen, seen_lines
from customers.services import customer_for_order
from discounts.services import discount_redeem
from discounts.types import DiscountInvalid
from inventory.exceptions import OutOfStock
from inventory.services import reservation_convert, reservation_release, stock_reserve
from kernel.money import ZERO
from orders.models import Order
from orders.services import order_mark_paid, order_place
from orders.types import Address, OrderTotals, PlacedLine, PlacedOrder, PlacedTaxLine
from payments import providers
from payments.models import PaymentAttempt
from payments.providers import CardInvalid, PaymentOutcome, PaymentProvider, Status
from payments.services import (
    payment_attempt_complete,
    payment_attempt_fail,
    payment_attempt_mismatch,
    payment_attempt_settle,
    payment_attempt_start,
    payment_attempt_void,
    payment_charge,
    payment_record,
)
from shops.selectors import shop_currency

logger = logging.getLogger(__name__)
ACTOR = "checkout"


@dataclass
class PlaceResult:
    """What became of a submit. ``status`` is one of the class constants."""

    PLACED = "placed"
    CHANGED = "changed"  # amounts moved: show ``changes``, ask again
    DECLINED = "declined"  # the card was refused: ``message``
    ACTION = "requires_action"  # 3-D Secure: send the shopper to ``redirect_url``
    PROCESSING = "processing"  # taken or not, the provider will say: ``message``
    ERROR = "error"  # the provider failed: ``message``, try again
    REFUSED = "refused"  # stock, card details or a missing step: ``message`` (``step``)

    status: str
    order: object = None
    message: str = ""
    changes: list[str] = field(default_factory=list)
    step: str = ""
    field_errors: dict = field(default_factory=dict)
    redirect_url: str = ""

    @property
    def placed(self) -> bool:
        return self.status == self.PLACED


@dataclass
class _Prepared:
    """What step 1 decided, for steps 2 and 3."""

    session: CheckoutSession
    pricing: Pricing
    shipping_name: str
    attempt: PaymentAttempt

    @property
    def token(self) -> str:
        return str(self.session.token)


def checkout_place_order(
    *,
    session: CheckoutSession,
    card: dict,
    provider: PaymentProvider | None = None,
    currency: str | None = None,
) -> PlaceResult:
    """Place the checkout's order and take the payment, or say why not; idempotent."""
    provider = provider or providers.provider_for_shop()
    currency = currency or shop_currency()
    with _placing_lock(session):
        prepared = _prepare(session, currency, provider)
        if isinstance(prepared, PlaceResult):
            return prepared
        outcome = _charge(prepared, card, provider, currency)
        if isinstance(outcome, PlaceResult):
            return outcome
        return _complete(prepared, outcome, provider, currency)


@contextmanager
def _placing_lock(session: CheckoutSession) -> Iterator[None]:
    """One submit of a checkout at a time, across transactions (see the module docstring).

    Session-level, so it must be released by hand; the key includes the schema so
    shops never wait on each other.
    """
    key = f"checkout.place:{connection.schema_name}:{session.token}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", [key])


def _prepare(session, currency: str, provider: PaymentProvider) -> _Prepared | PlaceResult:
    """Step 1: check, re-price, hold the stock, record the attempt. Commits."""
    with transaction.atomic():
        session = CheckoutSession.objects.select_for_update().get(pk=session.pk)
        if not session.is_open:
            return PlaceResult(PlaceResult.PLACED, order=Order.objects.get(pk=session.order_id))
        items = cart_items(session.cart) if session.cart_id else []
        problems = [item.problem for item in items if item.problem]
        if problems:
            return PlaceResult(PlaceResult.REFUSED, message=" ".join(problems), step="cart")
        try:
            review = checkout_pricing(session=session, items=items, currency=currency)
        except CheckoutError as exc:
            return PlaceResult(PlaceResult.REFUSED, message=exc.message, step=exc.step)
        pricing = review.pricing

        changes = _changes(session, pricing, currency)
        if changes:
            remember_seen(session, pricing)
            return PlaceResult(PlaceResult.CHANGED, changes=changes)

        token = str(session.token)
        try:
            stock_reserve(token=token, lines=[(i.variant.pk, i.quantity) for i in items])
        except OutOfStock as exc:
            return PlaceResult(PlaceResult.REFUSED, message=exc.message, step="cart")
        attempt = payment_attempt_start(
            provider_name=provider.name,
            amount=pricing.total,
            currency=currency,
            idempotency_key=session.payment_key,
            checkout_token=token,
        )
    return _Prepared(session, pricing, review.shipping_name, attempt)


def _charge(prepared: _Prepared, card: dict, provider, currency: str):
    """Step 2: ask the provider, no transaction open; the outcome, or why not."""
    attempt = prepared.attempt
    try:
        outcome = payment_charge(
            provider=provider,
            amount=prepared.pricing.total,
            currency=currency,
            card=card,
            idempotency_key=attempt.idempotency_key,
        )
    except CardInvalid as exc:
        payment_attempt_fail(attempt=attempt, message=" ".join(exc.messages))
        reservation_release(token=prepared.token)
        return PlaceResult(
            PlaceResult.REFUSED,
            message=" ".join(exc.messages),
            field_errors=exc.message_dict if hasattr(exc, "error_dict") else {},
            step="payment",
        )
    except Exception:
        # A timeout or a dropped connection: the charge may or may not exist. The
        # attempt stays ``pending`` for reconciliation; a retry sends the same key, so
        # the provider answers with that charge instead of making a second one.
        logger.exception("Charging checkout %s: no answer from the provider", prepared.token)
        reservation_release(token=prepared.token)
        return PlaceResult(
            PlaceResult.ERROR,
            message=_(
                "We could not reach the payment provider. Please try again in a moment; "
                "you will not be charged twice."
            ),
        )
    payment_attempt_settle(attempt=attempt, outcome=outcome)
    if outcome.status == Status.APPROVED:
        if amount_mismatch(attempt, outcome):
            return refuse_mismatch(prepared, provider, outcome)
        return outcome
    if outcome.waiting:
        # 3-D Secure or a slow bank: nothing is decided. The hold stays (extended to
        # outlive the bank's check) and the attempt waits for the return URL, the
        # webhook or the reconciliation task, whichever settles it first.
        if outcome.status == Status.REQUIRES_ACTION and outcome.redirect_url:
            return PlaceResult(PlaceResult.ACTION, redirect_url=outcome.redirect_url)
        return PlaceResult(PlaceResult.PROCESSING, message=confirming_message())
    with transaction.atomic():
        reservation_release(token=prepared.token)
        if outcome.status == Status.DECLINED:
            _spend_key(prepared.session)
    if outcome.status == Status.DECLINED:
        return PlaceResult(PlaceResult.DECLINED, message=outcome.message)
    return PlaceResult(PlaceResult.ERROR, message=outcome.message)


def _complete(prepared: _Prepared, outcome, provider, currency: str) -> PlaceResult:
    """Step 3: write the order; if that fails, give the money back (compensation)."""
    try:
        with transaction.atomic():
            order = _place(prepared, currency, outcome, provider)
    except Exception as exc:
        done = CheckoutSession.objects.filter(pk=prepared.session.pk, order_id__isnull=False)
        if done.exists():
            # Committed, then something after the commit failed (an on-commit hook):
            # the order stands, and so must its payment.
            logger.exception("After placing checkout %s", prepared.token)
            order_id = done.values_list("order_id", flat=True).get()
            return PlaceResult(PlaceResult.PLACED, order=Order.objects.get(pk=order_id))
        return _compensate(prepared, provider, exc)
    return PlaceResult(PlaceResult.PLACED, order=order)


def _compensate(prepared: _Prepared, provider, exc: Exception) -> PlaceResult:
    """Void the approved charge, release the hold, spend the key, tell the shopper."""
    if isinstance(exc, CheckoutError):
        reason = exc.message
    else:
        logger.exception("Placing checkout %s failed after the charge", prepared.token)
        reason = _("We could not complete your order.")
    attempt = payment_attempt_void(provider=provider, attempt=prepared.attempt, reason=reason)
    with transaction.atomic():
        reservation_release(token=prepared.token)
        _spend_key(prepared.session)
    if attempt.status == PaymentAttempt.Status.VOIDED:
        tail = _(
            "Your payment was cancelled, so you were not charged. Your cart is as you left "
            "it; please try again."
        )
    else:
        tail = _(
            "Your payment could not be cancelled automatically; the shop has been told and "
            "will refund it. Your cart is as you left it."
        )
    status = PlaceResult.REFUSED if isinstance(exc, CheckoutError) else PlaceResult.ERROR
    step = exc.step if isinstance(exc, CheckoutError) else ""
    if step not in ("", "payment"):
        step = "payment"  # stay on the payment page, where the message is read
    return PlaceResult(status, message=f"{reason} {tail}", step=step)


def amount_mismatch(attempt: PaymentAttempt, outcome: PaymentOutcome) -> bool:
    """Whether the provider took other money than the attempt asked for.

    Only a provider that says what it took (Stripe) can mismatch; a PaymentIntent
    changed behind our back, or a bug, must never become a paid order.
    """
    if outcome.amount is None:
        return False
    return outcome.amount != attempt.amount or (
        bool(outcome.currency) and outcome.currency.upper() != attempt.currency.upper()
    )


def refuse_mismatch(prepared: _Prepared, provider, outcome: PaymentOutcome) -> PlaceResult:
    """Give the money back, flag the attempt, release the hold: no order is written."""
    payment_attempt_mismatch(provider=provider, attempt=prepared.attempt, outcome=outcome)
    with transaction.atomic():
        reservation_release(token=prepared.token)
        _spend_key(prepared.session)
    return PlaceResult(
        PlaceResult.ERROR,
        message=_(
            "Your bank took an amount other than your order's total, so we gave it back "
            "and did not place the order. Please try again."
        ),
    )


def confirming_message() -> str:
    return _(
        "We're confirming your payment with your bank. This page will update; "
        "you will not be charged twice."
    )


def _spend_key(session: CheckoutSession) -> None:
    """The next charge of this checkout is a new one: declined or voided, this key is used."""
    CheckoutSession.objects.filter(pk=session.pk).update(
        payment_attempts=models.F("payment_attempts") + 1
    )
    session.refresh_from_db(fields=["payment_attempts"])


def _place(prepared: _Prepared, currency, outcome, provider):
    """Step 3's transaction. Any error here rolls it all back; the caller voids."""
    session = CheckoutSession.objects.select_for_update().get(pk=prepared.session.pk)
    pricing = prepared.pricing
    key = prepared.attempt.idempotency_key
    placed = placed_order(session, pricing, currency, prepared.shipping_name)
    order, _created = order_place(placed=placed, actor=ACTOR)
    # The merchant's record of the buyer, guests included, committed with the order.
    customer_for_order(
        email=order.email, name=placed.shipping_address.name, user_id=order.customer_id
    )
    if pricing.discount_code:
        try:
            discount_redeem(code=pricing.discount_code, email=session.email, order_id=order.pk)
        except DiscountInvalid as exc:
            # Checked a moment ago; only a race on the code's last use lands here.
            # Rolling back (and voiding) keeps the shopper from paying an amount they
            # did not see.
            raise CheckoutError(exc.reason, step="payment") from exc
    payment_record(
        order_id=order.pk,
        outcome=outcome,
        provider_name=provider.name,
        amount=pricing.total,
        currency=currency,
        idempotency_key=key,
    )
    if order.financial_status == Order.FinancialStatus.PENDING:
        order = order_mark_paid(
            order=order, amount=pricing.total, reference=outcome.reference, actor=ACTOR
        )
    reservation_convert(token=str(session.token))
    if session.cart_id:
        cart_clear(cart=session.cart)
    session.state = CheckoutSession.State.COMPLETED
    session.order_id = order.pk
    session.save(update_fields=["state", "order", "updated_at"])
    payment_attempt_complete(attempt=prepared.attempt)
    return order


def _changes(session: CheckoutSession, pricing: Pricing, currency: str) -> list[str]:
    seen = {
        "subtotal": session.seen_subtotal,
        "discount": session.seen_discount,
        "shipping": session.seen_shipping,
        "tax": session.seen_tax,
        "total": session.seen_total,
    }
    now = {
        "subtotal": pricing.subtotal,
        "discount": pricing.discount_total,
        "shipping": pricing.shipping_total,
        "tax": pricing.tax_total,
        "total": pricing.total,
    }
    return pricing_changes(
        seen_lines=session.seen_lines or [],
        seen=seen,
        now_lines=seen_lines(pricing),
        now=now,
        currency=currency,
        discount_error=pricing.discount_error,
    )


def placed_order(
    session: CheckoutSession, pricing: Pricing, currency: str, shipping_name: str
) -> PlacedOrder:
    """The contract ``orders.order_place`` takes, filled from the priced checkout."""
    address = session.shipping_address or {}
    shipping_address = Address(
        name=address.get("name", ""),
        line1=address.get("line1", ""),
        line2=address.get("line2", ""),
        city=address.get("city", ""),
        postal_code=address.get("postal_code", ""),
        country=address.get("country", ""),
        region=address.get("region", ""),
        phone=address.get("phone", ""),
        company=address.get("company", ""),
    )
    lines = [
        PlacedLine(
            variant_id=item.variant.pk,
            product_title=item.variant.product.title,
            variant_title=item.variant.title,
            sku=item.variant.sku,
            quantity=item.quantity,
            unit_price=item.unit_price,
            line_discount=pricing.line_discounts.get(item.variant.pk, ZERO),
            tax_amount=pricing.line_taxes.get(item.variant.pk, ZERO),
            requires_shipping=item.variant.requires_shipping,
        )
        for item in pricing.items
    ]
    return PlacedOrder(
        checkout_token=str(session.token),
        email=session.email,
        currency=currency,
        lines=lines,
        totals=OrderTotals(
            subtotal=pricing.subtotal,
            discount_total=pricing.discount_total,
            shipping_total=pricing.shipping_total,
            tax_total=pricing.tax_total,
            total=pricing.total,
            prices_include_tax=pricing.prices_include_tax,
        ),
        shipping_address=shipping_address,
        billing_address=shipping_address,
        shipping_method_name=shipping_name,
        tax_lines=[PlacedTaxLine(t.name, t.rate, t.amount) for t in pricing.tax_lines],
        discount_code=pricing.discount_code,
        customer_id=session.customer_id,
    )

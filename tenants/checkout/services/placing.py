"""Placing the order: the one submit that turns a checkout into an order and a payment.

Everything happens in one transaction that starts by locking the checkout's row. That
lock is what makes a double click safe: the second submit waits, then finds the
checkout completed and returns the same order, without charging. Behind it stand the
database's own guards (one order per checkout token, one payment per order and per
idempotency key) and the provider's idempotency key (the checkout token), so even a
retry that slipped past the lock cannot charge twice.

The order of the steps is chosen so that a refusal leaves nothing behind:

1. recompute every amount; if any differs from what the review page showed, stop and
   say what changed (the new amounts become "seen"; the shopper confirms again);
2. hold the stock (``stock_reserve`` with the checkout token) — short: stop, nothing held;
3. charge — declined or failed: release the hold, keep the cart, say why;
4. write the order, redeem the code, record the payment, mark it paid, turn the hold
   into a sale, empty the cart.

The charge is made while the transaction is open, so a failure in step 4 rolls the
order back after the money was taken. With the test gateway nothing is taken; the
Stripe provider must void the charge in that case (``PaymentProvider`` will grow a
``void``), before Stripe is switched on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import connection, transaction

from cart.pricing import ZERO, Pricing
from cart.selectors import cart_items
from cart.services import cart_clear
from checkout import partners
from checkout.changes import pricing_changes
from checkout.exceptions import CheckoutError
from checkout.models import CheckoutSession
from checkout.services.steps import checkout_pricing, remember_seen, seen_lines
from discounts.types import DiscountInvalid
from inventory.exceptions import OutOfStock
from inventory.services import reservation_convert, reservation_release, stock_reserve
from orders.types import Address, OrderTotals, PlacedLine, PlacedOrder, PlacedTaxLine
from payments.providers import CardInvalid, PaymentProvider, Status, provider_for_shop
from payments.services import payment_charge, payment_record

logger = logging.getLogger(__name__)
ACTOR = "checkout"


@dataclass
class PlaceResult:
    """What became of a submit. ``status`` is one of the class constants."""

    PLACED = "placed"
    CHANGED = "changed"  # amounts moved: show ``changes``, ask again
    DECLINED = "declined"  # the card was refused: ``message``
    ERROR = "error"  # the provider failed: ``message``, try again
    REFUSED = "refused"  # stock, card details or a missing step: ``message`` (``step``)

    status: str
    order: object = None
    message: str = ""
    changes: list[str] = field(default_factory=list)
    step: str = ""
    field_errors: dict = field(default_factory=dict)

    @property
    def placed(self) -> bool:
        return self.status == self.PLACED


def checkout_place_order(
    *,
    session: CheckoutSession,
    card: dict,
    provider: PaymentProvider | None = None,
    currency: str | None = None,
) -> PlaceResult:
    """Place the checkout's order and take the payment, or say why not; idempotent."""
    provider = provider or provider_for_shop()
    currency = currency or shop_currency()
    with transaction.atomic():
        session = CheckoutSession.objects.select_for_update().get(pk=session.pk)
        if not session.is_open:
            return PlaceResult(PlaceResult.PLACED, order=partners.order_by_id(session.order_id))
        items = cart_items(session.cart) if session.cart_id else []
        problems = [item.problem for item in items if item.problem]
        if problems:
            return PlaceResult(PlaceResult.REFUSED, message=" ".join(problems), step="cart")
        try:
            review = checkout_pricing(session=session, items=items)
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

        key = session.payment_key
        try:
            outcome = payment_charge(
                provider=provider,
                amount=pricing.total,
                currency=currency,
                card=card,
                idempotency_key=key,
            )
        except CardInvalid as exc:
            reservation_release(token=token)
            return PlaceResult(
                PlaceResult.REFUSED,
                message=" ".join(exc.messages),
                field_errors=exc.message_dict if hasattr(exc, "error_dict") else {},
                step="payment",
            )
        if outcome.status != Status.APPROVED:
            reservation_release(token=token)
            if outcome.status == Status.DECLINED:
                # The next card is a new charge: it gets a key of its own.
                session.payment_attempts += 1
                session.save(update_fields=["payment_attempts", "updated_at"])
                return PlaceResult(PlaceResult.DECLINED, message=outcome.message)
            return PlaceResult(PlaceResult.ERROR, message=outcome.message)

        try:
            with transaction.atomic():
                order = _place(
                    session, pricing, currency, review.shipping_name, outcome, provider, key
                )
        except CheckoutError as exc:
            reservation_release(token=token)
            return PlaceResult(PlaceResult.REFUSED, message=exc.message, step=exc.step)
    return PlaceResult(PlaceResult.PLACED, order=order)


def _place(session, pricing: Pricing, currency, shipping_name, outcome, provider, key):
    """Step 4: everything after the money was taken. Any error here rolls it all back."""
    order, _created = partners.order_create(
        placed=placed_order(session, pricing, currency, shipping_name), actor=ACTOR
    )
    if pricing.discount_code:
        try:
            partners.discount_use(
                code=pricing.discount_code, email=session.email, order_id=order.pk
            )
        except DiscountInvalid as exc:
            # Checked a moment ago under this lock; only a race on the code's last use
            # lands here. Rolling back keeps the shopper from paying the undiscounted
            # amount they did not see.
            raise CheckoutError(exc.reason, step="payment") from exc
    payment_record(
        order_id=order.pk,
        outcome=outcome,
        provider_name=provider.name,
        amount=pricing.total,
        currency=currency,
        idempotency_key=key,
    )
    if getattr(order, "financial_status", "pending") == "pending":
        order = partners.order_paid(
            order=order, amount=pricing.total, reference=outcome.reference, actor=ACTOR
        )
    reservation_convert(token=str(session.token))
    if session.cart_id:
        cart_clear(cart=session.cart)
    session.state = CheckoutSession.State.COMPLETED
    session.order_id = order.pk
    session.save(update_fields=["state", "order_id", "updated_at"])
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


def shop_currency() -> str:
    """The current shop's currency (``Shop`` is in ``public``, on the search path)."""
    tenant = getattr(connection, "tenant", None)
    currency = getattr(tenant, "currency", None)
    if currency:
        return currency
    from shops.models import Shop

    found = (
        Shop.objects.filter(schema_name=connection.schema_name)
        .values_list("currency", flat=True)
        .first()
    )
    return found or "USD"

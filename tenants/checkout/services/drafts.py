"""A draft order's invoice, paid through the ordinary checkout.

The invoice link (``checkout:invoice``) opens the one open checkout of the draft
(``checkout_for_draft``), with the customer's e-mail and the draft's address filled
in. From there it is the storefront's checkout: contact, address, review and pay, with
the same lock, payment key and compensation as a cart's. What differs is read here:
the lines and prices are the draft's (``orders.draft_pricing``), shipping is the
charge the merchant set (no shipping step), tax is computed for the address given,
and placing the order converts the draft once (``draft_order_complete``).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from checkout.exceptions import CheckoutError
from checkout.models import CheckoutSession
from kernel.money import ZERO
from orders.draft_pricing import DraftPricing, draft_price
from orders.models import DraftOrder
from orders.services import draft_order_complete
from orders.types import Address, OrderTotals, PlacedLine, PlacedOrder, PlacedTaxLine

ADDRESS_KEYS = ("name", "company", "line1", "line2", "city", "region", "postal_code", "country")


def draft_for_invoice(token) -> DraftOrder | None:
    """The draft behind an invoice link, or None (unknown or malformed token)."""
    try:
        token = uuid.UUID(str(token))
    except (TypeError, ValueError, AttributeError):
        return None
    return DraftOrder.objects.filter(token=token).first()


def checkout_for_draft(*, draft: DraftOrder) -> CheckoutSession:
    """The draft's open checkout, made on first use; refuses a paid draft.

    One open checkout per draft (a partial unique constraint): the customer who opens
    the link in two tabs, or twice from the e-mail, pays through one token.
    """
    if draft.is_completed:
        raise CheckoutError(_("This invoice has already been paid. Thank you!"), step="done")
    found = CheckoutSession.objects.filter(
        draft_order=draft, state=CheckoutSession.State.OPEN
    ).first()
    if found is not None:
        return found
    address = draft.shipping_address or {}
    complete = all(address.get(key) for key in ("name", "line1", "city", "postal_code", "country"))
    try:
        with transaction.atomic():
            return CheckoutSession.objects.create(
                draft_order=draft,
                customer_id=draft.customer_id,
                email=draft.email,
                shipping_address={
                    **{key: address.get(key, "") for key in ADDRESS_KEYS},
                    "phone": address.get("phone", ""),
                }
                if complete
                else {},
            )
    except IntegrityError:  # the same link opened twice at once
        return CheckoutSession.objects.get(draft_order=draft, state=CheckoutSession.State.OPEN)


def draft_pricing(session: CheckoutSession) -> DraftPricing:
    draft = session.draft_order
    if draft.is_completed:
        raise CheckoutError(_("This invoice has already been paid. Thank you!"), step="done")
    pricing = draft_price(draft, country=session.country, region=session.region)
    if not pricing.items:
        raise CheckoutError(_("This invoice has no items; please contact the shop."), step="cart")
    return pricing


def draft_stock_lines(pricing: DraftPricing) -> list[tuple[int, int]]:
    """The catalog lines to hold and sell (custom lines have no stock)."""
    return [
        (item.line.variant_id, item.quantity)
        for item in pricing.items
        if item.line.variant_id is not None
    ]


def draft_seen_lines(pricing: DraftPricing) -> list[dict]:
    return [
        {
            "variant_id": item.key,
            "name": item.name,
            "quantity": item.quantity,
            "unit_price": str(item.unit_price),
        }
        for item in pricing.items
    ]


def draft_placed_order(
    session: CheckoutSession, pricing: DraftPricing, currency: str, *, test: bool
) -> PlacedOrder:
    address = session.shipping_address or {}
    shipping_address = Address(**{key: address.get(key, "") for key in (*ADDRESS_KEYS, "phone")})
    return PlacedOrder(
        checkout_token=str(session.token),
        email=session.email,
        currency=currency,
        lines=[
            PlacedLine(
                variant_id=item.line.variant_id,
                product_title=item.line.product_title,
                variant_title=item.line.variant_title,
                sku=item.line.sku,
                quantity=item.quantity,
                unit_price=item.unit_price,
                line_discount=pricing.line_discounts.get(item.line.pk, ZERO),
                tax_amount=pricing.line_taxes.get(item.line.pk, ZERO),
                requires_shipping=item.line.requires_shipping,
            )
            for item in pricing.items
        ],
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
        shipping_method_name=pricing.shipping_name,
        tax_lines=[PlacedTaxLine(t.name, t.rate, t.amount) for t in pricing.tax_lines],
        customer_id=session.customer_id,
        test=test,
    )


def draft_complete(session: CheckoutSession, order, *, actor: str) -> None:
    """Convert the draft inside the order's transaction; a paid draft rolls it back."""
    try:
        draft_order_complete(draft_id=session.draft_order_id, order=order, actor=actor)
    except ValidationError as exc:
        raise CheckoutError(" ".join(exc.messages), step="payment") from exc

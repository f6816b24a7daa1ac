"""Placing an order: checkout's one call into orders.

Idempotent on ``checkout_token``. A double click, a retried request or a payment
webhook racing the shopper's own submit may all call ``order_place`` with the same
token; exactly one order is written and every caller gets it back. The fast path is a
lookup; the race is settled by the unique constraint on ``checkout_token``: the
loser's insert fails inside a savepoint (its order number is given back with it), and
it returns the winner's order. No lock is held across the lookup and the insert.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from catalog.models import Variant
from kernel.money import money_parse
from kernel.schemas import on_commit_in_schema
from orders.figures import order_figures_record
from orders.models import Order, OrderEvent, OrderLine, OrderTaxLine, Party
from orders.services.numbering import order_number_next
from orders.services.timeline import event_record
from orders.types import PlacedOrder

CHECKOUT_TOKEN_MAX_LENGTH = Order._meta.get_field("checkout_token").max_length


def order_place(*, placed: PlacedOrder, actor: str = "") -> tuple[Order, bool]:
    """Write the order checkout confirmed; ``(order, created)``.

    A token seen before returns that order and ``False``, writes nothing and sends no
    email. Amounts are stored as checkout computed them; only what would make the
    order unreadable is refused (no lines, negative amounts, a subtotal that is not
    the sum of its lines), with a ``ValidationError``.
    """
    token = _checked_token(placed.checkout_token)
    existing = Order.objects.filter(checkout_token=token).first()
    if existing is not None:
        return existing, False
    fields = _order_fields(placed)
    lines = _lines(placed)
    tax_lines = _tax_lines(placed)
    with transaction.atomic():
        try:
            with transaction.atomic():
                order = Order.objects.create(
                    number=order_number_next(), checkout_token=token, **fields
                )
        except IntegrityError:
            existing = Order.objects.filter(checkout_token=token).first()
            if existing is None:
                raise
            return existing, False
        for position, line in enumerate(lines):
            line.order = order
            line.position = position
        OrderLine.objects.bulk_create(lines)
        for tax_line in tax_lines:
            tax_line.order = order
        OrderTaxLine.objects.bulk_create(tax_lines)
        event_record(
            order,
            kind=OrderEvent.Kind.PLACED,
            message=_("Order placed by %(email)s.") % {"email": order.email},
            actor=actor,
            data={"checkout_token": token},
        )
        order_figures_record(order)
        _queue_confirmation(order)
    return order, True


def _queue_confirmation(order: Order) -> None:
    # Here, not at the top: orders.tasks imports orders.services.timeline, whose package
    # (orders.services) imports this module: a real cycle when orders.tasks loads first.
    from orders.tasks import order_email_send

    on_commit_in_schema(lambda: order_email_send.delay(order_id=order.pk, kind="confirmation"))


def _checked_token(token) -> str:
    if not isinstance(token, str) or not token.strip():
        raise ValidationError({"checkout_token": _("A checkout token is required.")})
    if len(token) > CHECKOUT_TOKEN_MAX_LENGTH:
        raise ValidationError(
            {
                "checkout_token": _("A checkout token has at most %(max)d characters.")
                % {"max": CHECKOUT_TOKEN_MAX_LENGTH}
            }
        )
    return token


def _order_fields(placed: PlacedOrder) -> dict:
    email = (placed.email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    currency = (placed.currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ValidationError({"currency": _("Enter a three-letter currency code.")})
    totals = placed.totals
    amounts = {
        name: money_parse(getattr(totals, name), field=name)
        for name in ("subtotal", "discount_total", "shipping_total", "tax_total", "total")
    }
    if placed.customer_id is not None and not (
        get_user_model().objects.filter(pk=placed.customer_id).exists()
    ):
        raise ValidationError({"customer_id": _("That customer does not exist.")})
    parties = {}
    for name in ("fulfilment_party", "invoicing_party"):
        value = getattr(placed, name, Party.MERCHANT)
        if value not in Party.values:
            raise ValidationError({name: _("Choose merchant or platform.")})
        parties[name] = value
    return {
        "email": email,
        "currency": currency,
        **amounts,
        **parties,
        "prices_include_tax": bool(totals.prices_include_tax),
        "discount_code": placed.discount_code or "",
        "shipping_method_name": placed.shipping_method_name or "",
        "shipping_address": placed.shipping_address.as_dict() if placed.shipping_address else None,
        "billing_address": placed.billing_address.as_dict() if placed.billing_address else None,
        "customer_id": placed.customer_id,
        "note": placed.note or "",
    }


def _lines(placed: PlacedOrder) -> list[OrderLine]:
    if not placed.lines:
        raise ValidationError({"lines": _("An order needs at least one line.")})
    lines = []
    subtotal = 0
    for line in placed.lines:
        quantity = line.quantity
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise ValidationError({"lines": _("Every line needs a quantity of at least 1.")})
        if not (line.product_title or "").strip():
            raise ValidationError({"lines": _("Every line needs a product title.")})
        unit_price = money_parse(line.unit_price, field="lines")
        subtotal += unit_price * quantity
        lines.append(
            OrderLine(
                variant_id=line.variant_id,
                product_title=line.product_title[:255],
                variant_title=(line.variant_title or "")[:255],
                sku=(line.sku or "")[:255],
                quantity=quantity,
                unit_price=unit_price,
                line_discount=money_parse(line.line_discount, field="lines"),
                tax_amount=money_parse(line.tax_amount, field="lines"),
                requires_shipping=bool(line.requires_shipping),
            )
        )
    _forget_deleted_variants(lines)
    if subtotal != money_parse(placed.totals.subtotal, field="subtotal"):
        raise ValidationError(
            {
                "subtotal": _("The subtotal is not the sum of the lines (%(sum)s).")
                % {"sum": subtotal}
            }
        )
    return lines


def _forget_deleted_variants(lines: list[OrderLine]) -> None:
    """A variant deleted while the shopper paid: keep the line's snapshot, drop the link
    (the foreign key is checked at commit, so a dangling id would fail the whole order)."""
    ids = {line.variant_id for line in lines if line.variant_id is not None}
    if not ids:
        return
    known = set(Variant.objects.filter(pk__in=ids).values_list("pk", flat=True))
    for line in lines:
        if line.variant_id not in known:
            line.variant_id = None


def _tax_lines(placed: PlacedOrder) -> list[OrderTaxLine]:
    return [
        OrderTaxLine(
            name=(t.name or "")[:255],
            rate=t.rate,
            amount=money_parse(t.amount, field="tax_lines"),
        )
        for t in placed.tax_lines
    ]

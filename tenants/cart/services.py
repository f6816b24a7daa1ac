"""Writes of carts: add, change, remove, merge at login, empty after an order.

Every change checks the new quantity against the catalog and the stock before
writing, and refuses with a message (``cart.exceptions``) rather than silently
clamping, so the shopper always knows why their cart is not what they asked for.
Checks do not *hold* stock: that happens once, at checkout (``inventory.stock_reserve``),
because a cart may sit for weeks.

Each write locks its cart row first, so two tabs adding the same variant at once add
up instead of tripping over ``cart_line_variant_unique``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.throttle import Limit, throttle_blocked, throttle_take
from cart.availability import line_problem
from cart.exceptions import ItemUnavailable, NotEnoughStock
from cart.models import MAX_LINE_QUANTITY, Cart, CartLine
from catalog.models import Variant
from inventory.selectors import available_quantities

MAX_CODE_LENGTH = Cart._meta.get_field("discount_code").max_length


def cart_create(*, customer=None) -> Cart:
    return Cart.objects.create(customer=customer)


def quantity_clean(value, *, minimum: int = 1) -> int:
    """A whole number of items between ``minimum`` and the line maximum, from any input."""
    if isinstance(value, bool):
        value = None
    try:
        quantity = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({"quantity": _("Enter a whole number of items.")}) from None
    if quantity < minimum or quantity > MAX_LINE_QUANTITY:
        raise ValidationError(
            {
                "quantity": _("Enter a quantity from %(min)d to %(max)d.")
                % {"min": minimum, "max": MAX_LINE_QUANTITY}
            }
        )
    return quantity


def _variant(variant_id) -> Variant:
    try:
        variant_id = int(str(variant_id))
    except (TypeError, ValueError):
        variant_id = None
    variant = Variant.objects.with_product().filter(pk=variant_id).first() if variant_id else None
    if variant is None:
        raise ItemUnavailable(_("This product is no longer available."))
    return variant


def _checked(variant: Variant, quantity: int) -> None:
    available = available_quantities([variant.pk])[variant.pk]
    problem = line_problem(variant, quantity, available)
    if problem is not None:
        raise problem


def _locked(cart: Cart) -> Cart:
    return Cart.objects.select_for_update().get(pk=cart.pk)


@transaction.atomic
def cart_add(*, cart: Cart, variant_id, quantity=1) -> CartLine:
    """Add ``quantity`` of a variant (to what the cart already holds of it)."""
    quantity = quantity_clean(quantity)
    variant = _variant(variant_id)
    _locked(cart)
    line = CartLine.objects.filter(cart=cart, variant=variant).first()
    held = line.quantity if line else 0
    total = held + quantity
    if total > MAX_LINE_QUANTITY:
        raise ValidationError(
            {
                "quantity": _("At most %(max)d of one item; your cart already has %(held)d.")
                % {"max": MAX_LINE_QUANTITY, "held": held}
            }
        )
    try:
        _checked(variant, total)
    except NotEnoughStock as exc:
        if held:
            exc.message = exc.args[0] + " " + _("Your cart already has %(held)d.") % {"held": held}
            exc.args = (exc.message,)
        raise
    if line is None:
        line = CartLine.objects.create(cart=cart, variant=variant, quantity=total)
    else:
        line.quantity = total
        line.save(update_fields=["quantity", "updated_at"])
    Cart.objects.filter(pk=cart.pk).update(updated_at=line.updated_at)
    return line


@transaction.atomic
def cart_set_quantity(*, cart: Cart, variant_id, quantity) -> CartLine | None:
    """Make the line exactly ``quantity``; 0 removes it (the cart page's number field)."""
    quantity = quantity_clean(quantity, minimum=0)
    if quantity == 0:
        cart_remove(cart=cart, variant_id=variant_id)
        return None
    _locked(cart)
    line = CartLine.objects.filter(cart=cart, variant_id=_int_or_none(variant_id)).first()
    if line is None:
        raise ItemUnavailable(_("That item is no longer in your cart."))
    variant = _variant(line.variant_id)
    _checked(variant, quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity", "updated_at"])
    return line


@transaction.atomic
def cart_remove(*, cart: Cart, variant_id) -> bool:
    """Remove a line; removing one that is not there does nothing (a second click)."""
    deleted, _rows = CartLine.objects.filter(
        cart=cart, variant_id=_int_or_none(variant_id)
    ).delete()
    return bool(deleted)


# Discount codes tried (any non-empty code counts): enough for a shopper with a few
# codes to try, too few to guess one. Per cart, and per IP for a script that drops
# its cookie (or asks the Storefront API for a fresh cart); both inside this shop.
# The cart page and the Storefront API both go through ``cart_discount_code_try``.
DISCOUNT_CODES_PER_CART = Limit("discount-cart", 10, 3600)
DISCOUNT_CODES_PER_IP = Limit("discount-ip", 30, 3600)


class DiscountCodesThrottled(ValidationError):
    def __init__(self):
        super().__init__(
            {"code": _("Too many discount codes tried. Try again in an hour.")}, code="throttled"
        )


def cart_discount_code_try(*, cart: Cart | None, code: str, ip: str, cart_for=None) -> Cart:
    """Keep (or, with an empty code, remove) a discount code, within the attempt limits.

    ``cart`` may be None when the caller makes one only if the IP is not blocked
    (``cart_for()``), so a blocked script does not fill the table with carts.
    Raises ``DiscountCodesThrottled`` (a ``ValidationError`` on ``code``) when over.
    """
    code = (code or "").strip()
    schema = connection.schema_name
    per_ip = (DISCOUNT_CODES_PER_IP, f"{schema}|{ip}")
    if code and throttle_blocked(*per_ip):
        raise DiscountCodesThrottled()
    if cart is None:
        cart = cart_for()
    if code and not throttle_take(per_ip, (DISCOUNT_CODES_PER_CART, f"{schema}|{cart.pk}")):
        raise DiscountCodesThrottled()
    return cart_set_discount_code(cart=cart, code=code)


@transaction.atomic
def cart_set_discount_code(*, cart: Cart, code: str) -> Cart:
    """Keep a code for the totals preview and checkout; an empty code removes it.

    The code is only stored here; whether it applies is decided each time totals are
    computed (``cart.pricing``), because it may expire or stop applying as the cart
    changes.
    """
    code = (code or "").strip()
    if len(code) > MAX_CODE_LENGTH or "\x00" in code:
        raise ValidationError({"code": _("That is not a discount code.")})
    cart.discount_code = code
    cart.save(update_fields=["discount_code", "updated_at"])
    return cart


@transaction.atomic
def cart_clear(*, cart: Cart) -> None:
    """Empty a cart once its order is placed (the cart itself stays, for the customer)."""
    CartLine.objects.filter(cart=cart).delete()
    Cart.objects.filter(pk=cart.pk).update(discount_code="")
    cart.discount_code = ""


@transaction.atomic
def cart_merge(*, source: Cart, target: Cart) -> list[str]:
    """Move a guest cart into the customer's cart at login; messages for what was cut.

    Quantities of the same variant are added up, then capped by what can be bought
    now; lines that cannot be bought at all are dropped. Each cut is explained in the
    returned messages (shown after login). The guest cart is deleted; the customer's
    keeps its own discount code, or takes the guest's.
    """
    if source.pk == target.pk:
        return []
    first, second = sorted([source.pk, target.pk])
    list(Cart.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk"))
    incoming = list(CartLine.objects.filter(cart=source).select_related("variant__product"))
    existing = {line.variant_id: line for line in CartLine.objects.filter(cart=target)}
    available = available_quantities([line.variant_id for line in incoming])
    notes: list[str] = []
    for line in incoming:
        current = existing.get(line.variant_id)
        wanted = min(line.quantity + (current.quantity if current else 0), MAX_LINE_QUANTITY)
        problem = line_problem(line.variant, wanted, available[line.variant_id])
        if isinstance(problem, NotEnoughStock):
            wanted = problem.available
            notes.append(problem.message)
        elif problem is not None:
            notes.append(problem.message)
            continue
        if current is None:
            CartLine.objects.create(cart=target, variant_id=line.variant_id, quantity=wanted)
        elif wanted != current.quantity:
            current.quantity = wanted
            current.save(update_fields=["quantity", "updated_at"])
    if not target.discount_code and source.discount_code:
        target.discount_code = source.discount_code
    target.save(update_fields=["discount_code", "updated_at"])
    source.delete()
    return notes


def _int_or_none(value) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None

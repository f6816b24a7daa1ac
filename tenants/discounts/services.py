"""Discount codes: the merchant's writes, checkout's evaluation and redemption.

Checkout calls ``discount_evaluate`` whenever the cart changes and again on submit
(prices are recomputed then), and ``discount_redeem`` inside the transaction that
places the order. Evaluation reads without locking, so two shoppers may both be
told the last use of a code is theirs; ``discount_redeem`` settles it by locking the
code's row (``SELECT … FOR UPDATE``) and checking the limits again against what is
committed, so only one of them gets it and the other's order is not placed with it.

The merchant's writes (``discount_code_create``, ``_update``, ``_delete``) are the one
path for the shop admin, commands and (later) the APIs; each leaves an entry in
Wagtail's audit log with the staff ``user`` who made it (none for commands).

Amounts are rounded once, here: a percentage of the eligible subtotal to the
currency's minor unit (half up; the cent, the yen for JPY); the per-line split
(``discounts.allocation``) then moves whole minor units only.

Minimum subtotal, like Shopify's "minimum purchase amount", counts the products the
code applies to. Per-customer limits are counted by email address (lowercased); the
cart may be evaluated before the shopper has typed one, in which case that limit is
checked at redemption only. Inactive and unknown codes get the same answer, so a
shopper cannot tell a switched-off code from a typo.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from catalog.models import Collection
from catalog.selectors import collection_products
from discounts.allocation import allocate
from discounts.models import CODE_MAX_LENGTH, DiscountCode, DiscountRedemption
from discounts.types import DiscountInvalid, DiscountLine, DiscountResult
from kernel.money import ZERO, money_format, money_round

_FIELDS = (
    "kind",
    "value",
    "minimum_subtotal",
    "starts_at",
    "ends_at",
    "usage_limit",
    "per_customer_limit",
    "applies_to",
    "is_active",
)


# --- The merchant's writes ------------------------------------------------------------


def discount_code_problems(
    *,
    code: str,
    kind: str,
    value: Decimal | None,
    applies_to: str,
    collections: Iterable[Collection] = (),
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    exclude_pk: int | None = None,
) -> dict[str, str]:
    """What is wrong with these values, by field, in the merchant's words.

    Shared by the services and the admin form so both refuse the same things with the
    same message, next to the field concerned (the database constraints are the last
    line, and their messages cannot point at a field).
    """
    problems: dict[str, str] = {}
    code = (code or "").strip()
    if not code:
        problems["code"] = _("Enter a code.")
    elif any(c.isspace() for c in code):
        problems["code"] = _("A code cannot contain spaces.")
    elif len(code) > CODE_MAX_LENGTH:
        problems["code"] = _("A code has at most %(n)d characters.") % {"n": CODE_MAX_LENGTH}
    elif DiscountCode.objects.by_code(code).exclude(pk=exclude_pk).exists():
        problems["code"] = _("The code “%(code)s” already exists (codes ignore case).") % {
            "code": code
        }
    if kind == DiscountCode.Kind.PERCENTAGE:
        if value is None or not (0 < value <= 100):
            problems["value"] = _("Enter a percentage above 0 and at most 100.")
    elif kind == DiscountCode.Kind.FIXED:
        if value is None or value <= 0:
            problems["value"] = _("Enter an amount above 0.")
    elif kind != DiscountCode.Kind.FREE_SHIPPING:
        problems["kind"] = _("Choose a type of discount.")
    if applies_to == DiscountCode.AppliesTo.COLLECTIONS and not list(collections):
        problems["collections"] = _("Choose at least one collection.")
    if starts_at and ends_at and ends_at <= starts_at:
        problems["ends_at"] = _("The end must be after the start.")
    return problems


def _normalise(fields: dict) -> dict:
    fields = dict(fields)
    if fields.get("kind") == DiscountCode.Kind.FREE_SHIPPING:
        fields["value"] = ZERO
    if fields.get("applies_to") == DiscountCode.AppliesTo.ALL:
        fields["collections"] = []
    return fields


def discount_code_create(
    *,
    code: str,
    kind: str = DiscountCode.Kind.PERCENTAGE,
    value: Decimal | int | str | None = 0,
    minimum_subtotal: Decimal | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    usage_limit: int | None = None,
    per_customer_limit: int | None = None,
    applies_to: str = DiscountCode.AppliesTo.ALL,
    collections: Iterable[Collection] = (),
    is_active: bool = True,
    user=None,
) -> DiscountCode:
    """Create a code; raises ``ValidationError`` (by field) on bad values."""
    fields = _normalise(
        {
            "kind": kind,
            "value": None if value is None or value == "" else Decimal(value),
            "minimum_subtotal": minimum_subtotal,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "usage_limit": usage_limit,
            "per_customer_limit": per_customer_limit,
            "applies_to": applies_to,
            "collections": list(collections),
            "is_active": is_active,
        }
    )
    code = (code or "").strip()
    with transaction.atomic():
        problems = discount_code_problems(
            code=code,
            kind=kind,
            value=fields["value"],
            applies_to=applies_to,
            collections=fields["collections"],
            starts_at=starts_at,
            ends_at=ends_at,
        )
        if problems:
            raise ValidationError(problems)
        collections = fields.pop("collections")
        discount = DiscountCode(code=code, **fields)
        discount.full_clean()
        discount.save()
        discount.collections.set(collections)
        log(instance=discount, action="wagtail.create", user=user, content_changed=True)
    return discount


def discount_code_update(*, discount: DiscountCode, user=None, **changes) -> DiscountCode:
    """Change a code's settings (not its use count); same checks as creating."""
    unknown = set(changes) - {*_FIELDS, "code", "collections"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    current = {f: getattr(discount, f) for f in _FIELDS}
    current["code"] = discount.code
    current["collections"] = list(discount.collections.all())
    fields = _normalise({**current, **changes})
    fields["code"] = (fields["code"] or "").strip()
    with transaction.atomic():
        problems = discount_code_problems(
            code=fields["code"],
            kind=fields["kind"],
            value=fields["value"],
            applies_to=fields["applies_to"],
            collections=fields["collections"],
            starts_at=fields["starts_at"],
            ends_at=fields["ends_at"],
            exclude_pk=discount.pk,
        )
        if problems:
            raise ValidationError(problems)
        collections = fields.pop("collections")
        for name, value in fields.items():
            setattr(discount, name, value)
        discount.full_clean()
        discount.save()
        discount.collections.set(collections)
        log(instance=discount, action="wagtail.edit", user=user, content_changed=True)
    return discount


def discount_code_delete(*, discount: DiscountCode, user=None) -> None:
    """Delete a code; orders that used it keep the code and amount they were given."""
    with transaction.atomic():
        log(instance=discount, action="wagtail.delete", user=user, deleted=True)
        discount.delete()


# --- Checkout -----------------------------------------------------------------------


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _unknown(code: str) -> DiscountInvalid:
    return DiscountInvalid(_("“%(code)s” is not a valid discount code.") % {"code": code})


def _check_usable(discount: DiscountCode, *, email: str, now: datetime) -> None:
    """Dates and limits: everything about a code that does not depend on the cart."""
    if not discount.is_active:
        raise _unknown(discount.code)
    if discount.starts_at and now < discount.starts_at:
        raise DiscountInvalid(
            _("This code is not active yet; it can be used from %(when)s.")
            % {"when": _when(discount.starts_at)}
        )
    if discount.ends_at and now >= discount.ends_at:
        raise DiscountInvalid(
            _("This code expired on %(when)s.") % {"when": _when(discount.ends_at)}
        )
    if discount.usage_limit is not None and discount.times_used >= discount.usage_limit:
        raise DiscountInvalid(_("This code has reached its usage limit."))
    if discount.per_customer_limit is not None and email:
        used = discount.redemptions.filter(email=email).count()
        if used >= discount.per_customer_limit:
            raise DiscountInvalid(
                _("This code has already been used with %(email)s.") % {"email": email}
            )


def _eligible_product_ids(discount: DiscountCode, product_ids: set[int]) -> set[int]:
    """Which of these products the code applies to: one query per chosen collection."""
    if discount.applies_to == DiscountCode.AppliesTo.ALL:
        return set(product_ids)
    eligible: set[int] = set()
    for collection in discount.collections.prefetch_related("rules"):
        products = collection_products(collection, include_inactive=True)
        eligible.update(products.filter(pk__in=product_ids).values_list("pk", flat=True))
    return eligible


def _line_totals(lines: list[DiscountLine]) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {}
    for line in lines:
        if line.quantity < 1 or line.unit_price < 0:
            raise ValueError(f"invalid discount line {line!r}")
        totals[line.variant_id] = totals.get(line.variant_id, ZERO) + line.quantity * Decimal(
            line.unit_price
        )
    return totals


def discount_evaluate(
    *,
    code: str,
    lines: list[DiscountLine],
    email: str = "",
    shipping_total: Decimal = ZERO,
    now: datetime | None = None,
    currency: str,
) -> DiscountResult:
    """What ``code`` takes off this cart, or ``DiscountInvalid`` with the reason.

    ``line_amounts`` has every line's variant id (0.00 where the code does not
    apply) and adds up to ``amount`` exactly. A free-shipping code takes nothing off
    the lines; ``shipping_discount`` is then the ``shipping_total`` passed in.
    """
    now = now or timezone.now()
    email = (email or "").strip().lower()
    typed = (code or "").strip()
    discount = DiscountCode.objects.by_code(typed).first() if typed else None
    if discount is None:
        raise _unknown(typed)
    _check_usable(discount, email=email, now=now)

    totals = _line_totals(lines)
    product_of = {line.variant_id: line.product_id for line in lines}
    eligible_ids = _eligible_product_ids(discount, set(product_of.values()))
    eligible = [vid for vid in totals if product_of[vid] in eligible_ids and totals[vid] > 0]
    if not eligible:
        raise DiscountInvalid(_("This code does not apply to anything in your cart."))
    eligible_subtotal = sum((totals[vid] for vid in eligible), ZERO)
    minimum = discount.minimum_subtotal
    if minimum is not None and eligible_subtotal < minimum:
        raise DiscountInvalid(
            _("This code needs a subtotal of at least %(minimum)s; add %(missing)s more to use it.")
            % {
                "minimum": money_format(minimum, currency),
                "missing": money_format(minimum - eligible_subtotal, currency),
            }
        )

    line_amounts = dict.fromkeys(totals, ZERO)
    if discount.kind == DiscountCode.Kind.FREE_SHIPPING:
        shipping = money_round(shipping_total, currency)
        return DiscountResult(
            code=discount.code,
            amount=ZERO,
            free_shipping=True,
            line_amounts=line_amounts,
            shipping_discount=shipping,
        )
    if discount.kind == DiscountCode.Kind.PERCENTAGE:
        amount = money_round(eligible_subtotal * discount.value / 100, currency)
    else:
        amount = discount.value
    amount = money_round(min(amount, eligible_subtotal), currency)
    shares = allocate(amount, [totals[vid] for vid in eligible], currency=currency)
    line_amounts.update(zip(eligible, shares, strict=True))
    return DiscountResult(code=discount.code, amount=amount, line_amounts=line_amounts)


def discount_redeem(*, code: str, email: str, order_id: int) -> None:
    """Record that ``order_id`` used ``code``; call it inside the order's transaction.

    Locks the code's row, so concurrent checkouts using the same code queue here
    and each sees the uses committed before it: with one use left, one order gets
    it and the others get ``DiscountInvalid``. Calling it again for the same order
    does nothing, so a retried order placement is safe.
    """
    email = (email or "").strip().lower()
    typed = (code or "").strip()
    with transaction.atomic():
        discount = DiscountCode.objects.by_code(typed).select_for_update().first()
        if discount is None:
            raise _unknown(typed)
        if discount.redemptions.filter(order_id=order_id).exists():
            return
        if discount.per_customer_limit is not None and not email:
            raise DiscountInvalid(_("Enter your email address to use this code."))
        _check_usable(discount, email=email, now=timezone.now())
        DiscountRedemption.objects.create(code=discount, email=email, order_id=order_id)
        DiscountCode.objects.filter(pk=discount.pk).update(times_used=F("times_used") + 1)

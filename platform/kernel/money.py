"""Money: the column, rounding, validation and display.

Stripe's integer amounts (minor units, with Stripe's own exceptions) are
``kernel.stripe_client.to_minor``/``from_minor``.

Amounts are ``Decimal`` in a currency named by its ISO 4217 code, never floats. How
many decimals a currency has comes from the standard (through babel's CLDR data:
JPY 0, USD 2, KWD 3), never an assumed 2.

The columns keep two decimals (``STORED_PLACES``), so an amount is rounded to
``min(currency decimals, 2)``: a zero-decimal currency (JPY) is kept in whole units,
a three-decimal one (KWD) in tens of fils — which is also the only precision Stripe
accepts for those currencies (the last minor digit must be 0).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, ngettext, to_locale
from django.utils.translation import gettext as _

ZERO = Decimal("0.00")
STORED_PLACES = 2
MAX_DIGITS = 12
# Amounts a merchant or a shopper enters stay below this (ten digits before the point
# fit the columns with room for totals of many lines).
MONEY_LIMIT = Decimal("10000000000")


def money_field(verbose_name=None, **options) -> models.DecimalField:
    """The column of every amount: 12 digits, 2 decimals (see the module docstring).

    A plain ``DecimalField``, so migrations see the same column whichever app uses it;
    ``options`` are the field's own (``null``, ``blank``, ``default``, ``validators``,
    or a wider ``max_digits`` for a sum of many amounts).
    """
    options.setdefault("max_digits", MAX_DIGITS)
    return models.DecimalField(verbose_name, decimal_places=STORED_PLACES, **options)


def currency_places(currency: str) -> int:
    """The currency's decimals as ISO 4217 counts them (JPY 0, USD 2, KWD 3)."""
    return get_currency_precision(currency.upper())


def money_places(currency: str | None = None) -> int:
    """The decimals an amount in ``currency`` is kept with (at most ``STORED_PLACES``)."""
    if not currency:
        return STORED_PLACES
    return min(currency_places(currency), STORED_PLACES)


def _step(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def money_round(amount, currency: str | None = None, *, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``amount`` rounded half up to what ``currency`` keeps: the one rounding rule."""
    return Decimal(amount).quantize(_step(money_places(currency)), rounding=rounding)


def money_step(currency: str | None = None) -> Decimal:
    """The smallest amount kept in ``currency`` (0.01 USD, 1 JPY, 0.01 KWD)."""
    return _step(money_places(currency))


def money_parse(
    value,
    *,
    field: str,
    currency: str | None = None,
    required: bool = True,
    allow_zero: bool = True,
) -> Decimal | None:
    """An amount typed by a person or sent by a client, checked, or ``ValidationError``
    keyed by ``field``; ``None`` for an empty optional value.

    Refuses floats (binary fractions are not amounts), non-numbers, negatives, more
    decimals than the currency keeps, and amounts past ``MONEY_LIMIT``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError({field: _("Enter an amount.")})
        return None
    if isinstance(value, float | bool):
        raise ValidationError({field: _("Enter an amount.")})
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Enter an amount.")}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("Enter an amount.")})
    if amount < 0:
        raise ValidationError({field: _("An amount cannot be negative.")})
    if amount == 0 and not allow_zero:
        raise ValidationError({field: _("Enter an amount greater than zero.")})
    places = money_places(currency)
    if amount != amount.quantize(_step(places)):
        if places == 0:
            message = _("Enter a whole amount, without decimals.")
        else:
            message = ngettext(
                "Use at most %(places)d decimal place.",
                "Use at most %(places)d decimal places.",
                places,
            ) % {"places": places}
        raise ValidationError({field: message})
    if amount >= MONEY_LIMIT:
        raise ValidationError({field: _("That amount is too large.")})
    return amount.quantize(_step(places))


def _babel_locale(locale: str | None) -> Locale:
    name = locale or to_locale(get_language() or settings.LANGUAGE_CODE)
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(to_locale(settings.LANGUAGE_CODE))


def money_format(amount, currency: str, locale: str | None = None) -> str:
    """``amount`` as a reader of ``locale`` expects it: "$14.50", "14,50 €", "¥1,450".

    ``locale`` defaults to the active language; the currency's own decimals are shown
    (none for JPY, three for KWD).
    """
    if amount is None or amount == "":
        return ""
    return format_currency(Decimal(amount), currency.upper(), locale=_babel_locale(locale))

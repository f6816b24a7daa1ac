"""Tax for a cart: checkout calls ``taxes_compute`` on every change and on submit.

Which rate: the rate for the shipping address's region if the shop defined one,
else the country's (Shopify's "override"; regions do not add to the country rate,
so Canada's GST + PST is entered as one combined rate per province). No rate: no
tax, an empty ``lines`` list.

How much, per line, on the line's amount after its discount:

- prices exclude tax: ``tax = amount × rate``;
- prices include tax: ``tax = amount − amount / (1 + rate)`` (the tax inside it).

ROUNDING HAPPENS ONCE, HERE: each line's tax (and the shipping tax) is rounded to the
cent, half up. The total is the sum of those rounded amounts, never rounded again,
so the lines on a receipt always add up to its total. Shipping is taxed at the same
rate, and included in its price the same way, when the shop charges tax on shipping.

The merchant's writes below are the one path for rates and the shop's tax settings
(the shop admin, commands, later the APIs); each leaves an entry in Wagtail's audit
log with the staff ``user`` who made it (none for commands).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from kernel.countries import COUNTRY_CODES
from kernel.money import ZERO, money_round
from taxes.defaults import tax_default_for
from taxes.models import TaxRate, TaxSettings
from taxes.selectors import tax_rate_for, tax_settings
from taxes.types import TaxableLine, TaxLine, TaxResult


def tax_on(amount: Decimal, *, rate: Decimal, included: bool, currency: str) -> Decimal:
    """The tax on one amount, rounded to what ``currency`` keeps (the one rounding):
    the cent for USD, the yen for JPY."""
    amount = Decimal(amount)
    tax = amount - amount / (1 + rate) if included else amount * rate
    return money_round(tax, currency)


def taxes_compute(
    *,
    country: str,
    region: str = "",
    lines: list[TaxableLine],
    shipping: Decimal = ZERO,
    currency: str,
) -> TaxResult:
    """The tax for these lines (and shipping) delivered to ``country``/``region``,
    each amount rounded to ``currency``'s minor unit (``kernel.money.money_round``).

    ``per_line`` has every line's key (0.00 when untaxed). With prices including
    tax, the result says how much of the total is tax; checkout does not add it.
    """
    settings = tax_settings()
    included = settings.prices_include_tax
    for line in lines:
        if line.amount < 0:
            raise ValueError(f"a line amount cannot be negative: {line!r}")
    if shipping < 0:
        raise ValueError("shipping cannot be negative")
    rate = tax_rate_for(country=country, region=region)
    per_line = dict.fromkeys((line.key for line in lines), ZERO)
    if rate is None:
        return TaxResult(lines=[], total=ZERO, per_line=per_line, prices_include_tax=included)
    for line in lines:
        if line.taxable:
            per_line[line.key] += tax_on(
                line.amount, rate=rate.rate, included=included, currency=currency
            )
    taxes_shipping = settings.charge_tax_on_shipping and shipping > 0
    shipping_tax = (
        tax_on(shipping, rate=rate.rate, included=included, currency=currency)
        if taxes_shipping
        else ZERO
    )
    total = sum(per_line.values(), ZERO) + shipping_tax
    taxed_anything = taxes_shipping or any(line.taxable for line in lines)
    tax_lines = [TaxLine(name=rate.name, rate=rate.rate, amount=total)] if taxed_anything else []
    return TaxResult(
        lines=tax_lines,
        total=total,
        per_line=per_line,
        shipping_tax=shipping_tax,
        prices_include_tax=included,
    )


# --- The merchant's writes ------------------------------------------------------------


def tax_rate_problems(
    *, country: str, region: str, rate: Decimal | None, exclude_pk: int | None = None
) -> dict[str, str]:
    """What is wrong with a rate, by field; shared with the admin form."""
    problems: dict[str, str] = {}
    if country not in COUNTRY_CODES:
        problems["country"] = _("“%(code)s” is not a two-letter country code.") % {"code": country}
    if region and not region.replace("-", "").isalnum():
        problems["region"] = _("Use the region’s code, e.g. CA or ON.")
    if rate is None or not (0 <= rate < 1):
        problems["rate"] = _("Enter a rate from 0 up to (not including) 1; 0.2000 is 20%.")
    taken = TaxRate.objects.filter(country=country, region=region).exclude(pk=exclude_pk)
    if "country" not in problems and taken.exists():
        problems["region" if region else "country"] = _(
            "There is already a rate for this country and region."
        )
    return problems


def _codes(country: str, region: str) -> tuple[str, str]:
    return (country or "").strip().upper(), (region or "").strip().upper()


def tax_rate_create(*, country: str, name: str, rate, region: str = "", user=None) -> TaxRate:
    country, region = _codes(country, region)
    rate = Decimal(rate)
    with transaction.atomic():
        problems = tax_rate_problems(country=country, region=region, rate=rate)
        if problems:
            raise ValidationError(problems)
        tax_rate = TaxRate(country=country, region=region, name=name.strip(), rate=rate)
        tax_rate.full_clean()
        tax_rate.save()
        log(instance=tax_rate, action="wagtail.create", user=user, content_changed=True)
    return tax_rate


def tax_rate_update(
    *, tax_rate: TaxRate, country: str, name: str, rate, region: str = "", user=None
) -> TaxRate:
    """Change a rate; same checks as creating (one rate per country and region)."""
    country, region = _codes(country, region)
    rate = Decimal(rate)
    with transaction.atomic():
        problems = tax_rate_problems(
            country=country, region=region, rate=rate, exclude_pk=tax_rate.pk
        )
        if problems:
            raise ValidationError(problems)
        tax_rate.country, tax_rate.region = country, region
        tax_rate.name, tax_rate.rate = name.strip(), rate
        tax_rate.full_clean()
        tax_rate.save()
        log(instance=tax_rate, action="wagtail.edit", user=user, content_changed=True)
    return tax_rate


def tax_rate_delete(*, tax_rate: TaxRate, user=None) -> None:
    with transaction.atomic():
        log(instance=tax_rate, action="wagtail.delete", user=user, deleted=True)
        tax_rate.delete()


def tax_settings_update(
    *,
    prices_include_tax: bool | None = None,
    charge_tax_on_shipping: bool | None = None,
    user=None,
) -> TaxSettings:
    with transaction.atomic():
        settings = TaxSettings.objects.select_for_update().get()
        if prices_include_tax is not None:
            settings.prices_include_tax = prices_include_tax
        if charge_tax_on_shipping is not None:
            settings.charge_tax_on_shipping = charge_tax_on_shipping
        settings.save()
        log(instance=settings, action="wagtail.edit", user=user, content_changed=True)
    return settings


def tax_defaults_apply(*, country: str, user=None) -> TaxRate | None:
    """A new shop's tax: its country's standard rate and whether prices include it
    (``taxes.defaults``), or nothing where no single national rate applies — the
    admin then warns that no tax is configured. Returns the rate made, if any."""
    default = tax_default_for(country)
    if default is None:
        return None
    with transaction.atomic():
        rate = tax_rate_create(country=country, name=default.name, rate=default.rate, user=user)
        tax_settings_update(prices_include_tax=default.prices_include_tax, user=user)
    return rate

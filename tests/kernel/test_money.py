"""Money follows each currency's own decimals (ISO 4217), in the column, the
rounding, the validation, Stripe's amounts and the display."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from kernel.money import money_format, money_parse, money_round
from kernel.stripe_client import from_minor, to_minor


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        ("14.50", "USD", "$14.50"),
        ("1450", "JPY", "¥1,450"),
        ("14.5", "EUR", "€14.50"),
        ("3.25", "KWD", "KWD3.250"),
    ],
)
def test_an_amount_is_shown_with_its_currencys_own_decimals(amount, currency, shown):
    with translation.override("en"):
        assert money_format(Decimal(amount), currency) == shown


def test_the_locale_decides_the_symbol_and_separators():
    assert money_format(Decimal("1234.5"), "EUR", "de_DE") == "1.234,50\xa0€"
    with translation.override("de"):
        assert money_format(Decimal("1234.5"), "EUR") == "1.234,50\xa0€"


def test_the_template_filter_and_tag_use_the_same_display():
    template = Template(
        "{% load money %}{{ amount|money:'JPY' }} | {% money amount 'EUR' 'fr_FR' %}"
    )
    with translation.override("en"):
        shown = template.render(Context({"amount": Decimal("1450")}))
    assert shown == "¥1,450 | 1\u202f450,00\xa0€"


@pytest.mark.parametrize(
    ("amount", "currency", "rounded"),
    [
        ("10.005", "USD", "10.01"),
        ("10.004", "USD", "10.00"),
        ("1450.5", "JPY", "1451"),
        # Three-decimal currencies are kept in tens of fils (the columns hold two).
        ("3.255", "KWD", "3.26"),
    ],
)
def test_rounding_is_half_up_to_what_the_currency_keeps(amount, currency, rounded):
    assert money_round(Decimal(amount), currency) == Decimal(rounded)
    assert str(money_round(Decimal(amount), currency)) == rounded


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("14.50", "USD", 1450),
        ("1450", "JPY", 1450),  # zero-decimal: whole yen, not 145000
        ("3.25", "KWD", 3250),  # three-decimal: fils, last digit 0
        ("3.255", "KWD", 3260),
        ("5", "ISK", 500),  # Stripe keeps ISK two-decimal in its API
        ("12", "HUF", 1200),
    ],
)
def test_stripe_amounts_follow_the_currencys_minor_units(amount, currency, minor):
    assert to_minor(Decimal(amount), currency) == minor
    assert from_minor(minor, currency) == money_round(Decimal(amount), currency)


@pytest.mark.parametrize(
    ("value", "currency", "message"),
    [
        ("", None, "Enter an amount."),
        ("abc", None, "Enter an amount."),
        (1.5, None, "Enter an amount."),
        ("NaN", None, "Enter an amount."),
        ("-1", None, "An amount cannot be negative."),
        ("1.234", "USD", "Use at most 2 decimal places."),
        ("10.5", "JPY", "Enter a whole amount, without decimals."),
        ("10000000000", None, "That amount is too large."),
    ],
)
def test_a_bad_amount_is_refused_with_one_message(value, currency, message):
    with pytest.raises(ValidationError) as refused:
        money_parse(value, field="price", currency=currency)
    assert refused.value.message_dict == {"price": [message]}


def test_a_good_amount_is_returned_as_the_column_keeps_it():
    assert money_parse(" 12.5 ", field="price") == Decimal("12.50")
    assert money_parse("1450", field="price", currency="JPY") == Decimal("1450")
    assert money_parse("", field="cost", required=False) is None
    with pytest.raises(ValidationError):
        money_parse("0", field="amount", allow_zero=False)

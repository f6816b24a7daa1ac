"""``taxes_compute``: which rate, inclusive vs exclusive, rounding once per line."""

from __future__ import annotations

from decimal import Decimal

import pytest

from taxes.services import tax_rate_create, tax_settings_update, taxes_compute
from taxes.types import TaxableLine, TaxLine

D = Decimal


@pytest.fixture
def rates(alpha):
    tax_rate_create(country="FR", name="TVA", rate="0.2")
    tax_rate_create(country="US", name="Sales tax", rate="0.05")
    tax_rate_create(country="US", region="CA", name="CA sales tax", rate="0.0725")


def _lines(*amounts, taxable=True):
    return [TaxableLine(key=i, amount=D(a), taxable=taxable) for i, a in enumerate(amounts, 1)]


def test_prices_excluding_tax(rates):
    result = taxes_compute(currency="USD", country="FR", lines=_lines("10.00", "5.55"))
    assert result.per_line == {1: D("2.00"), 2: D("1.11")}
    assert result.total == D("3.11")
    assert result.lines == [TaxLine(name="TVA", rate=D("0.2000"), amount=D("3.11"))]
    assert result.prices_include_tax is False


def test_prices_including_tax(rates):
    tax_settings_update(prices_include_tax=True)
    result = taxes_compute(currency="USD", country="FR", lines=_lines("12.00", "10.00"))
    # 12 - 12/1.2 = 2.00; 10 - 10/1.2 = 1.6666… -> 1.67
    assert result.per_line == {1: D("2.00"), 2: D("1.67")}
    assert result.total == D("3.67")
    assert result.prices_include_tax is True


def test_each_line_is_rounded_half_up_and_the_total_is_their_sum(rates):
    # 0.025 × 0.2 = 0.005 -> 0.01 per line, three times: 0.03, not round(0.015) = 0.02.
    result = taxes_compute(currency="USD", country="FR", lines=_lines("0.025", "0.025", "0.025"))
    assert result.per_line == {1: D("0.01"), 2: D("0.01"), 3: D("0.01")}
    assert result.total == D("0.03")
    # 0.02 × 0.2 = 0.004 -> 0.00
    assert taxes_compute(currency="USD", country="FR", lines=_lines("0.02")).total == D("0.00")


def test_region_rate_overrides_the_country_rate(rates):
    ca = taxes_compute(currency="USD", country="us", region="ca", lines=_lines("100.00"))
    assert ca.total == D("7.25")
    assert [line.name for line in ca.lines] == ["CA sales tax"]
    # A region without its own rate uses the country's.
    assert taxes_compute(
        currency="USD", country="US", region="NY", lines=_lines("100.00")
    ).total == D("5.00")
    assert taxes_compute(currency="USD", country="US", lines=_lines("100.00")).total == D("5.00")


def test_no_rate_no_tax(rates):
    result = taxes_compute(currency="USD", country="JP", lines=_lines("100.00"))
    assert (result.lines, result.total, result.per_line) == ([], D("0.00"), {1: D("0.00")})


def test_untaxable_lines(rates):
    result = taxes_compute(
        currency="USD",
        country="FR",
        lines=[*_lines("10.00"), TaxableLine(key=2, amount=D(50), taxable=False)],
    )
    assert result.per_line == {1: D("2.00"), 2: D("0.00")}
    assert result.total == D("2.00")
    nothing = taxes_compute(currency="USD", country="FR", lines=_lines("10.00", taxable=False))
    assert (nothing.lines, nothing.total) == ([], D("0.00"))


def test_shipping_is_taxed_only_when_the_shop_says_so(rates):
    off = taxes_compute(currency="USD", country="FR", lines=_lines("10.00"), shipping=D("5.00"))
    assert (off.shipping_tax, off.total) == (D("0.00"), D("2.00"))
    tax_settings_update(charge_tax_on_shipping=True)
    on = taxes_compute(currency="USD", country="FR", lines=_lines("10.00"), shipping=D("5.00"))
    assert (on.shipping_tax, on.total) == (D("1.00"), D("3.00"))
    assert on.lines[0].amount == D("3.00")
    tax_settings_update(prices_include_tax=True)
    inside = taxes_compute(currency="USD", country="FR", lines=[], shipping=D("6.00"))
    assert (inside.shipping_tax, inside.total) == (D("1.00"), D("1.00"))


def test_zero_rate_country(alpha):
    tax_rate_create(country="HK", name="No tax", rate="0")
    result = taxes_compute(currency="USD", country="HK", lines=_lines("10.00"))
    assert result.total == D("0.00")
    assert result.lines == [TaxLine(name="No tax", rate=D("0.0000"), amount=D("0.00"))]


@pytest.mark.parametrize("bad", [{"lines": _lines("-1.00")}, {"lines": [], "shipping": D(-1)}])
def test_negative_amounts_are_a_programming_error(rates, bad):
    with pytest.raises(ValueError):
        taxes_compute(currency="USD", country="FR", **bad)


def test_compute_costs_two_queries(rates, django_assert_num_queries):
    with django_assert_num_queries(2):
        taxes_compute(
            currency="USD", country="US", region="CA", lines=_lines("1.00", "2.00", "3.00")
        )


def test_tax_is_rounded_to_whole_yen(rates):
    # 20 % of 1,457 yen is 291.4 and of 1,458 yen 291.6: 291 and 292 yen.
    result = taxes_compute(currency="JPY", country="FR", lines=_lines("1457", "1458"))
    assert result.per_line == {1: D("291"), 2: D("292")}
    assert result.total == D("583")
    usd = taxes_compute(currency="USD", country="FR", lines=_lines("1457", "1458"))
    assert usd.per_line == {1: D("291.40"), 2: D("291.60")}


def test_tax_included_in_yen_prices_is_whole_yen(rates):
    tax_settings_update(prices_include_tax=True)
    # 1,000 yen including 20 %: 166.67 yen of tax, kept as 167.
    result = taxes_compute(currency="JPY", country="FR", lines=_lines("1000"))
    assert result.total == D("167")


def test_tax_in_kwd_is_kept_to_tens_of_fils(rates):
    # 5 % of 10.25 KWD is 0.5125 KWD: 0.510 (tens of fils, what Stripe accepts).
    result = taxes_compute(currency="KWD", country="US", lines=_lines("10.25"))
    assert result.total == D("0.51")

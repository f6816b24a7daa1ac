"""Splitting a discount across lines: exact to the cent, never below 0 or above a line."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from discounts.allocation import allocate

D = Decimal


def _check(amount, weights):
    shares = allocate(amount, weights, currency="USD")
    assert sum(shares) == amount
    assert all(D(0) <= s <= w for s, w in zip(shares, weights, strict=True))
    assert all(s == s.quantize(D("0.01")) for s in shares)
    return shares


def test_one_cent_over_three_equal_lines_goes_to_the_first():
    assert _check(D("0.01"), [D("0.01")] * 3) == [D("0.01"), D("0.00"), D("0.00")]


def test_proportional_when_it_divides():
    assert _check(D("10.00"), [D("30.00"), D("70.00")]) == [D("3.00"), D("7.00")]


def test_leftover_cents_go_to_the_lines_that_lost_most_in_rounding():
    # Exact shares 3.3333, 3.3333, 3.3333 + the odd cent to the largest (first).
    assert _check(D("10.00"), [D("10.00")] * 3) == [D("3.34"), D("3.33"), D("3.33")]
    # 2.00 over 1 : 2 -> 0.6666 / 1.3333: the cent goes to the bigger fraction.
    assert _check(D("2.00"), [D("1.00"), D("2.00")]) == [D("0.67"), D("1.33")]


def test_near_total_discount_never_exceeds_the_largest_line():
    """All of the remainder on the largest line would give it 1.97 of a 1.00 line."""
    weights = [D("1.00")] + [D("0.01")] * 99
    shares = _check(D("1.97"), weights)
    assert shares[0] <= D("1.00")


def test_many_half_cent_shares_never_go_negative():
    """Half-up shares of 200 × 0.005 overshoot by 1.00; nothing may go below zero."""
    _check(D("1.50"), [D("1.00")] + [D("0.01")] * 200)


def test_whole_subtotal_gives_every_line_its_total():
    weights = [D("0.01"), D("9.99"), D("3.33")]
    assert _check(sum(weights), weights) == weights


def test_zero_amount_and_empty():
    assert _check(D("0.00"), [D("5.00")]) == [D("0.00")]
    assert allocate(D("0.00"), [], currency="USD") == []


def test_random_carts():
    rng = random.Random(20240607)
    for _ in range(2000):
        weights = [D(rng.randint(0, 5000)) / 100 for _ in range(rng.randint(1, 8))]
        total = sum(weights)
        amount = D(rng.randint(0, int(total * 100))) / 100
        _check(amount, weights)


@pytest.mark.parametrize("amount", [D("-0.01"), D("10.01")])
def test_amount_outside_zero_to_total_is_refused(amount):
    with pytest.raises(ValueError):
        allocate(amount, [D("10.00")], currency="USD")


def test_yen_are_split_in_whole_yen():
    shares = allocate(D("100"), [D("1000"), D("1000"), D("1000")], currency="JPY")
    assert shares == [D("34"), D("33"), D("33")]
    assert sum(shares) == D("100")


def test_kwd_is_split_in_tens_of_fils():
    shares = allocate(D("0.10"), [D("3.000"), D("3.000"), D("3.000")], currency="KWD")
    assert shares == [D("0.04"), D("0.03"), D("0.03")]

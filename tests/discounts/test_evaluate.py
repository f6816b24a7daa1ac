"""``discount_evaluate``: amounts, rounding, eligibility and every refusal's reason."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from discounts.services import discount_code_create, discount_evaluate, discount_redeem
from discounts.types import DiscountInvalid
from tests.discounts.conftest import line

D = Decimal


def _reason(**kwargs) -> str:
    with pytest.raises(DiscountInvalid) as caught:
        discount_evaluate(currency="USD", **kwargs)
    return caught.value.reason


def test_percentage_is_split_across_lines(catalog):
    discount_code_create(code="TEN", kind="percentage", value=10)
    shirt, mug = catalog["shirt"], catalog["mug"]
    result = discount_evaluate(currency="USD", code="TEN", lines=[shirt, mug])
    assert result.amount == D("5.00")
    assert result.line_amounts == {shirt.variant_id: D("3.00"), mug.variant_id: D("2.00")}
    assert result.free_shipping is False and result.code == "TEN"


def test_percentage_rounds_once_half_up(catalog):
    discount_code_create(code="THIRD", kind="percentage", value="33.33")
    lines = [line(1, 11, 1, "0.01"), line(2, 12, 1, "0.01"), line(3, 13, 1, "0.01")]
    result = discount_evaluate(currency="USD", code="THIRD", lines=lines)
    # 0.03 × 33.33% = 0.009999 -> 0.01, on the first of three equal lines.
    assert result.amount == D("0.01")
    assert result.line_amounts == {1: D("0.01"), 2: D("0.00"), 3: D("0.00")}
    assert sum(result.line_amounts.values()) == result.amount


def test_half_a_cent_rounds_up(catalog):
    discount_code_create(code="HALF", kind="percentage", value=50)
    assert discount_evaluate(
        currency="USD", code="HALF", lines=[line(1, 1, 1, "0.01")]
    ).amount == D("0.01")


def test_full_percentage_takes_the_whole_subtotal(catalog):
    discount_code_create(code="ALL", kind="percentage", value=100)
    result = discount_evaluate(currency="USD", code="ALL", lines=[catalog["shirt"], catalog["mug"]])
    assert result.amount == D("50.00")


def test_fixed_amount_is_split_proportionally(catalog):
    discount_code_create(code="FIVE", kind="fixed", value="10.00")
    shirt, hat = catalog["shirt"], catalog["hat"]
    result = discount_evaluate(currency="USD", code="FIVE", lines=[shirt, hat])
    assert result.amount == D("10.00")
    assert result.line_amounts == {shirt.variant_id: D("6.00"), hat.variant_id: D("4.00")}


def test_fixed_amount_never_exceeds_the_eligible_subtotal(catalog):
    discount_code_create(code="BIG", kind="fixed", value="500.00")
    result = discount_evaluate(currency="USD", code="BIG", lines=[catalog["mug"]])
    assert result.amount == D("20.00")
    assert result.line_amounts == {catalog["mug"].variant_id: D("20.00")}


def test_free_shipping_takes_the_shipping_not_the_lines(catalog):
    discount_code_create(code="SHIPFREE", kind="free_shipping")
    result = discount_evaluate(
        currency="USD", code="SHIPFREE", lines=[catalog["mug"]], shipping_total=D("4.90")
    )
    assert result.free_shipping is True
    assert result.amount == D("0.00")
    assert result.shipping_discount == D("4.90")
    assert sum(result.line_amounts.values()) == D("0.00")


def test_codes_match_in_any_case_and_trimmed(catalog):
    discount_code_create(code="Summer10", kind="percentage", value=10)
    result = discount_evaluate(currency="USD", code="  sUMMER10 ", lines=[catalog["mug"]])
    assert result.code == "Summer10"


def test_collections_limit_which_lines_are_discounted(catalog):
    discount_code_create(
        code="SALE",
        kind="percentage",
        value=50,
        applies_to="collections",
        collections=[catalog["sale"], catalog["summer"]],
    )
    shirt, mug, hat = catalog["shirt"], catalog["mug"], catalog["hat"]
    result = discount_evaluate(currency="USD", code="SALE", lines=[shirt, mug, hat])
    # shirt (manual member) and hat (tag rule of the automatic collection) only.
    assert result.line_amounts == {
        shirt.variant_id: D("15.00"),
        mug.variant_id: D("0.00"),
        hat.variant_id: D("10.00"),
    }
    assert result.amount == D("25.00")


# --- Refusals -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["NOPE", "", "   "])
def test_unknown_code(catalog, typed):
    reason = _reason(code=typed, lines=[catalog["mug"]])
    assert reason == f"“{typed.strip()}” is not a valid discount code."


def test_inactive_code_reads_as_unknown(catalog):
    discount_code_create(code="OFF", kind="percentage", value=10, is_active=False)
    assert _reason(code="off", lines=[catalog["mug"]]) == "“OFF” is not a valid discount code."


def test_not_started(catalog):
    now = timezone.now()
    discount_code_create(
        code="SOON", kind="percentage", value=10, starts_at=now + timedelta(days=1)
    )
    reason = _reason(code="SOON", lines=[catalog["mug"]], now=now)
    assert reason.startswith("This code is not active yet; it can be used from ")
    assert discount_evaluate(
        currency="USD", code="SOON", lines=[catalog["mug"]], now=now + timedelta(days=1)
    )


def test_expired_at_its_end_exactly(catalog):
    now = timezone.now()
    discount_code_create(code="GONE", kind="percentage", value=10, ends_at=now)
    assert discount_evaluate(
        currency="USD", code="GONE", lines=[catalog["mug"]], now=now - timedelta(seconds=1)
    )
    reason = _reason(code="GONE", lines=[catalog["mug"]], now=now)
    assert reason.startswith("This code expired on ")


def test_minimum_not_met_says_how_much_is_missing(catalog):
    discount_code_create(code="MIN", kind="percentage", value=10, minimum_subtotal=D("50.00"))
    reason = _reason(code="MIN", lines=[catalog["shirt"]])
    assert reason == "This code needs a subtotal of at least $50.00; add $20.00 more to use it."


def test_minimum_met_exactly(catalog):
    discount_code_create(code="MIN", kind="percentage", value=10, minimum_subtotal=D("50.00"))
    assert (
        discount_evaluate(
            currency="USD", code="MIN", lines=[catalog["shirt"], catalog["mug"]]
        ).amount
        == 5
    )


def test_minimum_counts_only_eligible_products(catalog):
    discount_code_create(
        code="MIN",
        kind="fixed",
        value=5,
        minimum_subtotal=D("40.00"),
        applies_to="collections",
        collections=[catalog["sale"]],
    )
    reason = _reason(code="MIN", lines=[catalog["shirt"], catalog["mug"]])
    assert "add $10.00 more" in reason


def test_usage_limit_reached(catalog):
    discount_code_create(code="ONCE", kind="percentage", value=10, usage_limit=1)
    discount_redeem(code="ONCE", email="a@example.com", order_id=1)
    reason = _reason(code="ONCE", lines=[catalog["mug"]], email="b@example.com")
    assert reason == "This code has reached its usage limit."


def test_already_used_by_this_email(catalog):
    discount_code_create(code="WELCOME", kind="percentage", value=10, per_customer_limit=1)
    discount_redeem(code="WELCOME", email="Ana@Example.com", order_id=1)
    reason = _reason(code="WELCOME", lines=[catalog["mug"]], email=" ANA@example.COM")
    assert reason == "This code has already been used with ana@example.com."
    assert discount_evaluate(
        currency="USD", code="WELCOME", lines=[catalog["mug"]], email="bo@example.com"
    )
    # Before the shopper gives an email, the cart shows the discount; redeem decides.
    assert discount_evaluate(currency="USD", code="WELCOME", lines=[catalog["mug"]])


def test_per_customer_limit_above_one(catalog):
    discount_code_create(code="TWICE", kind="percentage", value=10, per_customer_limit=2)
    discount_redeem(code="TWICE", email="ana@example.com", order_id=1)
    assert discount_evaluate(
        currency="USD", code="TWICE", lines=[catalog["mug"]], email="ana@example.com"
    )
    discount_redeem(code="TWICE", email="ana@example.com", order_id=2)
    assert "already been used" in _reason(
        code="TWICE", lines=[catalog["mug"]], email="ana@example.com"
    )


def test_no_eligible_products(catalog):
    discount_code_create(
        code="SALE",
        kind="percentage",
        value=10,
        applies_to="collections",
        collections=[catalog["sale"]],
    )
    reason = _reason(code="SALE", lines=[catalog["mug"], catalog["hat"]])
    assert reason == "This code does not apply to anything in your cart."


def test_empty_cart_has_nothing_eligible(catalog):
    discount_code_create(code="TEN", kind="percentage", value=10)
    assert _reason(code="TEN", lines=[]) == "This code does not apply to anything in your cart."


@pytest.mark.parametrize("bad", [line(1, 1, 0, "1.00"), line(1, 1, 1, "-1.00")])
def test_nonsense_lines_are_a_programming_error(catalog, bad):
    discount_code_create(code="TEN", kind="percentage", value=10)
    with pytest.raises(ValueError):
        discount_evaluate(currency="USD", code="TEN", lines=[bad])


# --- Currencies whose minor unit is not the cent -----------------------------------


def test_percentage_is_rounded_to_whole_yen_and_split_in_yen(alpha):
    discount_code_create(code="TEN", kind="percentage", value=10)
    lines = [line(1, 1, 1, "1000"), line(2, 2, 1, "455")]
    result = discount_evaluate(currency="JPY", code="TEN", lines=lines)
    # 10 % of 1,455 yen is 145.5: half up to 146 yen, never 145.50.
    assert result.amount == D("146")
    # 100.34 and 45.65 yen: each rounded down, the yen left to the larger loss.
    assert result.line_amounts == {1: D("100"), 2: D("46")}
    usd = discount_evaluate(currency="USD", code="TEN", lines=lines)
    assert usd.amount == D("145.50")


def test_minimum_message_shows_the_amounts_in_the_shop_currency(alpha):
    discount_code_create(code="MIN", kind="fixed", value=100, minimum_subtotal=D("5000"))
    reason = _reason_in("JPY", code="MIN", lines=[line(1, 1, 1, "1455")])
    assert reason == "This code needs a subtotal of at least ¥5,000; add ¥3,545 more to use it."


def test_kwd_amounts_are_kept_to_tens_of_fils(alpha):
    discount_code_create(code="THIRD", kind="percentage", value=D("33.33"))
    lines = [line(1, 1, 1, "10.25"), line(2, 2, 1, "0.50")]
    result = discount_evaluate(currency="KWD", code="THIRD", lines=lines)
    # 33.33 % of 10.750 KWD is 3.583 KWD: kept as 3.580 (the columns keep two
    # decimals, and Stripe takes three-decimal amounts only when they end in 0).
    assert result.amount == D("3.58")
    assert sum(result.line_amounts.values()) == result.amount
    assert all(a == a.quantize(D("0.01")) for a in result.line_amounts.values())


def _reason_in(currency: str, **kwargs) -> str:
    with pytest.raises(DiscountInvalid) as caught:
        discount_evaluate(currency=currency, **kwargs)
    return caught.value.reason

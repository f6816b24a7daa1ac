"""What changed between review and submit, in words (pure)."""

from decimal import Decimal as D

from checkout.changes import pricing_changes

LINE = {"variant_id": 1, "name": "Blue mug", "quantity": 2, "unit_price": "10.00"}
TOTALS = {
    "subtotal": D("20"),
    "discount": D("0"),
    "shipping": D("5"),
    "tax": D("5"),
    "total": D("30"),
}


def changes(seen_lines=(LINE,), seen=TOTALS, now_lines=(LINE,), now=TOTALS, **kw):
    return pricing_changes(
        seen_lines=list(seen_lines),
        seen=seen,
        now_lines=list(now_lines),
        now=now,
        currency="EUR",
        **kw,
    )


def test_nothing_changed():
    assert changes() == []


def test_never_reviewed_must_review():
    assert changes(seen={**TOTALS, "total": None}) == ["Please review your order before paying."]


def test_price_change_is_named_with_both_amounts():
    now_line = {**LINE, "unit_price": "12.00"}
    now = {**TOTALS, "subtotal": D("24"), "total": D("34")}
    found = changes(now_lines=[now_line], now=now)
    assert "The price of “Blue mug” changed from €10.00 to €12.00." in found
    assert "Total changed from €30.00 to €34.00." in found


def test_added_removed_and_quantity():
    other = {**LINE, "variant_id": 2, "name": "Red mug"}
    assert "“Red mug” was added to your cart." in changes(now_lines=[LINE, other])
    assert "“Blue mug” was removed from your cart." in changes(now_lines=[])
    more = {**LINE, "quantity": 3}
    assert "The quantity of “Blue mug” changed from 2 to 3." in changes(now_lines=[more])


def test_discount_that_stopped_applying_says_why():
    found = changes(discount_error="This code has expired.")
    assert found == ["Your discount no longer applies: This code has expired."]


def test_shipping_and_tax():
    found = changes(now={**TOTALS, "shipping": D("7"), "tax": D("5.40"), "total": D("32.40")})
    assert "Shipping changed from €5.00 to €7.00." in found
    assert "Tax changed from €5.00 to €5.40." in found

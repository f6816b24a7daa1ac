"""What a refunded unit is worth, rounded to the order currency's minor unit."""

from __future__ import annotations

from decimal import Decimal

from orders.models import Order, OrderLine
from orders.services.refunds import lines_value

D = Decimal


def _line(total: str, quantity: int, *, refunded: int = 0) -> OrderLine:
    return OrderLine(
        unit_price=D(total) / quantity,
        quantity=quantity,
        line_discount=D(0),
        tax_amount=D(0),
        refunded_quantity=refunded,
    )


def test_a_third_of_1000_yen_is_whole_yen_and_the_thirds_add_up():
    order = Order(currency="JPY", prices_include_tax=True)
    first = lines_value(_line("1000", 3), 1, order)
    second = lines_value(_line("1000", 3, refunded=1), 1, order)
    third = lines_value(_line("1000", 3, refunded=2), 1, order)
    assert (first, second, third) == (D("333"), D("334"), D("333"))
    assert first + second + third == D("1000")


def test_a_third_of_10_dollars_keeps_its_cents():
    order = Order(currency="USD", prices_include_tax=True)
    assert lines_value(_line("10.00", 3), 1, order) == D("3.33")


def test_kwd_is_kept_to_tens_of_fils():
    order = Order(currency="KWD", prices_include_tax=True)
    assert lines_value(_line("10.000", 3), 1, order) == D("3.33")

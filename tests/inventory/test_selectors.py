"""Availability for a whole listing costs one query."""

from __future__ import annotations

from inventory.selectors import available_quantities
from inventory.services import stock_reserve, stock_set
from tests.inventory.factories import LocationFactory


def test_available_for_many_variants_in_one_query(make_variant, django_assert_num_queries):
    in_two_places, held, none = make_variant(), make_variant(), make_variant()
    stock_set(variant=in_two_places, on_hand=3)
    stock_set(variant=in_two_places, location=LocationFactory(), on_hand=4)
    stock_set(variant=held, on_hand=5)
    stock_reserve(token="cart-1", lines=[(held, 2)])
    extra = [make_variant() for _ in range(20)]

    with django_assert_num_queries(1):
        available = available_quantities([in_two_places, held, none.pk, *extra])

    assert available == {in_two_places.pk: 7, held.pk: 3, none.pk: 0} | {v.pk: 0 for v in extra}


def test_no_variants_no_query(shop, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert available_quantities([]) == {}

"""Stock is per shop: shop B can neither see nor change shop A's stock or holds.

Both shops are cloned from the same template, so their first variant has the same
id: an operation in B on "variant 1" is exactly the mistake a leaking schema would
turn into a write on A's row.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from inventory.exceptions import OutOfStock, ReservationNotFound
from inventory.models import Location, Reservation, StockLevel, StockMovement
from inventory.selectors import available_quantities
from inventory.services import (
    reservation_convert,
    reservation_release,
    reservations_release_expired,
    stock_adjust,
    stock_reserve,
    stock_set,
)
from tests.inventory.factories import create_variant
from tests.support.sequences import align_identity_sequences


@pytest.fixture
def stocked(shop_a, shop_b):
    """A has 10 units with 4 held by token "cart-1"; B has a variant with the same id."""
    align_identity_sequences(shop_a, shop_b)
    with schema_context(shop_a.schema_name):
        variant_a = create_variant(title="Alpha lamp")
        stock_set(variant=variant_a, on_hand=10)
        stock_reserve(token="cart-1", lines=[(variant_a, 4)])
        Location.objects.update(name="Alpha depot")
    with schema_context(shop_b.schema_name):
        variant_b = create_variant(title="Beta chair")
    assert variant_a.pk == variant_b.pk
    return {"a": shop_a, "b": shop_b, "variant_id": variant_a.pk}


def a_state(stocked) -> tuple:
    with schema_context(stocked["a"].schema_name):
        level = StockLevel.objects.get()
        return (
            level.on_hand,
            level.reserved,
            list(Reservation.objects.values_list("token", "quantity", "status")),
            StockMovement.objects.count(),
        )


def test_b_sees_none_of_as_stock(stocked):
    with schema_context(stocked["b"].schema_name):
        assert not StockLevel.objects.exists()
        assert not Reservation.objects.exists()
        assert not StockMovement.objects.exists()
        assert list(Location.objects.values_list("name", flat=True)) == ["Main warehouse"]
        assert available_quantities([stocked["variant_id"]]) == {stocked["variant_id"]: 0}
        with pytest.raises(OutOfStock):
            stock_reserve(token="cart-9", lines=[(stocked["variant_id"], 1)])


def test_b_changing_stock_of_the_same_variant_id_leaves_a_alone(stocked):
    before = a_state(stocked)
    with schema_context(stocked["b"].schema_name):
        stock_set(variant=stocked["variant_id"], on_hand=3)
        stock_adjust(variant=stocked["variant_id"], delta=2, reason="received")
        assert StockLevel.objects.get().on_hand == 5
        assert StockLevel.objects.update(on_hand=0, reserved=0) == 1
    assert a_state(stocked) == before


def test_as_token_used_in_b_does_not_touch_as_hold(stocked):
    before = a_state(stocked)
    with schema_context(stocked["b"].schema_name):
        assert reservation_release(token="cart-1") == 0
        with pytest.raises(ReservationNotFound):
            reservation_convert(token="cart-1")
        stock_set(variant=stocked["variant_id"], on_hand=1)
        stock_reserve(token="cart-1", lines=[(stocked["variant_id"], 1)])
        reservation_convert(token="cart-1")
    assert a_state(stocked) == before


def test_bs_expiry_sweep_does_not_release_as_holds(stocked):
    with schema_context(stocked["a"].schema_name):
        Reservation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    before = a_state(stocked)
    with schema_context(stocked["b"].schema_name):
        assert reservations_release_expired() == 0
    assert a_state(stocked) == before
    with schema_context(stocked["a"].schema_name):
        assert reservations_release_expired() == 1

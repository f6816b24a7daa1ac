"""The database itself refuses oversold or inconsistent stock, whatever the code does."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from inventory.models import Location, StockLevel
from inventory.services import stock_set
from tests.inventory.factories import LocationFactory


def test_a_new_shop_has_exactly_one_default_location(shop):
    """Cloned from the template schema, where migration 0002 created it."""
    assert list(Location.objects.values_list("name", "is_default")) == [("Main warehouse", True)]


def test_a_second_default_location_is_refused(shop):
    with pytest.raises(IntegrityError), transaction.atomic():
        LocationFactory(is_default=True)
    LocationFactory(is_default=False)
    assert Location.objects.filter(is_default=True).count() == 1


@pytest.mark.parametrize(
    ("column_sql", "constraint"),
    [
        ("on_hand = -1, reserved = 0", "stock_on_hand_not_negative"),
        ("on_hand = on_hand - 6", "stock_on_hand_not_negative"),
        ("reserved = -1", "stock_reserved_not_negative"),
        ("reserved = on_hand + 1", "stock_reserved_within_on_hand"),
    ],
)
def test_a_direct_update_overselling_is_refused(shop, make_variant, column_sql, constraint):
    variant = make_variant()
    level = stock_set(variant=variant, on_hand=5)
    sql = f"UPDATE {StockLevel._meta.db_table} SET {column_sql} WHERE id = %s"
    with (
        pytest.raises(IntegrityError, match=constraint),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [level.pk])
    level.refresh_from_db()
    assert (level.on_hand, level.reserved) == (5, 0)


def test_one_stock_row_per_variant_and_location(shop, make_variant):
    variant = make_variant()
    location = Location.objects.get()
    StockLevel.objects.create(variant=variant, location=location)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.create(variant=variant, location=location)


def test_a_location_holding_stock_cannot_be_deleted(shop, make_variant):
    from django.db.models import ProtectedError

    store = LocationFactory()
    stock_set(variant=make_variant(), location=store, on_hand=1)
    with pytest.raises(ProtectedError):
        store.delete()

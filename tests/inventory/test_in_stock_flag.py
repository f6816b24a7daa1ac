"""Every stock service keeps the product's denormalised ``in_stock`` (storefront filter)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import Product
from inventory.models import Reservation
from inventory.services import (
    reservations_release_expired,
    stock_adjust,
    stock_reserve,
    stock_set,
)

pytestmark = pytest.mark.django_db


def _in_stock(variant) -> bool:
    return Product.objects.get(pk=variant.product_id).in_stock


def test_adjust_and_the_expiry_sweep_flip_the_flag(make_variant):
    variant = make_variant()
    assert not _in_stock(variant)  # no stock row yet
    stock_adjust(variant=variant, delta=2, reason="received")
    assert _in_stock(variant)
    stock_reserve(token="cart-1", lines=[(variant, 2)])
    assert not _in_stock(variant)  # every unit is held
    Reservation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert reservations_release_expired() == 1
    assert _in_stock(variant)
    stock_adjust(variant=variant, delta=-2, reason="damaged")
    assert not _in_stock(variant)


def test_a_continue_variant_is_in_stock_without_units(make_variant):
    variant = make_variant(policy="continue")
    stock_set(variant=variant, on_hand=0)
    assert _in_stock(variant)


def test_a_refused_change_leaves_the_flag(make_variant):
    from django.core.exceptions import ValidationError

    variant = make_variant()
    stock_set(variant=variant, on_hand=1)
    with pytest.raises(ValidationError):
        stock_adjust(variant=variant, delta=-5, reason="damaged")
    assert _in_stock(variant)

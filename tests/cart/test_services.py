"""Cart changes: quantities and availability checked on every change, clear refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from cart.exceptions import ItemOutOfStock, ItemUnavailable, NotEnoughStock
from cart.models import Cart, CartLine
from cart.services import (
    cart_add,
    cart_clear,
    cart_create,
    cart_merge,
    cart_remove,
    cart_set_quantity,
)
from tests.cart.builders import variant


def quantities(cart) -> dict[int, int]:
    return dict(CartLine.objects.filter(cart=cart).values_list("variant_id", "quantity"))


def test_add_then_add_again_adds_up(shop):
    cart, v = cart_create(), variant(stock=5)
    cart_add(cart=cart, variant_id=v.pk, quantity=2)
    cart_add(cart=cart, variant_id=str(v.pk), quantity="3")
    assert quantities(cart) == {v.pk: 5}


def test_out_of_stock_is_refused_by_name(shop):
    cart, v = cart_create(), variant(title="Blue mug", stock=0)
    with pytest.raises(ItemOutOfStock, match="“Blue mug” is out of stock"):
        cart_add(cart=cart, variant_id=v.pk, quantity=1)
    assert quantities(cart) == {}


def test_more_than_available_says_how_many_are_left(shop):
    cart, v = cart_create(), variant(title="Blue mug", stock=3)
    cart_add(cart=cart, variant_id=v.pk, quantity=2)
    with pytest.raises(NotEnoughStock) as caught:
        cart_add(cart=cart, variant_id=v.pk, quantity=2)
    assert "Only 3 left of “Blue mug”." in caught.value.message
    assert "already has 2" in caught.value.message
    assert quantities(cart) == {v.pk: 2}  # unchanged


def test_continue_selling_ignores_stock(shop):
    cart, v = cart_create(), variant(stock=0, policy="continue")
    cart_add(cart=cart, variant_id=v.pk, quantity=4)
    assert quantities(cart) == {v.pk: 4}


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_unpublished_products_are_unavailable(shop, status):
    cart, v = cart_create(), variant(title="Secret", status=status)
    with pytest.raises(ItemUnavailable, match="“Secret” is no longer available"):
        cart_add(cart=cart, variant_id=v.pk, quantity=1)


@pytest.mark.parametrize("variant_id", [None, "", "abc", 999_999_999, "1; DROP"])
def test_unknown_variant_is_unavailable(shop, variant_id):
    with pytest.raises(ItemUnavailable, match="no longer available"):
        cart_add(cart=cart_create(), variant_id=variant_id, quantity=1)


@pytest.mark.parametrize("quantity", [0, -1, "abc", "", None, "1.5", 1000, True, "\x00"])
def test_bad_quantities_are_refused(shop, quantity):
    cart, v = cart_create(), variant()
    with pytest.raises(ValidationError) as caught:
        cart_add(cart=cart, variant_id=v.pk, quantity=quantity)
    assert "quantity" in caught.value.message_dict
    assert quantities(cart) == {}


def test_set_quantity_checks_stock_and_zero_removes(shop):
    cart, v = cart_create(), variant(stock=4)
    cart_add(cart=cart, variant_id=v.pk, quantity=1)
    cart_set_quantity(cart=cart, variant_id=v.pk, quantity=4)
    assert quantities(cart) == {v.pk: 4}
    with pytest.raises(NotEnoughStock, match="Only 4 left"):
        cart_set_quantity(cart=cart, variant_id=v.pk, quantity=5)
    assert cart_set_quantity(cart=cart, variant_id=v.pk, quantity="0") is None
    assert quantities(cart) == {}


def test_set_quantity_of_a_line_not_in_the_cart(shop):
    with pytest.raises(ItemUnavailable, match="no longer in your cart"):
        cart_set_quantity(cart=cart_create(), variant_id=variant().pk, quantity=1)


def test_remove_twice_is_harmless(shop):
    cart, v = cart_create(), variant()
    cart_add(cart=cart, variant_id=v.pk)
    assert cart_remove(cart=cart, variant_id=v.pk) is True
    assert cart_remove(cart=cart, variant_id=v.pk) is False


def test_quantity_constraint_is_in_the_database(shop):
    cart, v = cart_create(), variant()
    with pytest.raises(IntegrityError), transaction.atomic():
        CartLine.objects.create(cart=cart, variant=v, quantity=0)


def test_one_cart_per_customer(shop):
    user = User.objects.create_user(email="c@example.com", password="pw-123456789")
    cart_create(customer=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        cart_create(customer=user)


def test_merge_adds_up_caps_at_stock_and_drops_unavailable(shop):
    user = User.objects.create_user(email="c@example.com", password="pw-123456789")
    target, source = cart_create(customer=user), cart_create()
    shared, only_guest, gone = variant(stock=5), variant(stock=9), variant(title="Gone")
    cart_add(cart=target, variant_id=shared.pk, quantity=3)
    cart_add(cart=source, variant_id=shared.pk, quantity=4)
    cart_add(cart=source, variant_id=only_guest.pk, quantity=2)
    cart_add(cart=source, variant_id=gone.pk, quantity=1)
    source.discount_code = "SPRING"
    source.save()
    gone.product.status = "archived"
    gone.product.save()

    notes = cart_merge(source=source, target=target)

    assert quantities(target) == {shared.pk: 5, only_guest.pk: 2}
    assert any("Only 5 left" in n for n in notes)
    assert any("“Gone” is no longer available" in n for n in notes)
    assert not Cart.objects.filter(pk=source.pk).exists()
    target.refresh_from_db()
    assert target.discount_code == "SPRING"


def test_clear_empties_lines_and_code(shop):
    cart, v = cart_create(), variant()
    cart_add(cart=cart, variant_id=v.pk)
    cart.discount_code = "X"
    cart.save()
    cart_clear(cart=cart)
    cart.refresh_from_db()
    assert quantities(cart) == {} and cart.discount_code == ""

"""Stock services: the merchant's counts, checkout's holds, and every refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inventory.exceptions import (
    OutOfStock,
    ReservationConverted,
    ReservationNotFound,
    ReservationReleased,
)
from inventory.models import Location, Reservation, StockLevel, StockMovement
from inventory.services import (
    location_default,
    reservation_convert,
    reservation_release,
    reservations_release_expired,
    stock_adjust,
    stock_reserve,
    stock_set,
)
from tests.inventory.factories import LocationFactory


def level_of(variant, location=None) -> tuple[int, int]:
    """(on hand, reserved) of a variant at a location (default location if None)."""
    level = StockLevel.objects.get(variant=variant, location=location or location_default())
    return level.on_hand, level.reserved


def movements(variant) -> list[tuple[str, int, int]]:
    return list(
        StockMovement.objects.filter(variant=variant)
        .order_by("id")
        .values_list("reason", "delta_on_hand", "delta_reserved")
    )


def messages(excinfo) -> str:
    return " ".join(m for ms in excinfo.value.message_dict.values() for m in ms)


# --- stock_set / stock_adjust -----------------------------------------------------


def test_stock_set_creates_the_level_at_the_default_location_and_records_it(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=12, reason="count", reference="count #1")
    stock_set(variant=variant, on_hand=9, reason="count")
    assert level_of(variant) == (9, 0)
    assert movements(variant) == [("count", 12, 0), ("count", -3, 0)]
    assert [m.reference for m in StockMovement.objects.order_by("id")] == ["count #1", ""]


def test_stock_set_at_another_location(make_variant):
    variant, store = make_variant(), LocationFactory()
    stock_set(variant=variant, location=store, on_hand=4)
    assert level_of(variant, store) == (4, 0)
    assert not StockLevel.objects.filter(variant=variant, location=location_default()).exists()


@pytest.mark.parametrize(
    ("on_hand", "message"),
    [
        (-1, "Stock cannot be negative."),
        (2.5, "Enter a whole number."),
        ("7", "Enter a whole number."),
        (True, "Enter a whole number."),
        (10**12, "at most"),
    ],
)
def test_stock_set_refuses_bad_counts(make_variant, on_hand, message):
    variant = make_variant()
    with pytest.raises(ValidationError) as excinfo:
        stock_set(variant=variant, on_hand=on_hand)
    assert message in messages(excinfo)
    assert not StockLevel.objects.filter(variant=variant).exists()
    assert not StockMovement.objects.exists()


def test_stock_set_refuses_an_unknown_reason(make_variant):
    variant = make_variant()
    with pytest.raises(ValidationError) as excinfo:
        stock_set(variant=variant, on_hand=1, reason="sold")  # checkout's, not the merchant's
    assert "Choose one of" in messages(excinfo)


def test_stock_set_cannot_go_below_what_checkouts_hold(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    stock_reserve(token="t1", lines=[(variant, 3)])
    with pytest.raises(ValidationError) as excinfo:
        stock_set(variant=variant, on_hand=2)
    assert "3 units are held by checkouts" in messages(excinfo)
    assert level_of(variant) == (5, 3)
    stock_set(variant=variant, on_hand=3)
    assert level_of(variant) == (3, 3)


def test_stock_adjust_adds_and_removes(make_variant):
    variant = make_variant()
    stock_adjust(variant=variant, delta=10, reason="received", reference="PO-7")
    stock_adjust(variant=variant, delta=-2, reason="damaged")
    assert level_of(variant) == (8, 0)
    assert movements(variant) == [("received", 10, 0), ("damaged", -2, 0)]


def test_stock_adjust_refuses_going_negative_and_changes_nothing(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=3)
    with pytest.raises(ValidationError) as excinfo:
        stock_adjust(variant=variant, delta=-4, reason="damaged")
    assert "Only 3 on hand: 4 cannot be removed." in messages(excinfo)
    assert level_of(variant) == (3, 0)
    assert len(movements(variant)) == 1


def test_stock_adjust_refuses_removing_held_units(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    stock_reserve(token="t1", lines=[(variant, 4)])
    with pytest.raises(ValidationError) as excinfo:
        stock_adjust(variant=variant, delta=-2, reason="damaged")
    assert "at most 1 can be removed" in messages(excinfo)
    assert level_of(variant) == (5, 4)


@pytest.mark.parametrize(("delta", "message"), [(0, "other than zero"), (1.0, "whole number")])
def test_stock_adjust_refuses_bad_deltas(make_variant, delta, message):
    variant = make_variant()
    with pytest.raises(ValidationError) as excinfo:
        stock_adjust(variant=variant, delta=delta, reason="received")
    assert message in messages(excinfo)


# --- stock_reserve ----------------------------------------------------------------


def test_reserve_holds_stock_until_the_expiry(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    before = timezone.now()
    [held] = stock_reserve(token="cart-1", lines=[(variant, 2)], ttl=timedelta(minutes=10))
    assert level_of(variant) == (5, 2)
    assert (held.variant_id, held.quantity, held.status, held.holds_stock) == (
        variant.pk,
        2,
        "active",
        True,
    )
    assert (
        before + timedelta(minutes=10) <= held.expires_at <= timezone.now() + timedelta(minutes=10)
    )
    assert movements(variant)[-1] == ("reserved", 0, 2)
    assert StockMovement.objects.order_by("id").last().reference == "cart-1"


def test_reserving_more_than_available_reserves_nothing_for_any_line(make_variant):
    shirt = make_variant(title="Linen shirt", sku="LS-M")
    hat = make_variant(title="Straw hat")
    scarf = make_variant(title="Silk scarf")
    stock_set(variant=shirt, on_hand=5)
    stock_set(variant=hat, on_hand=1)
    stock_set(variant=scarf, on_hand=3)
    stock_reserve(token="other", lines=[(scarf, 2)])
    moves_before = StockMovement.objects.count()

    with pytest.raises(OutOfStock) as excinfo:
        stock_reserve(token="cart-1", lines=[(shirt, 2), (hat, 2), (scarf, 2)])

    message = str(excinfo.value)
    assert "“Straw hat”: 1 available, 2 requested." in message
    assert "“Silk scarf”: 1 available, 2 requested." in message
    assert "Linen shirt" not in message
    assert [(s.variant_id, s.available) for s in excinfo.value.shortages] == [
        (hat.pk, 1),
        (scarf.pk, 1),
    ]
    assert level_of(shirt) == (5, 0)
    assert level_of(hat) == (1, 0)
    assert level_of(scarf) == (3, 2)
    assert not Reservation.objects.filter(token="cart-1").exists()
    assert StockMovement.objects.count() == moves_before


def test_the_refusal_names_the_sku_and_a_variant_without_stock_has_none(make_variant):
    variant = make_variant(title="Wool socks", sku="WS-42")
    with pytest.raises(OutOfStock) as excinfo:
        stock_reserve(token="cart-1", lines=[(variant, 1)])
    assert "“Wool socks (WS-42)”: 0 available, 1 requested." in str(excinfo.value)


def test_the_same_token_twice_does_not_hold_twice_and_extends_the_expiry(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    [first] = stock_reserve(token="cart-1", lines=[(variant, 2)], ttl=timedelta(minutes=1))
    [second] = stock_reserve(token="cart-1", lines=[(variant, 2)], ttl=timedelta(minutes=30))
    assert level_of(variant) == (5, 2)
    assert second.pk == first.pk
    assert second.expires_at > first.expires_at + timedelta(minutes=28)
    assert Reservation.objects.count() == 1
    assert [m for m in movements(variant) if m[0] == "reserved"] == [("reserved", 0, 2)]


def test_reserving_again_makes_the_hold_exactly_the_new_cart(make_variant):
    shirt, hat, scarf = make_variant(), make_variant(), make_variant()
    for variant in (shirt, hat, scarf):
        stock_set(variant=variant, on_hand=5)
    stock_reserve(token="cart-1", lines=[(shirt, 2), (hat, 3)])

    held = stock_reserve(token="cart-1", lines=[(shirt, 4), (scarf, 1)])

    assert [(r.variant_id, r.quantity) for r in held] == [(shirt.pk, 4), (scarf.pk, 1)]
    assert level_of(shirt) == (5, 4)
    assert level_of(hat) == (5, 0)
    assert level_of(scarf) == (5, 1)
    statuses = dict(Reservation.objects.values_list("variant_id", "status"))
    assert statuses == {shirt.pk: "active", hat.pk: "released", scarf.pk: "active"}
    # The hat comes back when the cart changes its mind again.
    stock_reserve(token="cart-1", lines=[(hat, 1)])
    assert (level_of(shirt), level_of(hat), level_of(scarf)) == ((5, 0), (5, 1), (5, 0))


def test_a_refused_re_reservation_keeps_the_previous_hold(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    stock_reserve(token="other", lines=[(variant, 2)])
    stock_reserve(token="cart-1", lines=[(variant, 2)])
    with pytest.raises(OutOfStock) as excinfo:
        stock_reserve(token="cart-1", lines=[(variant, 4)])
    # What the others leave free is 3 (5 on hand, 2 held by "other").
    assert excinfo.value.shortages[0].available == 1
    assert level_of(variant) == (5, 4)
    assert Reservation.objects.get(token="cart-1").quantity == 2
    # Moving up to what is free works, using the units the cart already holds.
    stock_reserve(token="cart-1", lines=[(variant, 3)])
    assert level_of(variant) == (5, 5)


def test_repeated_lines_are_added_up(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    [held] = stock_reserve(token="cart-1", lines=[(variant, 2), (variant.pk, 1)])
    assert held.quantity == 3
    assert level_of(variant) == (5, 3)


def test_reserve_takes_the_default_location_first_then_others(make_variant):
    variant = make_variant()
    store = LocationFactory(name="Lisbon store")
    stock_set(variant=variant, on_hand=1)
    stock_set(variant=variant, location=store, on_hand=5)
    [first] = stock_reserve(token="cart-1", lines=[(variant, 1)])
    [second] = stock_reserve(token="cart-2", lines=[(variant, 3)])
    assert first.location_id == location_default().pk
    assert second.location_id == store.pk
    assert level_of(variant) == (1, 1)
    assert level_of(variant, store) == (5, 3)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (lambda v: [], "Nothing to reserve."),
        (lambda v: "not lines", "Each line is a variant and a quantity."),
        (lambda v: [("x", 1)], "Each line is a variant and a quantity."),
        (lambda v: [(v, 0)], "at least 1"),
        (lambda v: [(v, -3)], "at least 1"),
        (lambda v: [(v, 1.5)], "whole number"),
        (lambda v: [(v, 1), (987654321, 1)], "Unknown variants: 987654321."),
    ],
    ids=["empty", "not-pairs", "not-a-variant", "zero", "negative", "fraction", "unknown"],
)
def test_reserve_refuses_bad_lines_and_holds_nothing(make_variant, lines, message):
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    with pytest.raises(ValidationError) as excinfo:
        stock_reserve(token="cart-1", lines=lines(variant))
    assert message in messages(excinfo)
    assert level_of(variant) == (5, 0)
    assert not Reservation.objects.exists()


@pytest.mark.parametrize("token", ["", "   ", None, "x" * 101])
def test_reserve_refuses_a_missing_or_oversized_token(make_variant, token):
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    with pytest.raises(ValidationError) as excinfo:
        stock_reserve(token=token, lines=[(variant, 1)])
    assert "token" in excinfo.value.message_dict
    assert level_of(variant) == (5, 0)


def test_reserve_refuses_a_ttl_that_is_not_positive(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    with pytest.raises(ValidationError):
        stock_reserve(token="cart-1", lines=[(variant, 1)], ttl=timedelta(0))


def test_a_converted_checkout_cannot_reserve_again(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    stock_reserve(token="cart-1", lines=[(variant, 1)])
    reservation_convert(token="cart-1")
    with pytest.raises(ReservationConverted):
        stock_reserve(token="cart-1", lines=[(variant, 1)])
    assert level_of(variant) == (4, 0)


# --- inventory_policy "continue": sold beyond stock ---------------------------------


def test_a_variant_sold_beyond_stock_is_never_refused_and_backorders_the_rest(make_variant):
    variant = make_variant(policy="continue")
    stock_set(variant=variant, on_hand=2)
    [held] = stock_reserve(token="cart-1", lines=[(variant, 5)])
    assert held.holds_stock is False
    assert level_of(variant) == (2, 0)  # nothing held: the units stay free
    reservation_convert(token="cart-1")
    assert level_of(variant) == (0, 0)
    sale = StockMovement.objects.filter(variant=variant, reason="sold").get()
    assert (sale.delta_on_hand, sale.backordered) == (-2, 3)


def test_a_variant_sold_beyond_stock_without_any_stock_row(make_variant):
    variant = make_variant(policy="continue")
    stock_reserve(token="cart-1", lines=[(variant, 1)])
    reservation_convert(token="cart-1")
    sale = StockMovement.objects.get(variant=variant)
    assert (sale.delta_on_hand, sale.backordered) == (0, 1)
    assert not StockLevel.objects.filter(variant=variant).exists()


def test_a_mixed_cart_refuses_only_for_the_tracked_variant(make_variant):
    tracked, untracked = make_variant(title="Tracked"), make_variant(policy="continue")
    with pytest.raises(OutOfStock) as excinfo:
        stock_reserve(token="cart-1", lines=[(tracked, 1), (untracked, 9)])
    assert [s.variant_id for s in excinfo.value.shortages] == [tracked.pk]
    assert not Reservation.objects.exists()


# --- reservation_convert ----------------------------------------------------------


def test_convert_sells_the_held_units_once(make_variant):
    shirt, hat = make_variant(), make_variant()
    stock_set(variant=shirt, on_hand=5)
    stock_set(variant=hat, on_hand=2)
    stock_reserve(token="cart-1", lines=[(shirt, 2), (hat, 2)])

    converted = reservation_convert(token="cart-1")
    again = reservation_convert(token="cart-1")

    assert {r.status for r in converted} == {"converted"}
    assert [r.pk for r in again] == [r.pk for r in converted]
    assert level_of(shirt) == (3, 0)
    assert level_of(hat) == (0, 0)
    assert movements(shirt)[-1] == ("sold", -2, -2)
    assert StockMovement.objects.filter(reason="sold").count() == 2


def test_convert_of_an_unknown_token_is_refused(shop):
    with pytest.raises(ReservationNotFound, match="holds no stock"):
        reservation_convert(token="nobody")


def test_convert_after_release_is_refused(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    stock_reserve(token="cart-1", lines=[(variant, 1)])
    reservation_release(token="cart-1")
    with pytest.raises(ReservationReleased, match="released"):
        reservation_convert(token="cart-1")
    assert level_of(variant) == (5, 0)


def test_an_expired_hold_not_yet_swept_still_converts(make_variant):
    """Nobody else could take those units yet, and the shopper has paid."""
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    stock_reserve(token="cart-1", lines=[(variant, 1)])
    Reservation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    reservation_convert(token="cart-1")
    assert level_of(variant) == (4, 0)


# --- reservation_release / expiry -------------------------------------------------


def test_release_gives_the_units_back_once(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    stock_reserve(token="cart-1", lines=[(variant, 3)])
    assert reservation_release(token="cart-1") == 1
    assert reservation_release(token="cart-1") == 0
    assert level_of(variant) == (5, 0)
    assert movements(variant)[-1] == ("released", 0, -3)
    assert Reservation.objects.get().status == "released"


def test_release_of_an_unknown_token_does_nothing(shop):
    assert reservation_release(token="nobody") == 0


def test_release_never_undoes_a_sale(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=5)
    stock_reserve(token="cart-1", lines=[(variant, 3)])
    reservation_convert(token="cart-1")
    assert reservation_release(token="cart-1") == 0
    assert level_of(variant) == (2, 0)
    assert Reservation.objects.get().status == "converted"


def test_release_expired_frees_only_holds_past_their_time(make_variant):
    variant = make_variant()
    stock_set(variant=variant, on_hand=10)
    stock_reserve(token="late", lines=[(variant, 3)], ttl=timedelta(minutes=1))
    stock_reserve(token="fresh", lines=[(variant, 2)], ttl=timedelta(minutes=30))
    stock_reserve(token="sold", lines=[(variant, 1)], ttl=timedelta(minutes=1))
    reservation_convert(token="sold")

    released = reservations_release_expired(now=timezone.now() + timedelta(minutes=5))

    assert released == 1
    assert level_of(variant) == (9, 2)
    statuses = dict(Reservation.objects.values_list("token", "status"))
    assert statuses == {"late": "released", "fresh": "active", "sold": "converted"}
    assert movements(variant)[-1] == ("expired", 0, -3)
    with pytest.raises(ReservationReleased):
        reservation_convert(token="late")
    assert reservations_release_expired(now=timezone.now() + timedelta(minutes=5)) == 0


def test_release_expired_works_through_batches(make_variant):
    variants = [make_variant() for _ in range(5)]
    for i, variant in enumerate(variants):
        stock_set(variant=variant, on_hand=1)
        stock_reserve(token=f"cart-{i}", lines=[(variant, 1)], ttl=timedelta(seconds=1))
    later = timezone.now() + timedelta(minutes=1)
    assert reservations_release_expired(now=later, batch_size=2) == 5
    assert not Reservation.objects.active().exists()
    assert all(level_of(v) == (1, 0) for v in variants)


def test_a_shop_that_lost_its_default_location_gets_one_back(shop):
    Location.objects.all().delete()
    assert location_default().name == "Main warehouse"
    assert Location.objects.get().is_default

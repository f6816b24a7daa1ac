"""Never oversell: 200 checkouts race for 10 units, each in its own thread and connection.

Every checkout reserves one unit and converts it into a sale in one transaction, on a
connection of its own (real commits, so the shop comes from
``committed_shop_factory``). All threads wait at a barrier and then go at once; a
semaphore keeps at most ``CONNECTIONS`` of them connected at a time, because the test
PostgreSQL (shared with other test runs) allows 100 connections in all. A watcher on
one more connection samples the stock row throughout, to catch a negative count that
the end state would hide.
"""

from __future__ import annotations

import threading
import time

from django.db import connection, transaction
from django_tenants.utils import schema_context

from inventory.exceptions import OutOfStock
from inventory.models import Reservation, StockLevel, StockMovement
from inventory.services import reservation_convert, stock_reserve, stock_set
from tests.inventory.factories import create_variant

BUYERS = 200
UNITS = 10
CONNECTIONS = 32
DEADLINE_SECONDS = 60


def _checkout(shop, variant_id: int, buyer: int, start, gate, outcomes: list) -> None:
    start.wait()
    with gate:
        try:
            connection.set_tenant(shop)
            with transaction.atomic():
                stock_reserve(token=f"buyer-{buyer}", lines=[(variant_id, 1)])
                reservation_convert(token=f"buyer-{buyer}")
            outcomes.append("sold")
        except OutOfStock as exc:
            clear = "0 available, 1 requested" in str(exc)
            outcomes.append("out of stock" if clear else f"unclear refusal: {exc}")
        except Exception as exc:  # a deadlock, a constraint error: the test must see it
            outcomes.append(repr(exc))
        finally:
            connection.close()


def _watch(shop, level_id: int, stop: threading.Event, lowest: dict) -> None:
    try:
        connection.set_tenant(shop)
        while not stop.is_set():
            level = StockLevel.objects.get(pk=level_id)
            lowest["on_hand"] = min(lowest["on_hand"], level.on_hand)
            lowest["available"] = min(lowest["available"], level.available)
            lowest["samples"] += 1
            time.sleep(0.002)
    finally:
        connection.close()


def test_200_concurrent_checkouts_for_10_units_sell_exactly_10(committed_shop_factory):
    shop = committed_shop_factory()
    with schema_context(shop.schema_name):
        variant = create_variant(title="Limited print")
        level = stock_set(variant=variant, on_hand=UNITS)

    outcomes: list[str] = []
    start, gate = threading.Barrier(BUYERS), threading.BoundedSemaphore(CONNECTIONS)
    stop, lowest = threading.Event(), {"on_hand": UNITS, "available": UNITS, "samples": 0}
    watcher = threading.Thread(target=_watch, args=(shop, level.pk, stop, lowest))
    buyers = [
        threading.Thread(target=_checkout, args=(shop, variant.pk, i, start, gate, outcomes))
        for i in range(BUYERS)
    ]
    watcher.start()
    started = time.monotonic()
    for thread in buyers:
        thread.start()
    for thread in buyers:
        thread.join(timeout=max(0.1, DEADLINE_SECONDS - (time.monotonic() - started)))
    stop.set()
    watcher.join(timeout=10)
    assert not any(t.is_alive() for t in buyers), "checkouts still running at the deadline"

    assert sorted(set(outcomes)) == ["out of stock", "sold"], set(outcomes)
    assert outcomes.count("sold") == UNITS
    assert outcomes.count("out of stock") == BUYERS - UNITS
    assert lowest["on_hand"] >= 0 and lowest["available"] >= 0
    assert lowest["samples"] > 0
    with schema_context(shop.schema_name):
        level.refresh_from_db()
        assert (level.on_hand, level.reserved) == (0, 0)
        assert Reservation.objects.filter(status="converted").count() == UNITS
        assert Reservation.objects.count() == UNITS  # refused checkouts left no rows
        sold = StockMovement.objects.filter(reason="sold").values_list("delta_on_hand", flat=True)
        assert sorted(sold) == [-1] * UNITS


def _run_all(targets) -> None:
    threads = [threading.Thread(target=t) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE_SECONDS)
    assert not any(t.is_alive() for t in threads), "threads still running at the deadline"


def test_a_double_click_from_many_connections_holds_once(committed_shop_factory):
    """The same checkout token sent 20 times at once holds its units once."""
    shop = committed_shop_factory()
    with schema_context(shop.schema_name):
        variant = create_variant()
        stock_set(variant=variant, on_hand=UNITS)
    start, errors = threading.Barrier(20), []

    def click():
        start.wait()
        try:
            connection.set_tenant(shop)
            stock_reserve(token="same-cart", lines=[(variant.pk, 3)])
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    _run_all([click] * 20)
    assert errors == []
    with schema_context(shop.schema_name):
        assert StockLevel.objects.get().reserved == 3
        assert Reservation.objects.get().quantity == 3
        assert StockMovement.objects.filter(reason="reserved").count() == 1


def test_carts_listing_the_same_variants_in_any_order_do_not_deadlock(committed_shop_factory):
    """Lines are locked in variant-id order whatever order the cart lists them in."""
    shop = committed_shop_factory()
    with schema_context(shop.schema_name):
        variants = [create_variant() for _ in range(5)]
        for variant in variants:
            stock_set(variant=variant, on_hand=1000)
    ids = [v.pk for v in variants]
    carts = 30
    start, errors = threading.Barrier(carts), []

    def buy(n: int):
        lines = [(variant_id, 1 + n % 3) for variant_id in (ids if n % 2 else ids[::-1])]
        start.wait()
        try:
            connection.set_tenant(shop)
            with transaction.atomic():
                stock_reserve(token=f"cart-{n}", lines=lines)
                time.sleep(0.005)  # hold the locks a moment, as a checkout would
                reservation_convert(token=f"cart-{n}")
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    _run_all([lambda n=n: buy(n) for n in range(carts)])
    assert errors == []
    sold_each = sum(1 + n % 3 for n in range(carts))
    with schema_context(shop.schema_name):
        assert (
            sorted(StockLevel.objects.values_list("on_hand", "reserved"))
            == [(1000 - sold_each, 0)] * 5
        )

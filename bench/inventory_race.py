"""Checkout races: Souk's conditional UPDATE against a naive read-check-write, same run.

Scenarios, each run once per implementation on freshly reset stock:

* ``race``: ``--buyers`` (500) buyers for ``--units`` (100) units of one variant, one
  unit each.
* ``mixed``: ``--mixed-buyers`` (1000) carts of 1–3 lines (1–2 units each) over
  ``--variants`` (200) variants holding 0–20 units.

Every checkout is a thread with a connection of its own (opened for the checkout,
closed after it); a semaphore keeps ``--connections`` (32) of them connected at once,
since the embedded PostgreSQL allows 100 connections and is shared. A checkout is one
transaction: reserve, then convert into a sale.

Implementations:

* ``souk``: ``inventory.services.stock_reserve`` + ``reservation_convert`` (one
  conditional ``UPDATE`` per line, lines in variant order).
* ``naive`` (baseline): per line, ``SELECT on_hand, reserved``; if enough, ``UPDATE …
  SET on_hand = <value read> - q``. Concurrent buyers read the same value and write
  over each other (lost updates), so more units are sold than existed. The check
  constraints cannot see this: no row ever holds a negative number.

Figures: checkouts (reservation + sale) per second, units sold, **oversold** units
(sold beyond the stock a variant started with; must be 0), **wrongly refused**
checkouts (refused although every short line still had enough: stock only falls
during a run, so availability read after the refusal is a lower bound of what the
refused checkout could have had; must be 0), errors, peak RSS.

Run: ``SOUK_EMBEDDED_DB=souk_inventory_bench .venv/bin/python bench/inventory_race.py``
(migrates that database first, provisions one shop, drops it afterwards). Never part
of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import threading
import uuid
from collections import Counter
from pathlib import Path

import measure


def django_setup() -> None:
    measure.source_paths()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("SOUK_EMBEDDED_DB", "souk_inventory_bench")
    os.environ.setdefault("DEBUG", "0")  # no query log kept in memory
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("CONN_MAX_AGE", "0")
    import django

    django.setup()


# --- Implementations: each returns "sold" or "refused", or raises ------------------


def souk_checkout(token: str, lines: list[tuple[int, int]]) -> tuple[str, bool]:
    """(outcome, wrongly refused?)"""
    from django.db import transaction

    from inventory.exceptions import OutOfStock
    from inventory.services import reservation_convert, stock_reserve

    try:
        with transaction.atomic():
            stock_reserve(token=token, lines=lines)
            reservation_convert(token=token)
    except OutOfStock as refusal:
        wrong = all(s.available >= s.requested for s in refusal.shortages)
        return "refused", wrong
    return "sold", False


def naive_checkout(token: str, lines: list[tuple[int, int]]) -> tuple[str, bool]:
    from django.db import connection, transaction

    from inventory.models import StockLevel

    table = StockLevel._meta.db_table
    short = None
    with transaction.atomic(), connection.cursor() as cursor:
        for variant_id, quantity in sorted(lines):
            cursor.execute(
                f"SELECT id, on_hand, reserved FROM {table} WHERE variant_id = %s", [variant_id]
            )
            row = cursor.fetchone()
            if row is None or row[1] - row[2] < quantity:
                short = (variant_id, quantity)
                transaction.set_rollback(True)
                break
            cursor.execute(
                f"UPDATE {table} SET on_hand = %s WHERE id = %s", [row[1] - quantity, row[0]]
            )
    if short is None:
        return "sold", False
    with connection.cursor() as cursor:
        return "refused", _available(cursor, table, [short])


def _available(cursor, table: str, lines) -> bool:
    for variant_id, quantity in lines:
        cursor.execute(
            f"SELECT coalesce(sum(on_hand - reserved), 0) FROM {table} WHERE variant_id = %s",
            [variant_id],
        )
        if cursor.fetchone()[0] < quantity:
            return False
    return True


IMPLEMENTATIONS = {"souk": souk_checkout, "naive": naive_checkout}


# --- Running a load -----------------------------------------------------------------


def run_load(shop, implementation, carts, *, connections: int) -> dict:
    from django.db import connection

    checkout = IMPLEMENTATIONS[implementation]
    outcomes: Counter = Counter()
    sold_units: Counter = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(carts) + 1)
    gate = threading.BoundedSemaphore(connections)
    run_id = uuid.uuid4().hex[:8]

    def buyer(n: int, lines):
        start.wait()
        with gate:
            try:
                connection.set_tenant(shop)
                outcome, wrong = checkout(f"{run_id}-{n}", lines)
                with lock:
                    outcomes[outcome] += 1
                    outcomes["wrongly refused"] += int(wrong)
                    if outcome == "sold":
                        for variant_id, quantity in lines:
                            sold_units[variant_id] += quantity
            except Exception as exc:
                with lock:
                    errors.append(repr(exc)[:200])
            finally:
                connection.close()

    threads = [threading.Thread(target=buyer, args=(n, c)) for n, c in enumerate(carts)]
    for thread in threads:
        thread.start()
    with measure.RssSampler(lambda: [os.getpid()]) as rss:
        started = measure.now()
        start.wait()
        for thread in threads:
            thread.join()
        elapsed = measure.now() - started
        peak = rss.peak()
    return {
        "seconds": elapsed,
        "checkouts_per_second": len(carts) / elapsed,
        "sales_per_second": outcomes["sold"] / elapsed,
        "sold": outcomes["sold"],
        "refused": outcomes["refused"],
        "wrongly_refused": outcomes["wrongly refused"],
        "errors": len(errors),
        "first_errors": errors[:3],
        "sold_units": dict(sold_units),
        "peak_rss_mib": peak["total_mib"],
    }


def reset_stock(shop, stock: dict[int, int]) -> None:
    from django.db import connection
    from django_tenants.utils import schema_context

    from inventory.models import Reservation, StockLevel, StockMovement

    with schema_context(shop.schema_name):
        Reservation.objects.all().delete()
        StockMovement.objects.all().delete()
        StockLevel.objects.all().delete()
        location = _default_location()
        StockLevel.objects.bulk_create(
            StockLevel(variant_id=v, location_id=location, on_hand=units)
            for v, units in stock.items()
        )
    connection.close()


def _default_location() -> int:
    from inventory.services import location_default

    return location_default().pk


def judge(shop, stock: dict[int, int], result: dict) -> dict:
    """Oversold units, from what buyers were told they bought and from the rows."""
    from django_tenants.utils import schema_context

    from inventory.models import StockLevel

    oversold = sum(max(0, result["sold_units"].get(v, 0) - units) for v, units in stock.items())
    with schema_context(shop.schema_name):
        rows = dict(StockLevel.objects.values_list("variant_id", "on_hand"))
    # Units the rows disagree with the sales about (lost updates write stale counts).
    lost = sum(abs(units - result["sold_units"].get(v, 0) - rows[v]) for v, units in stock.items())
    result = {k: v for k, v in result.items() if k != "sold_units"}
    return {**result, "oversold_units": oversold, "stock_rows_disagreeing_by": lost}


def scenario_carts(args, variant_ids: list[int], rng: random.Random):
    single = variant_ids[0]
    race = {"stock": {single: args.units}, "carts": [[(single, 1)]] * args.buyers}
    pool = variant_ids[1 : args.variants + 1]
    mixed_stock = {v: rng.randint(0, 20) for v in pool}
    mixed_carts = []
    for _ in range(args.mixed_buyers):
        chosen = rng.sample(pool, rng.randint(1, 3))
        mixed_carts.append([(v, rng.randint(1, 2)) for v in chosen])
    return {"race": race, "mixed": {"stock": mixed_stock, "carts": mixed_carts}}


def make_variants(shop, count: int) -> list[int]:
    from decimal import Decimal

    from django_tenants.utils import schema_context

    from catalog.models import Product, Variant

    with schema_context(shop.schema_name):
        ids = []
        for n in range(count):
            product = Product.objects.create(
                title=f"Bench item {n}", handle=f"bench-item-{n}", status="active"
            )
            ids.append(Variant.objects.create(product=product, price=Decimal("9.99")).pk)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=500)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--variants", type=int, default=200)
    parser.add_argument("--mixed-buyers", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()

    django_setup()
    from django.core.management import call_command

    from provisioning.services import shop_provision
    from shops.services import shop_delete

    call_command("migrate", interactive=False, verbosity=0)
    subdomain = f"invbench-{uuid.uuid4().hex[:6]}"
    shop = shop_provision(
        name="Inventory bench", subdomain=subdomain, owner_email=f"owner@{subdomain}.invalid"
    )
    results = {"machine": measure.machine(), "args": vars(args) | {"json": None}}
    try:
        rng = random.Random(args.seed)
        scenarios = scenario_carts(args, make_variants(shop, args.variants + 1), rng)
        for name, scenario in scenarios.items():
            for implementation in ("souk", "naive"):
                reset_stock(shop, scenario["stock"])
                outcome = run_load(
                    shop, implementation, scenario["carts"], connections=args.connections
                )
                results[f"{name}/{implementation}"] = judge(shop, scenario["stock"], outcome)
                print(_line(name, implementation, results[f"{name}/{implementation}"]))
    finally:
        shop_delete(shop=shop, confirm_subdomain=subdomain)
    results["process_peak_rss_mib"] = measure.max_rss_mib()
    print(f"process peak RSS: {results['process_peak_rss_mib']:.0f} MiB")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def _line(name: str, implementation: str, r: dict) -> str:
    return (
        f"{name:6} {implementation:6} {r['checkouts_per_second']:7.0f} checkouts/s "
        f"({r['sales_per_second']:6.0f} sales/s, {r['seconds']:.2f} s) "
        f"sold {r['sold']:4} refused {r['refused']:4} oversold {r['oversold_units']:4} units "
        f"wrongly refused {r['wrongly_refused']:3} errors {r['errors']:3} "
        f"rows off by {r['stock_rows_disagreeing_by']:4} peak RSS {r['peak_rss_mib']:.0f} MiB"
        + (f"\n    first errors: {r['first_errors']}" if r["errors"] else "")
    )


if __name__ == "__main__":
    main()

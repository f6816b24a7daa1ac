"""Writing the daily aggregates: one changed order at a time, or all orders at once.

``order_record`` is called by the order services (``orders.figures``) inside the
transaction that changed the order, after they locked it: the aggregates commit or
roll back with the change, and two changes of one order are recorded one after the
other. Rows are upserted in key order, so two checkouts touching the same days and
products lock them in the same order and cannot deadlock.

``aggregates_rebuild`` empties the tables and writes them again from every order's
figures with ``COPY`` (``manage.py analytics_rebuild``): for shops that had orders
before analytics existed, or after a repair.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection

from analytics.collections_at_sale import product_collections
from analytics.contributions import (
    TABLES,
    Contribution,
    Labels,
    contribution_add,
    contribution_difference,
    contribution_dump,
    contribution_load,
    order_contribution,
)
from analytics.models import CustomerFirstOrder, OrderContribution
from analytics.types import OrderFigures
from catalog.models import Collection


def order_record(*, figures: OrderFigures) -> None:
    """Bring the aggregates up to date with one order's current ``figures``.

    Idempotent: recording the same figures twice adds nothing the second time.
    """
    stored = OrderContribution.objects.filter(order_id=figures.order_id).first()
    if stored is None:
        returning = _returning(figures.email, figures.order_id)
        collections, titles = product_collections(line.product_id for line in figures.lines)
        old = {}
    else:
        returning = stored.returning_customer
        collections = {int(k): v for k, v in stored.collections.items()}
        titles = _collection_titles(collections)
        old = contribution_load(stored.figures)
    new, labels = order_contribution(
        figures, returning=returning, collections=collections, collection_titles=titles
    )
    delta = contribution_difference(new, old)
    if not delta and stored is not None:
        return
    _write(
        delta,
        labels,
        contribution=(
            figures.order_id,
            returning,
            json.dumps({str(k): v for k, v in collections.items()}),
            json.dumps(contribution_dump(new)),
        ),
    )


def aggregates_rebuild(figures: Iterable[OrderFigures], *, batch_size: int = 2000) -> int:
    """Write every table again from ``figures`` (all orders, oldest first); the count.

    Whether a customer returns is decided in the order given, as placing them did;
    collections are today's (what held a product when it sold is not kept anywhere
    but in the aggregates being rebuilt).
    """
    _empty()
    seen: dict[str, int] = {}
    total: Contribution = {}
    labels: Labels = {name: {} for name in TABLES}
    collections_cache: dict[int, list[int]] = {}
    titles: dict[int, str] = {}
    count = 0
    batch: list[OrderFigures] = []

    def flush():
        missing = {
            line.product_id
            for f in batch
            for line in f.lines
            if line.product_id is not None and line.product_id not in collections_cache
        }
        if missing:
            found, found_titles = product_collections(missing)
            titles.update(found_titles)
            for pk in missing:
                collections_cache[pk] = found.get(pk, [])
        stored = []
        for f in batch:
            returning = seen.setdefault(f.email, f.order_id) != f.order_id
            held = {
                line.product_id: collections_cache[line.product_id]
                for line in f.lines
                if line.product_id is not None and collections_cache[line.product_id]
            }
            contribution, order_labels = order_contribution(
                f, returning=returning, collections=held, collection_titles=titles
            )
            contribution_add(total, contribution)
            for name, rows in order_labels.items():
                labels[name].update(rows)
            stored.append((f.order_id, returning, held, contribution))
        _copy_contributions(stored)
        batch.clear()

    for f in figures:
        batch.append(f)
        count += 1
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    _copy_customers(seen)
    for name, rows in total.items():
        _copy_table(name, rows, labels[name])
    return count


def _returning(email: str, order_id: int) -> bool:
    """Claim ``email``'s first order for ``order_id``; True if another order had it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO analytics_customerfirstorder (email, order_id) VALUES (%s, %s) "
            "ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING order_id",
            [email, order_id],
        )
        (first,) = cursor.fetchone()
    return first != order_id


def _collection_titles(collections: dict[int, list[int]]) -> dict[int, str]:
    ids = {c for held in collections.values() for c in held}
    if not ids:
        return {}
    return dict(Collection.objects.filter(pk__in=ids).values_list("pk", "title"))


def _write(delta: Contribution, labels: Labels, *, contribution: tuple) -> None:
    """Every upsert and the order's new contribution in one statement (data-modifying
    CTEs): one round trip in the order's transaction, whatever the tables touched."""
    parts, params = [], []
    for name, rows in delta.items():
        table = TABLES[name]
        columns = [*table.keys, *table.sums, *table.labels]
        values = []
        for key, fields in rows.items():
            row_labels = labels.get(name, {}).get(key, {})
            values.append("(" + ", ".join(["%s"] * len(columns)) + ")")
            params += [
                *key,
                *(fields.get(f, 0) for f in table.sums),
                *(row_labels.get(f, "") for f in table.labels),
            ]
        updates = [f"{f} = t.{f} + EXCLUDED.{f}" for f in table.sums] + [
            f"{f} = COALESCE(NULLIF(EXCLUDED.{f}, ''), t.{f})" for f in table.labels
        ]
        parts.append(
            f"{name} AS (INSERT INTO {table.db_table} AS t ({', '.join(columns)}) "  # noqa: S608 (names from TABLES)
            f"VALUES {', '.join(values)} "
            f"ON CONFLICT ({', '.join(table.keys)}) DO UPDATE SET {', '.join(updates)})"
        )
    params += contribution
    statement = (
        (f"WITH {', '.join(parts)} " if parts else "")  # noqa: S608 (names from TABLES)
        + f"INSERT INTO {OrderContribution._meta.db_table} "  # noqa: S608 (a model's table)
        "(order_id, returning_customer, collections, figures) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (order_id) DO UPDATE SET returning_customer = EXCLUDED.returning_customer, "
        "collections = EXCLUDED.collections, figures = EXCLUDED.figures"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _empty() -> None:
    tables = [t.db_table for t in TABLES.values()]
    tables += [OrderContribution._meta.db_table, CustomerFirstOrder._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)}")


def _copy(db_table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {db_table} ({', '.join(columns)}) FROM STDIN"  # names from TABLES
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _copy_table(name: str, rows: Contribution, labels: dict) -> None:
    table = TABLES[name]
    _copy(
        table.db_table,
        [*table.keys, *table.sums, *table.labels],
        (
            (
                *key,
                *(fields.get(f, 0) for f in table.sums),
                *(labels.get(key, {}).get(f, "") for f in table.labels),
            )
            for key, fields in rows.items()
        ),
    )


def _copy_contributions(stored) -> None:
    _copy(
        OrderContribution._meta.db_table,
        ["order_id", "returning_customer", "collections", "figures"],
        (
            (
                order_id,
                returning,
                json.dumps({str(k): v for k, v in held.items()}),
                json.dumps(contribution_dump(contribution)),
            )
            for order_id, returning, held, contribution in stored
        ),
    )


def _copy_customers(seen: dict[str, int]) -> None:
    _copy(CustomerFirstOrder._meta.db_table, ["email", "order_id"], seen.items())

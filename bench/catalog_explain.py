"""``EXPLAIN (ANALYZE, BUFFERS)`` of every statement a catalogue page runs.

Complements ``bench/catalog_pages.py``: request timings on a shared, loaded machine
swing with the load, the database's own execution time of each statement much less.
Each page is requested once through Django's test ``Client`` on the shop's host (so
the statements are exactly the view's), every statement is recorded with its
parameters, then each SELECT is run again under ``EXPLAIN ANALYZE`` in the shop's
schema, ``--repeat`` times, keeping the fastest (warm cache, least disturbed by load).
The shop's cache is emptied before the recorded request (the first view after a
catalogue write: option choices and count are computed); ``--warm`` keeps it.

Run on a shop made by ``bench/catalog_pages.py`` or ``manage.py generate_catalog``:
``DATABASE_URL=... .venv/bin/python bench/catalog_explain.py --shop catbench``.
Prints a Markdown table; ``--plans`` also prints each plan's text.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import catalog_pages
import measure

EXTRA_PAGES = {
    "all, newest, option M": "/collections/all/?option=M",
    "all, price 50-60": "/collections/all/?min_price=50&max_price=60",
    "all, price high-low": "/collections/all/?sort=price-desc",
    "all, available only": "/collections/all/?available=1",
    "all, best selling": "/collections/all/?sort=best-selling",
    "automatic, newest, option M": f"/collections/{catalog_pages.COLLECTION}/?option=M",
    "all, page 200, price high-low": "/collections/all/?sort=price-desc&page=200",
    "all, page 200 by cursor, price high-low": (
        catalog_pages.CURSOR + "/collections/all/?sort=price-desc&page=199"
    ),
    "all, page 200, best selling": "/collections/all/?sort=best-selling&page=200",
    "all, page 200 by cursor, best selling": (
        catalog_pages.CURSOR + "/collections/all/?sort=best-selling&page=199"
    ),
    "all, page 200, available only, price low-high": (
        "/collections/all/?sort=price-asc&available=1&page=200"
    ),
    "all, page 200 by cursor, available only, price low-high": (
        catalog_pages.CURSOR + "/collections/all/?sort=price-asc&available=1&page=199"
    ),
}


class _Recorder:
    def __init__(self) -> None:
        self.statements: list[tuple[str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def _explain(cursor, sql: str, params, repeat: int) -> tuple[float, str]:
    best = None
    for _ in range(repeat):
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
        plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
        if best is None or plan["Execution Time"] < best["Execution Time"]:
            best = plan
    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
    text = "\n".join(row[0] for row in cursor.fetchall())
    return best["Execution Time"], text


def _label(sql: str) -> str:
    """A short name for a statement: what it reads."""
    low = sql.lower()
    if "unnest" in low or ("distinct" in low and "option1" in low):
        return "option values"
    if low.startswith("select count(*)"):
        return "count"
    if "wagtailimages_rendition" in low:
        return "renditions"
    if "catalog_productimage" in low:
        return "images"
    if "catalog_collectionrule" in low:
        return "rules"
    if 'from "catalog_collection"' in low:
        return "collection"
    if 'from "catalog_product"' in low:
        return "products"
    return sql.split(" FROM ")[-1][:30]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shop", default=catalog_pages.SHOP)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--plans", action="store_true")
    parser.add_argument("--only", help="Only pages whose name contains this.")
    parser.add_argument(
        "--warm", action="store_true", help="Keep the shop cache (steady state, no write)."
    )
    args = parser.parse_args()
    catalog_pages.SHOP = args.shop
    catalog_pages.django_setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django_tenants.utils import schema_context

    from catalog.models import Product
    from shops.models import Shop

    shop = Shop.objects.get(subdomain=args.shop)
    with schema_context(shop.schema_name):
        count = Product.objects.filter(status="active").count()
        handle = Product.objects.filter(status="active").order_by("id")[count // 2].handle
    pages = {**catalog_pages.pages(handle), **EXTRA_PAGES}
    client = Client(HTTP_HOST=f"{args.shop}.{settings.PLATFORM_DOMAIN}")
    print(f"load average before: {' / '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"| page | statement | ms (best of {args.repeat}) |")
    print("| --- | --- | ---: |")
    for name, url in pages.items():
        if args.only and args.only not in name:
            continue
        url = catalog_pages.resolve(client, url)
        assert client.get(url).status_code == 200, url  # warm: renditions, caches
        # Cold shop cache: the statements a page runs after a catalogue write (the
        # option choices are cached per catalogue version; see storefront.selectors.listings).
        if not args.warm:
            caches["default"].clear()
        recorder = _Recorder()
        with connection.execute_wrapper(recorder):
            assert client.get(url).status_code == 200, url
        total = 0.0
        with schema_context(shop.schema_name), connection.cursor() as cursor:
            for sql, params in recorder.statements:
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                ms, text = _explain(cursor, sql, params, args.repeat)
                total += ms
                print(f"| {name} | {_label(sql)} | {ms:.1f} |", flush=True)
                if args.plans:
                    print(f"\n```\n{sql}\n{params}\n\n{text}\n```\n")
        print(f"| {name} | **all SELECTs** | **{total:.1f}** |", flush=True)
    print(f"load average after: {' / '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    sys.path.insert(0, str(measure.ROOT / "bench"))
    main()

"""The Admin API beside the shop admin's pages, in one process on one shop.

Scenarios (each: warm-up, then ``--requests`` sequential requests through Django's
test ``Client`` with the shop's host, so routing, middleware, the gate, auth, the view
and serialisation all run):

* products list, 250 per page (``GET /api/admin/2026-12/products.json?limit=250``:
  variants, options, images, stock) beside the admin's product list page;
* orders list, 250 per page (``GET …/orders.json?limit=250``: line items) beside the
  admin's order list page;
* create a product with 10 variants (``POST …/products.json``) beside the product
  editor's ``add`` form posting the same product.

Each scenario reports median and p95 latency, requests/s (sequential: 1 / mean) and
the queries of one request; the process's peak RSS is reported once (one process
runs both sides, so it bounds both). Rate limiting is off (no Redis URL), as the
admin has none.

Run (a database of its own; the catalogue is generated once and kept)::

    createdb -h 127.0.0.1 -U postgres souk_api_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/souk_api_bench
    .venv/bin/python manage.py migrate_schemas
    .venv/bin/python bench/admin_api.py --products 100000 --orders 1000 --requests 30

Writes docs/benchmarks-api.md (``--no-write`` to only print).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from decimal import Decimal

import measure

DOCS = measure.ROOT / "docs" / "benchmarks-api.md"
SHOP = os.environ.get("SOUK_APIBENCH_SHOP", "apibench")
TARGET_P95_S = 0.150


def django_setup() -> None:
    measure.source_paths()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["STOREFRONT_PAGE_CACHE"] = "0"
    os.environ["API_RATE_LIMIT_REDIS_URL"] = ""
    import django

    django.setup()
    from django.contrib.staticfiles import storage

    storage.staticfiles_storage._wrapped = storage.StaticFilesStorage()


def prepare(*, products: int, orders: int) -> dict:
    from django.db import connection
    from django_tenants.utils import schema_context

    from api.scopes import SCOPES
    from api.services import app_create
    from catalog.models import Product, Variant
    from demo.catalog_generator import catalog_generate
    from orders.models import Order
    from orders.services import order_place
    from orders.types import Address, OrderTotals, PlacedLine, PlacedOrder
    from provisioning.services import shop_provision
    from shops.models import Shop

    connection.set_schema_to_public()
    shop = Shop.objects.filter(subdomain=SHOP).first()
    if shop is None:
        shop = shop_provision(
            name="API bench",
            subdomain=SHOP,
            owner_email=f"owner@{SHOP}.example",
            owner_password="apibench-owner-1",  # noqa: S106 - a bench shop's owner
        )
    result: dict = {"shop": SHOP}
    with schema_context(shop.schema_name):
        have = Product.objects.count()
        if have < products:
            start = measure.now()
            catalog_generate(products=products - have, append=have > 0)
            result["generated_products_seconds"] = measure.now() - start
        variants = list(Variant.objects.order_by("id").values_list("id", "sku", "price")[:50])
        have = Order.objects.count()
        for n in range(have, orders):
            lines = [
                PlacedLine(
                    variant_id=v_id,
                    product_title=f"Product {v_id}",
                    variant_title="",
                    sku=sku,
                    quantity=1 + n % 3,
                    unit_price=price,
                    line_discount=Decimal("0.00"),
                    tax_amount=Decimal("0.00"),
                )
                for v_id, sku, price in variants[n % 40 : n % 40 + 3]
            ]
            subtotal = sum((x.unit_price * x.quantity for x in lines), Decimal("0.00"))
            order_place(
                placed=PlacedOrder(
                    checkout_token=f"apibench-{n}",
                    email=f"buyer{n}@example.com",
                    currency=shop.currency,
                    lines=lines,
                    totals=OrderTotals(
                        subtotal=subtotal,
                        discount_total=Decimal("0.00"),
                        shipping_total=Decimal("5.00"),
                        tax_total=Decimal("0.00"),
                        total=subtotal + Decimal("5.00"),
                        prices_include_tax=False,
                    ),
                    shipping_address=Address(
                        name="Bench Buyer",
                        line1="1 Main St",
                        city="Paris",
                        postal_code="75001",
                        country="FR",
                    ),
                    shipping_method_name="Standard",
                    tax_lines=[],
                ),
                actor="bench",
            )
        _app, token = app_create(name=f"Bench {time.time():.0f}", scopes=SCOPES)
        result["counts"] = {"products": Product.objects.count(), "orders": Order.objects.count()}
    result["token"] = token
    return result


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def _time(label: str, call, *, requests: int, warmup: int, check) -> dict:
    from django.db import connection

    for _ in range(warmup):
        check(call())
    queries = _Counter()
    with connection.execute_wrapper(queries):
        check(call())
    samples = []
    for _ in range(requests):
        start = measure.now()
        response = call()
        samples.append(measure.now() - start)
        check(response)
    summary = measure.summary(samples)
    summary.pop("samples")
    summary["requests_per_s"] = 1 / summary["mean"]
    summary["queries"] = queries.n
    summary["label"] = label
    return summary


def run(*, requests: int, warmup: int, token: str) -> dict:
    from django.conf import settings
    from django.db import connection
    from django_tenants.utils import schema_context

    from inventory.models import Location
    from shops.models import Shop
    from tests.catalog_admin.conftest import product_post
    from tests.support.shop_admin import shop_admin_login

    host = f"{SHOP}.{settings.PLATFORM_DOMAIN}"
    connection.set_schema_to_public()
    shop = Shop.objects.get(subdomain=SHOP)
    admin = shop_admin_login(host=host)
    admin.defaults["HTTP_HOST"] = host
    from django.test import Client

    api = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Bearer {token}")
    base = "/api/admin/2026-12/"
    with schema_context(shop.schema_name):
        location = Location.objects.get(is_default=True).pk

    def ok(status):
        def check(response):
            assert response.status_code == status, (response.status_code, response.content[:300])

        return check

    counter = iter(range(10**9))
    sizes = ["XS", "S", "M", "L", "XL"]
    colours = ["Black", "White"]

    def api_create():
        n = next(counter)
        body = {
            "product": {
                "title": f"Bench tee {n}",
                "options": [
                    {"name": "Size", "values": sizes},
                    {"name": "Colour", "values": colours},
                ],
                "variants": [
                    {"option1": s, "option2": c, "price": "19.90", "sku": f"BT-{n}-{s}-{c}-api"}
                    for s in sizes
                    for c in colours
                ],
            }
        }
        return api.post(base + "products.json", json.dumps(body), content_type="application/json")

    def admin_create():
        n = next(counter)
        data = product_post(
            title=f"Bench tee {n}",
            options=[("Size", sizes), ("Colour", colours)],
            rows=[
                {"key": [s, c], "price": "19.90", "sku": f"BT-{n}-{s}-{c}-adm"}
                for s in sizes
                for c in colours
            ],
            locations=[location],
        )
        return admin.post("/admin/catalog/products/add/", data)

    results = {}
    sampler = measure.RssSampler(lambda: [os.getpid()])
    with sampler:
        results["api_products_250"] = _time(
            "API products list, 250",
            lambda: api.get(base + "products.json", {"limit": 250}),
            requests=requests,
            warmup=warmup,
            check=ok(200),
        )
        results["admin_products"] = _time(
            "Admin product list page",
            lambda: admin.get("/admin/catalog/products/"),
            requests=requests,
            warmup=warmup,
            check=ok(200),
        )
        results["api_orders_250"] = _time(
            "API orders list, 250",
            lambda: api.get(base + "orders.json", {"limit": 250}),
            requests=requests,
            warmup=warmup,
            check=ok(200),
        )
        results["admin_orders"] = _time(
            "Admin order list page",
            lambda: admin.get("/admin/orders/"),
            requests=requests,
            warmup=warmup,
            check=ok(200),
        )
        results["api_create_10"] = _time(
            "API create product, 10 variants",
            api_create,
            requests=requests,
            warmup=warmup,
            check=ok(201),
        )
        results["admin_create_10"] = _time(
            "Admin product editor add, 10 variants",
            admin_create,
            requests=requests,
            warmup=warmup,
            check=ok(302),
        )
        sampler.sample()
    return {"scenarios": results, "peak_rss_mib": sampler.peak()["total_mib"]}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def write_docs(result: dict) -> str:
    rows = [
        "| scenario | median | p95 | requests/s | queries |",
        "| --- | --- | --- | --- | --- |",
    ]
    for s in result["scenarios"].values():
        rows.append(
            f"| {s['label']} | {_ms(s['median'])} | {_ms(s['p95'])} | "
            f"{s['requests_per_s']:.1f} | {s['queries']} |"
        )
    api_p95 = result["scenarios"]["api_products_250"]["p95"]
    verdict = "met" if api_p95 < TARGET_P95_S else "not met"
    return "\n".join(
        [
            "# Admin API benchmark",
            "",
            "`bench/admin_api.py` (see its docstring to rerun): the Admin API beside the shop",
            "admin's equivalent pages, in one process, on one shop, sequential requests",
            "through Django's test client (no network, no WSGI server).",
            "",
            f"- shop: {result['prepare']['counts']['products']:,} products (3 variants each, "
            f"generated), {result['prepare']['counts']['orders']:,} orders",
            f"- requests per scenario: {result['requests']} after {result['warmup']} warm-up",
            f"- machine: {result['machine']['cpu']}, {result['machine']['nproc']} cores, "
            f"{result['machine']['memory_gib']} GiB",
            f"- commit: {result['commit']}",
            f"- peak RSS of the process (both sides): {result['peak_rss_mib']:.0f} MiB",
            "",
            *rows,
            "",
            f"Target: a 250-item page p95 under 150 ms at 100k products — "
            f"products list p95 {_ms(api_p95)}: **{verdict}** at this catalogue size.",
            "",
            "The admin's list pages show their own page size (not 250), so they are the",
            "equivalent page a merchant opens, not an equal amount of data.",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    django_setup()
    prepared = prepare(products=args.products, orders=args.orders)
    token = prepared.pop("token")
    result = run(requests=args.requests, warmup=args.warmup, token=token)
    result.update(
        prepare=prepared,
        requests=args.requests,
        warmup=args.warmup,
        machine=measure.machine(),
        commit=measure._git_commit(),
    )
    text = write_docs(result)
    print(text)
    if not args.no_write:
        DOCS.write_text(text)


if __name__ == "__main__":
    main()

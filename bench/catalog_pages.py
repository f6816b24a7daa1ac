"""Collection and product pages on a 100,000-product shop, beside a naive ORM version.

One shop (``catbench`` by default) in the ``souk_demo`` database is given a generated
catalogue (``demo.catalog_generator``: 100,000 products, 300,000 variants; the
generation is timed) and an automatic collection (``tag equals wool``, about a fifth
of the products). Then each page is requested through Django's test ``Client`` with
the shop's host, so host routing, middleware, the real URLconf, the view and the
theme's template all run; no page cache exists in Souk, and renditions are made up
front by the generator, so what is timed is queries and rendering.

Two implementations of the same pages, each in its own process (so each peak RSS is
its own), alternating over ``--rounds``:

* ``souk``: the storefront as it is (``storefront.views.catalog``).
* ``naive``: the same templates fed the way a first version often is — the page's
  products without prefetching (each card queries its images and rendition), the
  price range computed in Python from each product's variants, price sorting by an
  aggregate over the variants instead of the denormalised ``min_price``, and
  Django's ``Paginator`` (``COUNT(*)`` and ``OFFSET``) as in the real view.
  It is served under ``/naive/`` by a URLconf this script puts in front.

Deep pages are timed twice: by ``?page=200`` (``OFFSET``, what old links still do) and
by the cursor a shopper following "Next" gets (``?after=…``, ``storefront.keyset``).

Run: see ``RERUN`` below (also printed at the top of docs/benchmarks-catalog.md);
writes docs/benchmarks-catalog.md with ``bench/catalog_pages_notes.md`` appended
(``--no-write`` to only print, ``--save`` to keep the raw figures, ``--render`` to
rewrite the page from them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import measure

BENCH = Path(__file__).resolve().parent
DOCS = measure.ROOT / "docs" / "benchmarks-catalog.md"
TARGET_P95_S = 0.100
NOTES = BENCH / "catalog_pages_notes.md"
RERUN = (
    "createdb -h 127.0.0.1 -U postgres souk_speed  # once\n"
    "export DATABASE_URL=postgres://postgres@127.0.0.1:5432/souk_speed\n"
    ".venv/bin/python manage.py migrate_schemas  # once, and after pulling migrations\n"
    ".venv/bin/python bench/catalog_pages.py --rounds 1 --requests 100 \\\n"
    "    --save /tmp/catbench.json --label 'quiet machine (load …)'\n"
    "# per-statement database time, less sensitive to load:\n"
    ".venv/bin/python bench/catalog_explain.py --warm --only 'page 200'"
)
SHOP = os.environ.get("SOUK_CATBENCH_SHOP", "catbench")
COLLECTION = "wool"


def django_setup() -> None:
    measure.source_paths()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("SOUK_EMBEDDED_DB", "souk_demo")
    # Production-like: no query log in memory, no debug toolbar-ish extras.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The views themselves are timed: no whole-page cache (bench/page_cache.py times it).
    os.environ["STOREFRONT_PAGE_CACHE"] = "0"
    import django

    django.setup()
    from django.contrib.staticfiles import storage

    # DEBUG off would need collectstatic's manifest for the theme's {% static %}.
    storage.staticfiles_storage._wrapped = storage.StaticFilesStorage()


# A page reached by following "Next" from another: ``CURSOR + <url of the page before>``.
# The worker requests that page once and times the URL of its ``rel="next"`` link,
# i.e. the same 24 products as ``?page=N`` but through a cursor (``?after=…``).
CURSOR = "next-of:"


def pages(handle: str) -> dict[str, str]:
    """The pages timed, by name; the product is a generated one, chosen up front."""
    return {
        "all, page 1 (newest)": "/collections/all/",
        "all, page 1, price low-high": "/collections/all/?sort=price-asc",
        "all, page 200, price low-high": "/collections/all/?sort=price-asc&page=200",
        "all, page 200 by cursor, price low-high": (
            CURSOR + "/collections/all/?sort=price-asc&page=199"
        ),
        "all, page 200 by cursor, newest": CURSOR + "/collections/all/?page=199",
        "automatic, page 1": f"/collections/{COLLECTION}/",
        "automatic, page 200, price low-high": (
            f"/collections/{COLLECTION}/?sort=price-asc&page=200"
        ),
        "automatic, page 200 by cursor, price low-high": (
            CURSOR + f"/collections/{COLLECTION}/?sort=price-asc&page=199"
        ),
        "product page": f"/products/{handle}/",
    }


def resolve(client, url: str) -> str | None:
    """The URL to request for a page name's ``url``; None if it has no such link
    (the naive pages have no cursors: they are only timed with ``?page=``)."""
    if not url.startswith(CURSOR):
        return url
    import html
    import re

    before = url.removeprefix(CURSOR)
    response = client.get(before)
    assert response.status_code == 200, (before, response.status_code)
    found = re.search(r'rel="next" href="([^"]+)"', response.content.decode())
    if found is None:
        return None
    link = html.unescape(found.group(1))
    if "after=" not in link:
        return None
    return before.split("?")[0] + link


# --- preparing the shop (parent process) -------------------------------------------


def prepare(*, products: int, variants: int, batch: int) -> dict:
    from django.db import connection
    from django_tenants.utils import schema_context

    from catalog.models import Collection
    from catalog.services import collection_create
    from demo.catalog_generator import catalog_generate, generated_products
    from provisioning.services import shop_provision
    from shops.models import Shop

    connection.set_schema_to_public()
    shop = Shop.objects.filter(subdomain=SHOP).first()
    if shop is None:
        shop = shop_provision(
            name="Catalogue bench",
            subdomain=SHOP,
            owner_email=f"owner@{SHOP}.example",
            owner_password="catbench-owner-1",  # noqa: S106 - a bench shop's owner
        )
    generation = None
    with schema_context(shop.schema_name):
        have = generated_products().count()
        if have < products:
            load_before = os.getloadavg()
            report = catalog_generate(
                products=products - have,
                variants_per_product=variants,
                batch=batch,
                append=have > 0,
            )
            generation = {
                "products": report.products,
                "variants": report.variants,
                "images": report.images,
                "stock_levels": report.stock_levels,
                "seconds": report.seconds,
                "rows_per_second": report.rows_per_second,
                "peak_rss_mib": measure.max_rss_mib(),
                "load_before": load_before,
                "load_after": os.getloadavg(),
            }
        if not Collection.objects.filter(handle=COLLECTION).exists():
            collection_create(
                title="Wool",
                handle=COLLECTION,
                kind="automatic",
                rules=[("tag", "equals", "wool")],
            )
        from catalog.models import Product, Variant

        counts = {
            "products": Product.objects.count(),
            "active": Product.objects.filter(status="active").count(),
            "variants": Variant.objects.count(),
            "wool": Product.objects.filter(status="active", tags__contains=["wool"]).count(),
        }
        middle = Product.objects.filter(status="active").order_by("id")[counts["active"] // 2]
    return {
        "shop": SHOP,
        "database": connection.settings_dict["NAME"],
        "generation": generation,
        "counts": counts,
        "handle": middle.handle,
    }


# --- the naive pages (worker process) ----------------------------------------------


def naive_urlconf():
    """The shop's real URLconf with the naive pages in front, under ``/naive/``."""
    from django.core.paginator import Paginator
    from django.db.models import Min
    from django.shortcuts import get_object_or_404, render
    from django.urls import include, path

    from catalog.models import Collection, Product
    from storefront.forms import ListingForm
    from storefront.pagination import ListingPage
    from storefront.selectors.collections import collection_products
    from storefront.selectors.listings import Sort, option_values

    def listing(request, products, title, collection=None):
        form = ListingForm(
            request.GET or None,
            default_sort=Sort.NEWEST,
            option_values=option_values(products),
        )
        form.is_valid()
        if form.sort_value in (Sort.PRICE_ASC, Sort.PRICE_DESC):
            sign = "" if form.sort_value == Sort.PRICE_ASC else "-"
            products = products.annotate(lowest=Min("variants__price")).order_by(
                f"{sign}lowest", f"{sign}id"
            )
        else:
            products = products.order_by("-created_at", "-id")
        page = Paginator(products, 24).get_page(request.GET.get("page"))
        shown = list(page.object_list)
        for product in shown:  # the price range, from each product's variants
            prices = [v.price for v in product.variants.all()]
            product.min_price, product.max_price = min(prices), max(prices)

        def url(number):
            params = request.GET.copy()
            params["page"] = str(number)
            return "?" + params.urlencode()

        listing_page = ListingPage(
            products=shown,
            count=page.paginator.count,
            num_pages=page.paginator.num_pages,
            number=page.number,
            previous_url=url(page.number - 1) if page.has_previous() else None,
            next_url=url(page.number + 1) if page.has_next() else None,
        )
        context = {
            "collection": collection,
            "title": title,
            "form": form,
            "listing_page": listing_page,
            "products": shown,
            "canonical_url": request.build_absolute_uri(request.path),
        }
        return render(request, "storefront/collection.html", context)

    def collection_all(request):
        return listing(request, Product.objects.filter(status="active"), "All products")

    def collection(request, handle):
        found = get_object_or_404(Collection, handle=handle, is_published=True)
        return listing(request, collection_products(found), found.title, found)

    def product(request, handle):
        from storefront.views import catalog

        # The real view, with the prefetching selector swapped for a plain get.
        original = catalog.product_for_page
        catalog.product_for_page = lambda h: get_object_or_404(Product, handle=h, status="active")
        try:
            return catalog.product_detail(request, handle)
        finally:
            catalog.product_for_page = original

    naive = [
        path("collections/all/", collection_all),
        path("collections/<slug:handle>/", collection),
        path("products/<slug:handle>/", product),
    ]
    module = types.ModuleType("catalog_pages_urls")
    shop_urls = __import__("config.urls_shop", fromlist=["urlpatterns"])
    module.urlpatterns = [path("naive/", include(naive)), *shop_urls.urlpatterns]
    module.handler404 = shop_urls.handler404
    sys.modules[module.__name__] = module
    return module.__name__


class _Counter:
    """An ``execute_wrapper`` that notes each statement (DEBUG is off: no query log)."""

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def __call__(self, execute, sql, params, many, context):
        self.seen.append(sql)
        return execute(sql, params, many, context)


def worker(*, implementation: str, handle: str, requests: int, warmup: int) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ROOT_URLCONF = naive_urlconf()
    prefix = "/naive" if implementation == "naive" else ""
    client = Client(HTTP_HOST=f"{SHOP}.{settings.PLATFORM_DOMAIN}")
    results = {}
    # Sampled, not ru_maxrss: a child's ru_maxrss starts at its parent's peak on Linux.
    sampler = measure.RssSampler(lambda: [os.getpid()])
    sampler.__enter__()
    for name, url in pages(handle).items():
        if url.startswith(CURSOR):
            url = CURSOR + prefix + url.removeprefix(CURSOR)
        url = resolve(client, url if url.startswith(CURSOR) else prefix + url)
        if url is None:
            continue
        for _ in range(warmup):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        queries: list[str] = []
        with connection.execute_wrapper(_Counter(queries)):
            client.get(url)
        samples = []
        for _ in range(requests):
            start = measure.now()
            response = client.get(url)
            samples.append(measure.now() - start)
            assert response.status_code == 200
        summary = measure.summary(samples)
        summary.pop("samples")
        results[name] = {**summary, "queries": len(queries), "url": url}
    sampler.__exit__(None, None, None)
    return {"pages": results, "peak_rss_mib": sampler.peak()["max_process_mib"]}


# --- orchestration ------------------------------------------------------------------


def _run_worker(implementation: str, handle: str, requests: int, warmup: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="souk-catbench-") as tmp:
        out = Path(tmp) / "result.json"
        subprocess.run(
            [sys.executable, __file__, "--worker", implementation, "--handle", handle,
             "--requests", str(requests), "--warmup", str(warmup), "--json", str(out)],
            check=True,
        )  # fmt: skip
        return json.loads(out.read_text())


def _merge(runs: list[dict]) -> dict:
    """``{page: [summary per round]}`` for one implementation."""
    merged: dict = {}
    for run in runs:
        for name, page in run["pages"].items():
            merged.setdefault(name, []).append(page)
    return merged


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def write_docs(result: dict) -> str:
    m = result["machine"]
    gen = result["prepared"]["generation"]
    counts = result["prepared"]["counts"]
    lines = [
        "# Benchmark: catalogue pages on a 100,000-product shop",
        "",
        f"Generated by `bench/catalog_pages.py` on {result['date']}; re-running replaces "
        "this page. Not part of the test run.",
        "",
        "Re-run (the shop `catbench` and its 100,000 products are made on the first run, "
        "about a minute; the database must exist and be migrated):",
        "",
        "```sh",
        RERUN,
        "```",
        "",
    ]
    if result.get("label"):
        lines += [f"**{result['label']}**", ""]
    lines += [
        "## Method",
        "",
        f"- Shop `{result['prepared']['shop']}` in the "
        f"`{result['prepared'].get('database', 'souk_demo')}` database: "
        f"{counts['products']:,} products ({counts['active']:,} active), "
        f"{counts['variants']:,} variants, made by `manage.py generate_catalog` "
        "(COPY per 5,000-product batch, derived fields by one set-based UPDATE per batch).",
        f"- Automatic collection `{COLLECTION}` (rule: tag equals wool) holds "
        f"{counts['wool']:,} active products.",
        "- Each page is requested with Django's test `Client` and the shop's host: host "
        "routing, middleware, the real URLconf, view and theme template, DEBUG off, no "
        "page cache. Server time only (no network, no browser).",
        f"- {result['requests']['souk']} timed requests per page for souk and "
        f"{result['requests']['naive']} for naive (a naive page takes seconds), after "
        f"{result['warmup']} warm-up requests, in {result['rounds']} rounds alternating "
        "the implementations; each "
        "implementation runs in its own process (its peak RSS is its own).",
        "- **souk**: `storefront.views.catalog` as it is. **naive**: the same templates, "
        "no prefetching (each card queries its images and rendition), price range from "
        "each product's variants in Python, price sort by `MIN(variants.price)` with "
        "GROUP BY, `Paginator` with `COUNT(*)`/`OFFSET`; product page: the real view "
        "with a plain `get()` instead of the prefetching selector.",
        "- p95 is nearest-rank over the round's samples; with several rounds the worst "
        "round is shown. Target: **p95 < 100 ms** for souk.",
        "",
        "## Machine",
        "",
        f"- {m['nproc']} CPUs, {m['cpu']}, {m['memory_gib']} GiB; Python {m['python']}, "
        f"{m['os']}; commit `{m['commit']}`",
        "- Load average (1/5/15 min) before: "
        + " / ".join(f"{v:.2f}" for v in result["load_before"])
        + "; after: "
        + " / ".join(f"{v:.2f}" for v in result["load_after"])
        + ". Others run tests on this machine: figures are noisy, compare within a run.",
        "",
    ]
    if gen:
        lines += [
            "## Generation",
            "",
            f"{gen['products']:,} products, {gen['variants']:,} variants, "
            f"{gen['images']:,} product images and {gen['stock_levels']:,} stock levels in "
            f"**{gen['seconds']:.1f} s** ({gen['rows_per_second']:,.0f} rows/s), peak RSS "
            f"{gen['peak_rss_mib']:.0f} MiB; load average before "
            + " / ".join(f"{v:.2f}" for v in gen["load_before"])
            + ", after "
            + " / ".join(f"{v:.2f}" for v in gen["load_after"])
            + ".",
            "",
        ]
    else:
        lines += ["## Generation", "", "Reused from an earlier run (not timed in this one).", ""]
    lines += [
        "## Figures (ms, server time per request)",
        "",
        "| page | impl. | queries | median | p95 | max | peak RSS (MiB) | p95 < 100 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    verdicts = []
    for name in result["souk"]:
        for impl in ("souk", "naive"):
            rounds = result[impl].get(name)
            if not rounds:  # the naive pages have no cursors
                continue
            worst = max(rounds, key=lambda r: r["p95"])
            ok = worst["p95"] < TARGET_P95_S
            if impl == "souk":
                verdicts.append(ok)
            lines.append(
                f"| {name} | {impl} | {worst['queries']} | {_ms(worst['median'])} | "
                f"{_ms(worst['p95'])} | {_ms(worst['max'])} | "
                f"{result['rss'][impl]:.0f} | {'met' if ok else 'missed'} |"
            )
    lines += [
        "",
        f"**Target (souk p95 < 100 ms on every page): "
        f"{'met' if all(verdicts) else 'missed'}** "
        f"({sum(verdicts)} of {len(verdicts)} pages).",
        "",
    ]
    lines += result.get("notes", [])
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--variants-per-product", type=int, default=3)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200, help="Per page, souk.")
    parser.add_argument(
        "--naive-requests", type=int, default=20, help="Per page, naive (seconds each)."
    )
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--save", help="Also keep the raw figures in this JSON file.")
    parser.add_argument("--render", help="Only rewrite the page from a --save file.")
    parser.add_argument(
        "--notes",
        default=str(NOTES),
        help="A Markdown file appended to the page (default: bench/catalog_pages_notes.md).",
    )
    parser.add_argument("--label", default="", help="A line under the title, e.g. the load.")
    parser.add_argument("--worker", choices=["souk", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--handle", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render:
        result = json.loads(Path(args.render).read_text())
        result["notes"] = Path(args.notes).read_text().splitlines() if args.notes else []
        if args.label:
            result["label"] = args.label
        DOCS.write_text(write_docs(result))
        return
    django_setup()

    if args.worker:
        result = worker(
            implementation=args.worker,
            handle=args.handle,
            requests=args.requests,
            warmup=args.warmup,
        )
        Path(args.json).write_text(json.dumps(result))
        return

    load_before = os.getloadavg()
    prepared = prepare(products=args.products, variants=args.variants_per_product, batch=args.batch)
    print(json.dumps(prepared, indent=1), flush=True)
    per_round = {
        "souk": max(1, args.requests // args.rounds),
        "naive": max(1, args.naive_requests // args.rounds),
    }
    runs: dict[str, list] = {"souk": [], "naive": []}
    for _ in range(args.rounds):
        for impl in ("souk", "naive"):
            print(f"{impl}: {per_round[impl]} requests per page", flush=True)
            runs[impl].append(_run_worker(impl, prepared["handle"], per_round[impl], args.warmup))
    result = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": measure.machine(),
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "prepared": prepared,
        "requests": {k: v * args.rounds for k, v in per_round.items()},
        "warmup": args.warmup,
        "rounds": args.rounds,
        "souk": _merge(runs["souk"]),
        "naive": _merge(runs["naive"]),
        "rss": {k: max(r["peak_rss_mib"] for r in v) for k, v in runs.items()},
        "notes": Path(args.notes).read_text().splitlines() if args.notes else [],
        "label": args.label,
    }
    if args.save:
        Path(args.save).write_text(json.dumps(result, indent=1))
    page = write_docs(result)
    print(page)
    if not args.no_write:
        DOCS.write_text(page)


if __name__ == "__main__":
    main()

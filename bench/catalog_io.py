"""Product CSV import and export: rows/s and peak RSS, beside the naive path.

Run: ``DATABASE_URL=... .venv/bin/python bench/catalog_io.py [--products 10000]
[--big 100000] [--naive 1000]`` on a migrated database (``make migrate``). Writes
``docs/benchmarks-import-export.md``.

Each measurement runs in its own process (``ru_maxrss`` is per process: a peak
measured after another step would include that step), in a shop of its own:

1. a generated Shopify-format file (legacy headers) of N products with five variant
   rows each and an image URL on every row (images are not fetched:
   ``CSV_IMPORT_FETCH_IMAGES=0``), so 10,000 products are 50,000 rows;
2. the import as the admin runs it: upload, check (the preview), run — products
   through ``catalog.services.products_create_many``, stock through
   ``stock_levels_set``, progress committed per batch;
3. the naive baseline in the same run: the same rows, one ``product_create`` and one
   ``stock_set`` per variant — the one-by-one service path — on the first
   ``--naive`` products (its rate does not depend on how many);
4. the import again with ``--big`` products, to show the peak RSS does not follow
   the file's size, then the export of that shop (``imports.exports``) to /dev/null.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import sys
import tempfile
import time

import measure

measure.source_paths()
VARIANTS = 5


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "0"
    os.environ["CSV_IMPORT_FETCH_IMAGES"] = "0"
    os.environ["CSV_IMPORT_MAX_BYTES"] = str(2 * 1024**3)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()


def generate(path: str, products: int) -> int:
    """A legacy-header sheet of ``products`` × ``VARIANTS`` rows; its row count."""
    sys.path.insert(0, str(measure.ROOT))
    from imports.columns import HEADER_OF, LEGACY, export_headers

    keys = [k for k, _h in export_headers(LEGACY)]
    sizes = ["XS", "S", "M", "L", "XL"]
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow([HEADER_OF[LEGACY][k] for k in keys])
        for n in range(products):
            for v in range(VARIANTS):
                row = {
                    "handle": f"bench-product-{n}",
                    "option1": sizes[v],
                    "sku": f"B-{n}-{v}",
                    "price": f"{10 + n % 90}.{v}0",
                    "weight_grams": "250",
                    "inventory_quantity": str((n + v) % 40),
                    "inventory_policy": "deny",
                    "requires_shipping": "TRUE",
                    "taxable": "TRUE",
                    "image_src": f"https://img.example.com/{n}-{v}.jpg",
                    "image_position": str(v + 1),
                }
                if v == 0:
                    row.update(
                        title=f"Bench product {n}",
                        description="<p>A product, with a description, on two\nlines.</p>",
                        vendor=f"Vendor {n % 50}",
                        product_type="Shirts",
                        tags="bench, generated",
                        published="TRUE",
                        status="active",
                        option1_name="Size",
                    )
                writer.writerow([row.get(k, "") for k in keys])
                rows += 1
    return rows


def _shop(name: str):
    from django.db import connection

    from provisioning.services import shop_provision
    from shops.models import Shop

    connection.set_schema_to_public()
    shop = Shop.objects.filter(subdomain=name).first()
    return shop or shop_provision(
        name=name.title(),
        subdomain=name,
        owner_email=f"owner@{name}.example",
        owner_password="bench-owner-1",  # noqa: S106 - a bench shop's owner
    )


def _fresh_shop(prefix: str):
    return _shop(f"{prefix}{int(time.time() * 1000) % 10**9}")


def run_import(path: str, out) -> None:
    django_setup()
    from django.core.files import File
    from django_tenants.utils import schema_context

    from imports.runs import import_check, import_run
    from imports.services import import_start, import_upload

    shop = _fresh_shop("iobench")
    with schema_context(shop.schema_name):
        started = time.perf_counter()
        with open(path, "rb") as f:
            upload = File(f, name="bench.csv")
            upload.size = os.path.getsize(path)
            job = import_upload(kind="products", file=upload, check_now=True)
        if job.status == "checking":
            job = import_check(job=job)
        checked = time.perf_counter()
        import_start(job=job, queue=False)
        job = import_run(job_id=job.pk)
        done = time.perf_counter()
    out.put(
        {
            "shop": shop.subdomain,
            "rows": job.total_rows - 1,
            "products": job.result.get("new", 0),
            "check_seconds": checked - started,
            "run_seconds": done - checked,
            "peak_rss_mib": measure.max_rss_mib(),
            "status": job.status,
        }
    )


def run_naive(path: str, products: int, out) -> None:
    """The same rows, one product at a time through ``product_create`` + ``stock_set``."""
    django_setup()
    from decimal import Decimal

    from django_tenants.utils import schema_context

    from catalog.services import product_create
    from inventory.services import location_default, stock_set

    shop = _fresh_shop("naivebench")
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        col = {h: i for i, h in enumerate(header)}
        groups: list[list[list[str]]] = []
        for row in reader:
            if groups and groups[-1][0][col["Handle"]] == row[col["Handle"]]:
                groups[-1].append(row)
            elif len(groups) == products:
                break
            else:
                groups.append([row])
    rows = sum(len(g) for g in groups)
    with schema_context(shop.schema_name):
        location = location_default()
        started = time.perf_counter()
        for group in groups:
            first = group[0]
            product = product_create(
                title=first[col["Title"]],
                handle=first[col["Handle"]],
                description=first[col["Body (HTML)"]],
                vendor=first[col["Vendor"]],
                product_type=first[col["Type"]],
                tags=first[col["Tags"]],
                status=first[col["Status"]],
                options=[("Size", [r[col["Option1 Value"]] for r in group])],
                variants=[
                    {
                        "option1": r[col["Option1 Value"]],
                        "sku": r[col["Variant SKU"]],
                        "price": Decimal(r[col["Variant Price"]]),
                        "weight_grams": int(r[col["Variant Grams"]]),
                    }
                    for r in group
                ],
            )
            for variant, r in zip(product.variants.all(), group, strict=True):
                stock_set(
                    variant=variant,
                    location=location,
                    on_hand=int(r[col["Variant Inventory Qty"]]),
                    reason="import",
                )
        seconds = time.perf_counter() - started
    out.put(
        {
            "rows": rows,
            "products": len(groups),
            "run_seconds": seconds,
            "peak_rss_mib": measure.max_rss_mib(),
        }
    )


def run_export(shop_name: str, out) -> None:
    django_setup()
    from django_tenants.utils import schema_context

    from imports.exports import export_stream
    from shops.models import Shop

    shop = Shop.objects.get(subdomain=shop_name)
    with schema_context(shop.schema_name):
        started = time.perf_counter()
        lines = 0
        with open(os.devnull, "w") as sink:
            for line in export_stream(kind="products", header_set="current"):
                sink.write(line)
                lines += 1
        seconds = time.perf_counter() - started
    out.put({"rows": lines - 1, "seconds": seconds, "peak_rss_mib": measure.max_rss_mib()})


def _in_process(target, *args) -> dict:
    out = multiprocessing.Queue()
    process = multiprocessing.Process(target=target, args=(*args, out))
    process.start()
    result = out.get()
    process.join()
    return result


def write_docs(result: dict) -> str:
    small, naive, big, export = result["small"], result["naive"], result["big"], result["export"]

    def rate(r, key="run_seconds"):
        return r["rows"] / r[key]

    lines = [
        "# Import and export: speed and memory",
        "",
        "Measured by `bench/catalog_io.py` (see its docstring for what each step does) on "
        f"{result['machine']['cpu']} ({result['machine']['nproc']} CPUs, "
        f"{result['machine']['memory_gib']} GiB, commit {result['machine']['commit']}), "
        f"load average {result['load'][0]:.1f} at the start (the "
        "machine was shared with other work; figures are one run each).",
        "",
        "Generated Shopify-format file (legacy headers), five variant rows per product, an "
        "image URL on every row (not fetched).",
        "",
        "| measurement | products | rows | seconds | rows/s | peak RSS |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| import: check (preview) | {small['products']:,} | {small['rows']:,} | "
        f"{small['check_seconds']:.1f} | {rate(small, 'check_seconds'):,.0f} | – |",
        f"| import: run (batched services) | {small['products']:,} | {small['rows']:,} | "
        f"{small['run_seconds']:.1f} | **{rate(small):,.0f}** | {small['peak_rss_mib']:.0f} MiB |",
        f"| naive: `product_create` + `stock_set` one by one | {naive['products']:,} | "
        f"{naive['rows']:,} | {naive['run_seconds']:.1f} | {rate(naive):,.0f} | "
        f"{naive['peak_rss_mib']:.0f} MiB |",
        f"| import: check (preview) | {big['products']:,} | {big['rows']:,} | "
        f"{big['check_seconds']:.1f} | {rate(big, 'check_seconds'):,.0f} | – |",
        f"| import: run (batched services) | {big['products']:,} | {big['rows']:,} | "
        f"{big['run_seconds']:.1f} | **{rate(big):,.0f}** | {big['peak_rss_mib']:.0f} MiB |",
        f"| export (current headers) | {big['products']:,} | {export['rows']:,} | "
        f"{export['seconds']:.1f} | **{rate(export, 'seconds'):,.0f}** | "
        f"{export['peak_rss_mib']:.0f} MiB |",
        "",
        f"The batched import writes **{rate(small) / rate(naive):.1f}×** the naive path's rows "
        "per second (target: 10×, and 2,000 rows/s). Peak RSS is that of the whole process "
        "(Django and its apps included), for the check and the run together: "
        f"{small['peak_rss_mib']:.0f} MiB for {small['products']:,} products, "
        f"{big['peak_rss_mib']:.0f} MiB for {big['products']:,}.",
        "",
        "```json",
        json.dumps(result, indent=1, default=str),
        "```",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--naive", type=int, default=1_000)
    args = parser.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        small_path = os.path.join(folder, "small.csv")
        big_path = os.path.join(folder, "big.csv")
        generate(small_path, args.products)
        small = _in_process(run_import, small_path)
        print("import", small, flush=True)
        naive = _in_process(run_naive, small_path, args.naive)
        print("naive", naive, flush=True)
        generate(big_path, args.big)
        big = _in_process(run_import, big_path)
        print("import big", big, flush=True)
    export = _in_process(run_export, big["shop"])
    print("export", export, flush=True)
    result = {
        "machine": measure.machine(),
        "cpus": os.cpu_count(),
        "load": load,
        "small": small,
        "naive": naive,
        "big": big,
        "export": export,
    }
    docs = measure.ROOT / "docs" / "benchmarks-import-export.md"
    docs.write_text(write_docs(result))
    print(f"wrote {docs}")


if __name__ == "__main__":
    main()

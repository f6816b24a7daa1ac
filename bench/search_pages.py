"""The search page and search suggestions on 1,000- and 100,000-product shops, before
and after the search changes (accents, stemming, typos, suggestions), in one run.

Two shops in the benchmark database (``searchsmall``, ``searchlarge``) are given a
generated catalogue (``demo.catalog_generator``: titles like "Alpine Merino Jacket",
three variants each). Each page is requested through Django's test ``Client`` with the
shop's host, so routing, middleware, the URLconf, the view and the theme's template
all run, with no page cache: every request is a miss.

Two implementations, each in its own process (so each peak RSS is its own):

* ``before``: the source of ``--before`` (a commit, ``main`` when the work began),
  exported with ``git archive`` to a temporary folder and put first on the worker's
  path, against the search vectors that code wrote (``simple``, no ``unaccent``).
* ``after``: this checkout, against the vectors it writes (``catalog.search``).

The shop's ``search_vector`` column is rewritten with each implementation's SQL
before that implementation is timed (``BEFORE_VECTOR_SQL`` is copied from the
``before`` commit's generator), so each is measured on the data it would have.
Per request: wall time, and the worker's CPU time (``time.process_time``: Python only,
PostgreSQL's share is in the wall time). ``before`` has no suggestions endpoint.

Run: see ``RERUN``; writes docs/benchmarks-search.md (``--no-write`` to only print,
``--save`` to keep the raw figures, ``--render`` to rewrite the page from them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import measure

DOCS = measure.ROOT / "docs" / "benchmarks-search.md"
BEFORE = "5044081"
TARGET_SUGGEST_P95_S = 0.030
SHOPS = {1_000: "searchsmall", 100_000: "searchlarge"}
RERUN = (
    "createdb -h 127.0.0.1 -U postgres souk_search  # once\n"
    "export DATABASE_URL=postgres://postgres@127.0.0.1:5432/souk_search\n"
    ".venv/bin/python manage.py migrate_schemas  # once, and after pulling migrations\n"
    ".venv/bin/python bench/search_pages.py --requests 60 --save /tmp/searchbench.json \\\n"
    "    --label 'quiet machine (load …)'"
)

# Search page queries: (name, q). Words from the generator's vocabulary.
SEARCHES = [
    ("one common word", "jacket"),
    ("two words, plural", "merino jackets"),
    ("three words", "alpine merino jacket"),
    ("accent typed", "nórdic mugs"),
    ("typo", "jakcet"),
    ("vendor", "kettleworks"),
]
# Suggestions: what the box sends while "alpine merino jacket", "kettle" and a typo
# are typed (two characters at least: the box asks nothing before).
TYPED = ["alpine merino jacket", "kettle", "jakcet"]
SUGGESTS = [t[:n] for t in TYPED for n in range(2, len(t) + 1)]

# The search vector as the ``before`` commit's catalogue generator wrote it.
BEFORE_VECTOR_SQL = """
UPDATE catalog_product AS p
   SET search_vector =
           setweight(to_tsvector('simple'::regconfig, COALESCE(p.title, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig,
                                 COALESCE(array_to_string(p.tags, ' '), '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, COALESCE(v.skus, '')), 'B')
        || setweight(to_tsvector('simple'::regconfig,
                                 COALESCE(p.vendor, '') || ' ' || COALESCE(p.product_type, '')),
                     'C')
  FROM (SELECT product_id, STRING_AGG(sku, ' ' ORDER BY position, id) AS skus
          FROM catalog_variant GROUP BY product_id) AS v
 WHERE p.id = v.product_id
"""


def source_paths(root: Path) -> None:
    """``root``'s source folders first on ``sys.path``: the shared virtualenv may list
    another checkout's (a ``.pth`` file), which must not shadow the one measured."""
    sys.path[:0] = [str(root), str(root / "platform"), str(root / "tenants")]


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["STOREFRONT_PAGE_CACHE"] = "0"
    import django

    django.setup()
    from django.contrib.staticfiles import storage

    storage.staticfiles_storage._wrapped = storage.StaticFilesStorage()


def after_vector_sql() -> str:
    from catalog.search import search_config, search_vector_sql

    vector = search_vector_sql(
        title="p.title",
        tags="p.tags",
        skus="v.skus",
        vendor="p.vendor",
        product_type="p.product_type",
        config=search_config(),
    )
    return BEFORE_VECTOR_SQL.replace(
        BEFORE_VECTOR_SQL[BEFORE_VECTOR_SQL.index("SET") : BEFORE_VECTOR_SQL.index("  FROM")],
        f"SET search_vector = {vector}\n",
    )


# --- preparing the shops (parent process) ------------------------------------------


def prepare(sizes: list[int]) -> dict:
    from django.db import connection
    from django_tenants.utils import schema_context

    from catalog.models import Product, Variant
    from demo.catalog_generator import catalog_generate, generated_products
    from provisioning.services import shop_provision
    from shops.models import Shop

    prepared = {}
    for size in sizes:
        subdomain = SHOPS[size]
        connection.set_schema_to_public()
        shop = Shop.objects.filter(subdomain=subdomain).first()
        if shop is None:
            shop = shop_provision(
                name=f"Search bench {size:,}",
                subdomain=subdomain,
                owner_email=f"owner@{subdomain}.example",
                owner_password="searchbench-owner-1",  # noqa: S106 - a bench shop's owner
            )
        generation = None
        with schema_context(shop.schema_name):
            have = generated_products().count()
            if have < size:
                report = catalog_generate(
                    products=size - have, variants_per_product=3, batch=5000, append=have > 0
                )
                generation = {"products": report.products, "seconds": report.seconds}
            prepared[size] = {
                "shop": subdomain,
                "schema": shop.schema_name,
                "products": Product.objects.count(),
                "active": Product.objects.filter(status="active").count(),
                "variants": Variant.objects.count(),
                "generation": generation,
            }
    return prepared


def set_vectors(schema: str, implementation: str) -> float:
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    sql = BEFORE_VECTOR_SQL if implementation == "before" else after_vector_sql()
    start = time.perf_counter()
    with schema_context(schema), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    with schema_context(schema), connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE catalog_product")
    return time.perf_counter() - start


def export_before(commit: str, into: Path) -> Path:
    """The source of ``commit`` in ``into`` (``git archive``: no worktree is made)."""
    archive = into / "before.tar"
    subprocess.run(
        ["git", "-C", str(measure.ROOT), "archive", "--format=tar", "-o", str(archive), commit],
        check=True,
    )
    with tarfile.open(archive) as tar:
        tar.extractall(into / "src", filter="data")
    return into / "src"


# --- timing (worker process) -------------------------------------------------------


class _Counter:
    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def __call__(self, execute, sql, params, many, context):
        self.seen.append(sql)
        return execute(sql, params, many, context)


_COUNT = re.compile(r"(\d[\d,]*) results? for")


def _on_cpu(pid: int) -> float:
    """Seconds process ``pid`` has run on a CPU (``/proc/<pid>/schedstat``, in ns):
    exact, and unlike wall time not stretched by other processes waiting for a CPU."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


def _backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _timed(client, url: str, requests: int, warmup: int) -> dict:
    from django.db import connection

    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []
    with connection.execute_wrapper(_Counter(queries)):
        response = client.get(url)
    walls, cpus, totals = [], [], []
    # The connection persists (CONN_MAX_AGE): the same backend serves every request.
    backend = _backend_pid()
    for _ in range(requests):
        wall, cpu, pg = time.perf_counter(), time.process_time(), _on_cpu(backend)
        response = client.get(url)
        cpus.append(time.process_time() - cpu)
        totals.append(cpus[-1] + _on_cpu(backend) - pg)
        walls.append(time.perf_counter() - wall)
        assert response.status_code == 200
    assert _backend_pid() == backend, "the database connection was not kept"
    total_summary = measure.summary(totals)
    wall_summary = measure.summary(walls)
    cpu_summary = measure.summary(cpus)
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        found = len(json.loads(body)["products"])
    else:
        match = _COUNT.search(body)
        found = int(match.group(1).replace(",", "")) if match else 0
    return {
        "url": url,
        "queries": len(queries),
        "found": found,
        "wall": {k: wall_summary[k] for k in ("median", "p95", "max", "mean")},
        "cpu": {k: cpu_summary[k] for k in ("median", "p95", "mean")},
        "total_cpu": {k: total_summary[k] for k in ("median", "p95", "mean")},
        "walls": walls,
        "totals": totals,
    }


def worker(*, implementation: str, shop: str, requests: int, warmup: int, src: str) -> dict:
    from urllib.parse import urlencode

    source_paths(Path(src) if implementation == "before" else measure.ROOT)
    django_setup()
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST=f"{shop}.{settings.PLATFORM_DOMAIN}")
    sampler = measure.RssSampler(lambda: [os.getpid()], interval=0.05)
    sampler.__enter__()
    searches = {
        name: _timed(client, "/search/?" + urlencode({"q": q}), requests, warmup)
        for name, q in SEARCHES
    }
    suggests = {}
    if implementation == "after":
        for q in SUGGESTS:
            suggests[q] = _timed(
                client, "/search/suggest/?" + urlencode({"q": q}), requests, warmup
            )
    sampler.__exit__(None, None, None)
    return {
        "searches": searches,
        "suggests": suggests,
        "peak_rss_mib": sampler.peak()["max_process_mib"],
    }


# --- orchestration -------------------------------------------------------------------


def _run_worker(implementation, shop, requests, warmup, src) -> dict:
    with tempfile.TemporaryDirectory(prefix="souk-searchbench-") as tmp:
        out = Path(tmp) / "result.json"
        subprocess.run(
            [sys.executable, __file__, "--worker", implementation, "--shop", shop,
             "--requests", str(requests), "--warmup", str(warmup), "--src", str(src),
             "--json", str(out)],
            check=True,
        )  # fmt: skip
        return json.loads(out.read_text())


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def write_docs(result: dict) -> str:
    m = result["machine"]
    lines = [
        "# Benchmark: search page and suggestions at 1,000 and 100,000 products",
        "",
        f"Generated by `bench/search_pages.py` on {result['date']}; re-running replaces "
        "this page. Not part of the test run.",
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
        "- Shops `searchsmall` and `searchlarge`, catalogues made by "
        "`demo.catalog_generator` (titles like “Alpine Merino Jacket”, 3 variants each, "
        "about 95 % active): "
        + "; ".join(
            f"{p['products']:,} products ({p['active']:,} active)"
            for p in result["prepared"].values()
        )
        + ".",
        f"- **before**: commit `{result['before']}` (main when this work began), its source "
        "exported with `git archive` and run against the search vectors it wrote "
        "(`simple` configuration, no `unaccent`). **after**: this branch, against its "
        "own vectors (stemmed in English and as written, unaccented) and "
        "`search_text` with its trigram index. The vector column is rewritten for each "
        "implementation before it is timed.",
        "- Each page through Django's test `Client` with the shop's host (routing, "
        "middleware, URLconf, view, theme template), DEBUG off, no page cache (every "
        "request a miss). "
        f"{result['requests']} timed requests per URL after {result['warmup']} warm-up "
        "requests, each implementation in its own process (its peak RSS is its own).",
        "- **Python CPU** is the worker's `process_time` per request; **Python + "
        "PostgreSQL CPU** adds the time the request's database backend spent on a CPU "
        "(`/proc/<pid>/schedstat`; the connection persists, `CONN_MAX_AGE`). On a busy "
        "machine wall time mostly measures waiting for a CPU; CPU time does not. On an "
        "idle machine a request's wall time is about its CPU time plus the round trips. "
        "p95 is nearest-rank.",
        "- Suggestions: every prefix (2+ characters) of “alpine merino jacket”, “kettle” "
        f"and “jakcet”, {len(SUGGESTS)} URLs, pooled. Target: **p95 < 30 ms** (judged "
        "on CPU time here, the machine being busy). "
        "`before` has no suggestions.",
        "",
        "## Machine",
        "",
        f"- {m['nproc']} CPUs, {m['cpu']}, {m['memory_gib']} GiB; Python {m['python']}, "
        f"{m['os']}; commit `{m['commit']}`",
        "- Load average (1/5/15 min) before: "
        + " / ".join(f"{v:.2f}" for v in result["load_before"])
        + "; after: "
        + " / ".join(f"{v:.2f}" for v in result["load_after"])
        + ". Other helpers ran tests on this machine during the run: figures are noisy, "
        "compare before and after within the run.",
        "",
        "## Search page (`/search/?q=…`)",
        "",
        "| products | query | impl. | results | queries | Python CPU median (ms) "
        "| Python + PostgreSQL CPU median (ms) | p95 (ms) | wall median (ms) | wall p95 (ms) |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, runs in result["runs"].items():
        for name, q in SEARCHES:
            for impl in ("before", "after"):
                s = runs[impl]["searches"][name]
                lines.append(
                    f"| {int(size):,} | {name}: `{q}` | {impl} | {s['found']:,} | "
                    f"{s['queries']} | {_ms(s['cpu']['median'])} | "
                    f"{_ms(s['total_cpu']['median'])} | {_ms(s['total_cpu']['p95'])} | "
                    f"{_ms(s['wall']['median'])} | {_ms(s['wall']['p95'])} |"
                )
    lines += [
        "",
        "## Suggestions (`/search/suggest/?q=…`, after only)",
        "",
        "| products | URLs | queries per request | Python CPU median (ms) "
        "| Python + PostgreSQL CPU median (ms) | p95 (ms) | max (ms) "
        "| wall median (ms) | wall p95 (ms) | slowest prefix (its CPU p95) | CPU p95 < 30 ms |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for size, runs in result["runs"].items():
        suggests = runs["after"]["suggests"]
        walls = [w for s in suggests.values() for w in s["walls"]]
        totals = [t for s in suggests.values() for t in s["totals"]]
        cpus = [s["cpu"]["median"] for s in suggests.values()]
        pooled, total = measure.summary(walls), measure.summary(totals)
        slowest = max(suggests.items(), key=lambda kv: kv[1]["total_cpu"]["p95"])
        counts = sorted({s["queries"] for s in suggests.values()})
        lines.append(
            f"| {int(size):,} | {len(suggests)} | {'–'.join(map(str, counts))} | "
            f"{_ms(sorted(cpus)[len(cpus) // 2])} | {_ms(total['median'])} | "
            f"{_ms(total['p95'])} | {_ms(total['max'])} | "
            f"{_ms(pooled['median'])} | {_ms(pooled['p95'])} | "
            f"`{slowest[0]}` ({_ms(slowest[1]['total_cpu']['p95'])}) | "
            f"{'yes' if total['p95'] < TARGET_SUGGEST_P95_S else 'no'} |"
        )
    lines += [
        "",
        "## Peak RSS of the worker (MiB)",
        "",
        "| products | before | after |",
        "| ---: | ---: | ---: |",
    ]
    for size, runs in result["runs"].items():
        lines.append(
            f"| {int(size):,} | {runs['before']['peak_rss_mib']:.0f} | "
            f"{runs['after']['peak_rss_mib']:.0f} |"
        )
    notes = measure.ROOT / "bench" / "search_pages_notes.md"
    if notes.exists():
        lines += ["", notes.read_text().rstrip()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--before", default=BEFORE)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--save")
    parser.add_argument("--render")
    parser.add_argument("--label", default="")
    parser.add_argument("--worker", choices=["before", "after"], help=argparse.SUPPRESS)
    parser.add_argument("--shop", help=argparse.SUPPRESS)
    parser.add_argument("--src", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        result = worker(
            implementation=args.worker,
            shop=args.shop,
            requests=args.requests,
            warmup=args.warmup,
            src=args.src,
        )
        Path(args.json).write_text(json.dumps(result))
        return
    if args.render:
        DOCS.write_text(write_docs(json.loads(Path(args.render).read_text())))
        return

    source_paths(measure.ROOT)
    django_setup()
    sizes = [int(s) for s in args.sizes.split(",")]
    load_before = os.getloadavg()
    prepared = prepare(sizes)
    runs: dict = {}
    with tempfile.TemporaryDirectory(prefix="souk-search-before-") as tmp:
        src = export_before(args.before, Path(tmp))
        for size in sizes:
            shop, schema = prepared[size]["shop"], prepared[size]["schema"]
            runs[size] = {}
            for impl in ("before", "after"):
                seconds = set_vectors(schema, impl)
                print(f"{size:,}: vectors for {impl} in {seconds:.1f} s", flush=True)
                runs[size][impl] = _run_worker(impl, shop, args.requests, args.warmup, src)
                print(json.dumps({size: {impl: runs[size][impl]["searches"]}})[:2000], flush=True)
    result = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "label": args.label,
        "before": args.before,
        "machine": measure.machine(),
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "requests": args.requests,
        "warmup": args.warmup,
        "prepared": prepared,
        "runs": runs,
    }
    if args.save:
        Path(args.save).write_text(json.dumps(result))
    page = write_docs(result)
    if args.no_write:
        print(page)
    else:
        DOCS.write_text(page)
        print(f"wrote {DOCS}")


if __name__ == "__main__":
    main()

"""Page cache: a cached home page beside a bare Django view, and time to freshness.

Two gunicorn servers with the same settings as bench/request_overhead.py (whose
``Server`` this reuses), in the same run, alternating over ``--rounds``:

* ``souk``: ``config.wsgi`` with the per-shop page cache on (Redis, as in
  production), serving the shop's home page (the demo's: hero, product grid,
  featured collection, testimonials, newsletter form; menus, announcement bar)
  that is already cached: host routing, then
  the page cache's lookup (the rest of the middleware only runs on a miss), the page
  from the worker's local copy (``STOREFRONT_PAGE_CACHE_LOCAL_MIB``), the visitor's
  CSRF token and cookie, no view, no template, no query.
* ``souk_shared``: the same with the local copy off (``STOREFRONT_PAGE_CACHE_LOCAL_MIB
  = 0``): every hit is one Redis round trip, what a page no longer in a worker's
  local copy costs (many shops, many pages).
* ``bare``: bench/bare_app.py serving its minimal ``/robots.txt`` view.

Reported: requests per second of each (median of rounds) and their ratio (target:
the cached page at 70 % of the bare view or more), worker CPU per request, peak RSS;
then, ``--changes`` times, the time from publishing a change to the home page (a
Wagtail revision published, whose on-commit purge reaches Redis) to the first request
to the souk server whose page shows it.

Run: ``DATABASE_URL=... .venv/bin/python bench/page_cache.py`` (``--json`` to keep
the figures; bench/run.py calls it and writes them to docs/benchmarks.md).
Uses Redis at ``BENCH_REDIS_URL`` (default ``redis://127.0.0.1:6379/13``).
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import measure
import psutil
from request_overhead import BENCH, Server
from shop_provisioning import SoukProvision, django_setup, leftovers_sweep, pool_set_aside

HOME_PATH = "/"
BARE_PATH = "/robots.txt"


def fetch(server: Server, host: str, path: str) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def load(server: Server, *, host: str, path: str, duration: float, concurrency: int) -> dict:
    cpu_before = server.workers_cpu()
    out = subprocess.run(
        [sys.executable, str(BENCH / "loadgen.py"), "--port", str(server.port),
         "--host", host, "--path", path, "--duration", str(duration),
         "--concurrency", str(concurrency)],
        capture_output=True, text=True, timeout=duration + 120, check=True,
    )  # fmt: skip
    result = json.loads(out.stdout)
    cpu = server.workers_cpu() - cpu_before
    result["worker_cpu_us_per_request"] = cpu / max(result["ok"], 1) * 1e6
    return result


def freshness(server: Server, host: str, schema_name: str, changes: int) -> list[float]:
    """Seconds from calling the write to the first response showing it."""
    from django.db import connection
    from django_tenants.utils import schema_context

    from cms.models import HomePage

    seconds = []
    for n in range(changes):
        title = f"Welcome, edition {n} {time.time_ns()}"
        with schema_context(schema_name):
            home = HomePage.objects.get()
            start = time.perf_counter()
            home.title = title
            home.save_revision().publish()
        while True:
            status, _headers, body = fetch(server, host, HOME_PATH)
            if status == 200 and title.encode() in body:
                seconds.append(time.perf_counter() - start)
                break
            if time.perf_counter() - start > 30:
                raise RuntimeError("The change did not show within 30 s.")
        fetch(server, host, HOME_PATH)  # cache the new page again
        connection.close()
    return seconds


def run(*, duration, rounds, concurrency, warmup, changes, options) -> dict:
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    os.environ["STOREFRONT_PAGE_CACHE"] = "1"
    django_setup()
    from django.conf import settings
    from django.db import connection
    from django_tenants.utils import schema_context

    leftovers_sweep()
    provisioner = SoukProvision()
    provisioner._n = 950
    with pool_set_aside():
        provisioner.run_once()
    shop = provisioner.made[-1]
    host = f"{shop['subdomain']}.{settings.PLATFORM_DOMAIN}"
    from shops.models import Shop

    schema_name = Shop.objects.get(subdomain=shop["subdomain"]).schema_name
    with schema_context(schema_name):
        # The demo shop's catalogue and composed home page, as a newcomer sees it.
        from demo.catalog_seed import catalog_seed
        from demo.catalogs import CATALOGS
        from demo.content import seed_content

        catalog_seed(catalog=CATALOGS["harbour"])
        seed_content(
            shop=Shop.objects.get(schema_name=schema_name),
            demo={"name": "Bench Coffee", "catalog": "harbour", "intro": "Small-batch."},
            stdout=io.StringIO(),
        )
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = {
        "DATABASE_URL": settings.DATABASE_URL,
        "STATIC_ROOT": static_root,
        "REDIS_URL": os.environ["REDIS_URL"],
        "STOREFRONT_PAGE_CACHE": "1",
    }
    # DEBUG is off: the theme's {% static %} needs collectstatic's manifest, as in
    # production (bench/request_overhead.py serves robots.txt, which needs none).
    subprocess.run(
        [sys.executable, str(measure.ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "settings_souk",
             "PYTHONPATH": str(BENCH)},
        check=True,
    )  # fmt: skip
    connection.close()
    servers = {
        "souk": Server(name="souk", app="config.wsgi:application",
                       settings_module="settings_souk", env=env, options=options),
        "souk_shared": Server(name="souk_shared", app="config.wsgi:application",
                              settings_module="settings_souk",
                              env={**env, "STOREFRONT_PAGE_CACHE_LOCAL_MIB": "0"},
                              options=options),
        "bare": Server(name="bare", app="bare_app:application",
                       settings_module="bare_app", env=env, options=options),
    }  # fmt: skip
    paths = {"souk": HOME_PATH, "souk_shared": HOME_PATH, "bare": BARE_PATH}
    results: dict = {
        "server": {**options, "concurrency": concurrency, "duration_s": duration},
        "loadavg_before": os.getloadavg(),
        "servers": {},
    }
    try:
        for server in servers.values():
            server.start()
        for server in servers.values():
            server.wait_ready(host)
        for name in ("souk", "souk_shared"):
            for _ in range(3):
                status, headers, body = fetch(servers[name], host, HOME_PATH)
            if status != 200 or headers.get("X-Souk-Page-Cache") != "hit":
                raise RuntimeError(f"Not served from the cache: {status} {headers} {body[:400]!r}")
        results["page_bytes"] = {
            "souk": len(body),
            "bare": len(fetch(servers["bare"], host, BARE_PATH)[2]),
        }
        samplers = {
            name: measure.RssSampler(server.workers, interval=0.05)
            for name, server in servers.items()
        }
        for sampler in samplers.values():
            sampler.__enter__()
        try:
            for name, server in servers.items():
                load(server, host=host, path=paths[name], duration=warmup, concurrency=concurrency)
            runs: dict[str, list[dict]] = {name: [] for name in servers}
            names = list(servers)
            for index in range(rounds):
                # Each server takes each place in turn, so a noisy neighbour hits all alike.
                shift = index % len(names)
                for name in names[shift:] + names[:shift]:
                    runs[name].append(
                        load(servers[name], host=host, path=paths[name], duration=duration,
                             concurrency=concurrency)
                    )  # fmt: skip
        finally:
            for sampler in samplers.values():
                sampler.__exit__(None, None, None)
        for name, server in servers.items():
            master = psutil.Process(server.process.pid).memory_info().rss
            results["servers"][name] = {
                "rps": statistics.median(r["rps"] for r in runs[name]),
                "rps_rounds": [r["rps"] for r in runs[name]],
                "requests": sum(r["ok"] for r in runs[name]),
                "errors": sum(r["errors"] for r in runs[name]),
                "worker_cpu_us_per_request": statistics.median(
                    r["worker_cpu_us_per_request"] for r in runs[name]
                ),
                "rss": {**samplers[name].peak(), "master_mib": measure.mib(master)},
            }
        fresh = freshness(servers["souk"], host, schema_name, changes)
        results["freshness_s"] = {
            "samples": fresh,
            "median": statistics.median(fresh),
            "max": max(fresh),
        }
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(static_root, ignore_errors=True)
        provisioner.drop_last()
        results["leftovers_after"] = leftovers_sweep()
    results["loadavg_after"] = os.getloadavg()
    souk, bare = results["servers"]["souk"], results["servers"]["bare"]
    shared = results["servers"]["souk_shared"]
    results["ratio"] = souk["rps"] / bare["rps"]
    results["cpu_ratio"] = bare["worker_cpu_us_per_request"] / souk["worker_cpu_us_per_request"]
    results["shared_ratio"] = shared["rps"] / bare["rps"]
    results["shared_cpu_ratio"] = (
        bare["worker_cpu_us_per_request"] / shared["worker_cpu_us_per_request"]
    )
    results["targets"] = {"at_least_70_percent_of_bare": results["ratio"] >= 0.7}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds per server")
    parser.add_argument("--concurrency", type=int, default=4, help="client processes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--changes", type=int, default=5, help="freshness samples")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args(argv)
    results = run(
        duration=args.duration,
        rounds=args.rounds,
        concurrency=args.concurrency,
        warmup=args.warmup,
        changes=args.changes,
        options={
            "workers": args.workers,
            "threads": args.threads,
            "worker_class": args.worker_class,
        },
    )
    text = json.dumps(results, indent=2)
    if args.json:
        with open(args.json, "w") as out:
            out.write(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

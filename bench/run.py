"""Run every benchmark and rewrite docs/benchmarks.md with the figures (``make bench``).

Each benchmark runs in its own process (so each process's peak RSS is its own) on
the ``souk_bench`` database of the embedded PostgreSQL, unless ``SOUK_EMBEDDED_DB``
or ``DATABASE_URL`` says otherwise. The run first migrates that database
(``manage.py migrate_schemas``: the public schema, the shop template and the schema
pool), so a fresh clone needs nothing else; ``--no-migrate`` skips it. Re-running
replaces the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import measure

BENCH = Path(__file__).resolve().parent
DOCS = measure.ROOT / "docs" / "benchmarks.md"
PROVISIONING_P95_TARGET_S = 0.5
PROVISIONING_SPEEDUP_TARGET = 7.0
REQUEST_RATIO_TARGET = 0.6
PAGE_CACHE_RATIO_TARGET = 0.7
PAGE_CACHE_HEADING = "## Page cache"


def _wait_quiet(timeout: float) -> dict:
    """Wait (at most ``timeout`` s) for the 1-minute load average to fall under one CPU."""
    start = time.monotonic()
    deadline = start + timeout
    while os.getloadavg()[0] >= 1.0 and time.monotonic() < deadline:
        time.sleep(5)
    load = os.getloadavg()[0]
    print(f"load average {load:.2f}", flush=True)
    return {
        "timeout_s": timeout,
        "waited_s": time.monotonic() - start,
        "quiet": load < 1.0,
        "load": load,
    }


def _bench_env() -> dict:
    """The environment of every bench process: the bench database unless told."""
    env = {**os.environ}
    env.setdefault("SOUK_EMBEDDED_DB", measure.BENCH_DB)
    return env


def migrate() -> None:
    """Bring the bench database up to date, as ``make migrate`` does for the main one."""
    print("migrating the bench database (manage.py migrate_schemas)", flush=True)
    subprocess.run(
        [sys.executable, str(measure.ROOT / "manage.py"), "migrate_schemas", "--verbosity", "0"],
        env=_bench_env(),
        check=True,
    )


def _run(script: str, args: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="souk-bench-") as tmp:
        out = Path(tmp) / "result.json"
        env = _bench_env()
        print(f"running {script} {' '.join(args)}", flush=True)
        subprocess.run(
            [sys.executable, str(BENCH / script), "--json", str(out), *args],
            env=env,
            check=True,
        )
        return json.loads(out.read_text())


def _versions() -> str:
    names = ["Django", "wagtail", "django-tenants", "gunicorn", "psycopg"]
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _met(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def _load(values) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


def _waited(prov: dict, req: dict) -> str:
    parts = []
    for label, result in (("provisioning", prov), ("requests", req)):
        w = result.get("wait_quiet")
        if not w or not w["timeout_s"]:
            continue
        state = "quiet" if w["quiet"] else "not quiet"
        parts.append(
            f"{label} started after {w['waited_s']:.0f} s, {state} (1-min load {w['load']:.2f})"
        )
    if not parts:
        return ""
    return (
        " Each benchmark waited up to "
        f"{max(r['wait_quiet']['timeout_s'] for r in (prov, req) if 'wait_quiet' in r):.0f} s "
        "for the 1-minute load average to fall under 1: " + "; ".join(parts) + "."
    )


def _speed(speed: dict, base: str) -> str:
    s = speed[base]
    text = f"{s['median']:.1f}x / {s['p95']:.1f}x"
    if "cpu_median" in s:
        text += f" (CPU {s['cpu_median']:.1f}x)"
    return text


def _steps(r: dict) -> str:
    steps = r["steps"]
    parts = [f"claim {_ms(steps['schema_claim']['median'])}"]
    known = steps["schema_claim"]["median"] + steps["schema_setup"]["median"]
    if "schema_clone" in steps:
        parts.append(
            f"clone script {_ms(steps['schema_clone']['median'])} "
            f"(p95 {_ms(steps['schema_clone']['p95'])})"
        )
        known += steps["schema_clone"]["median"]
    parts.append(f"home page + Site + staff user {_ms(steps['schema_setup']['median'])}")
    parts.append(
        f"the rest (validation, public rows, commit) about {_ms(max(r['median'] - known, 0))}"
    )
    return ", ".join(parts)


def _targets(prov: dict, name: str, label: str) -> list[str]:
    r = prov["methods"][name]
    speed = prov["speedup"][name]["migrate"]
    met = prov["targets"][name]
    return [
        f"| provisioning p95 under {PROVISIONING_P95_TARGET_S} s -- {label} | "
        f"p95 {_ms(r['p95'])} (median {_ms(r['median'])}) | {_met(met['p95_under_0_5_s'])} |",
        f"| provisioning at least {PROVISIONING_SPEEDUP_TARGET:.0f}x faster than "
        f"migrating -- {label} | {speed['median']:.1f}x on medians, {speed['p95']:.1f}x "
        f"on p95 | {_met(met['7x_faster_than_migrate'])} |",
    ]


def render_race(race: dict) -> list[str]:
    """The checkout race section (``bench/inventory_race.py``); details in
    docs/benchmarks-checkout.md."""
    lines = [
        "",
        "## Checkout race",
        "",
        "`bench/inventory_race.py`: Souk's conditional `UPDATE` reservations against a naive "
        "read-check-write, same run, fresh stock per run (scenarios and method in "
        "`docs/benchmarks-checkout.md`). Oversold and wrongly refused must be 0 for souk.",
        "",
        "| scenario | implementation | checkouts/s | sold | refused | oversold units | "
        "wrongly refused | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key, r in race.items():
        if "/" not in key or not isinstance(r, dict):
            continue
        name, implementation = key.split("/", 1)
        lines.append(
            f"| {name} | {implementation} | {r['checkouts_per_second']:,.0f} | {r['sold']} | "
            f"{r['refused']} | {r['oversold_units']} | {r['wrongly_refused']} | {r['errors']} |"
        )
    return lines


def render(prov: dict, req: dict, race: dict | None = None) -> str:
    m = prov["machine"]
    methods = prov["methods"]
    pooled, clone, refill = methods["souk_pooled"], methods["souk_clone"], methods["pool_refill"]
    speed = prov["speedup"]
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); re-running replaces every figure. "
        "Benchmarks compare against a baseline measured in the same run and are never "
        "part of the test run.",
        "",
        f"- Date: {now}; commit `{m['commit']}`",
        f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']} GiB RAM, {m['os']}",
        f"- Software: Python {m['python']}, PostgreSQL {m['postgresql']} (embedded, "
        f"unix socket, same machine), {_versions()}",
        f"- Load average (1/5/15 min) before / after: provisioning "
        f"{_load(prov['loadavg_before'])} -> {_load(prov['loadavg_after'])}; requests "
        f"{_load(req['loadavg_before'])} -> {_load(req['loadavg_after'])}. The machine "
        "is shared (other test runs use the same CPUs and PostgreSQL server), so wall "
        f"times carry that noise; the CPU-time columns are steadier.{_waited(prov, req)}",
        "",
        "## Summary",
        "",
        "The provisioning targets are judged on **souk_pooled**, the production path "
        "(a Celery worker keeps the schema pool filled, so a sign-up renames a "
        "pre-cloned schema). **souk_clone** is the same call with the pool empty (no "
        "worker, or sign-ups faster than the refills), shown with its own result.",
        "",
        "| target | figure | result |",
        "| --- | --- | --- |",
        *_targets(prov, "souk_pooled", "souk_pooled (production)"),
        *_targets(prov, "souk_clone", "souk_clone (pool empty)"),
        f"| requests/s at least {REQUEST_RATIO_TARGET:.0%} of a bare Django app | "
        f"{req['ratio']:.0%} | {_met(req['targets']['at_least_60_percent_of_bare'])} |",
        "",
        "The page cache's target is judged in its own section below. Benchmarks with "
        "their own page (each re-run by its own script, command at the top of its page): "
        "catalogue pages on a 100,000-product shop (`docs/benchmarks-catalog.md`, "
        "`bench/catalog_pages.py`), sign-up (`docs/benchmarks-signup.md`, "
        "`bench/signup.py`), checkout race method (`docs/benchmarks-checkout.md`), the "
        "analytics dashboard on a 100,000-order shop (`docs/benchmarks-analytics.md`, "
        "`bench/analytics_dashboard.py`).",
        "",
        "## Provisioning a shop",
        "",
        "`bench/shop_provisioning.py`, one process (`config.settings.dev` with `DEBUG` off). "
        "Wall time from the caller's side, commit included; CPU time is this process's "
        "plus its PostgreSQL backend's. Each method's first call in the process is a "
        "warm-up, shown apart. Every schema is dropped right after it is timed, so each "
        "method meets the same catalog. p95 is nearest-rank (with 20 samples, the 19th).",
        "",
        "- **souk_pooled** (production path): `provisioning.services.shop_provision` with a "
        "pool schema ready -- it renames that schema (`schema_pool_claim`), then adds "
        "the public rows, home page, Site and owner's staff user (no password), one "
        "transaction. Before each sample the pool gets one schema, untimed "
        "(`schema_pool_refill(size=1)`, what the worker's `refill_schema_pool` task "
        "does after each sign-up).",
        "- **pool refill** (background, not in the sign-up's time): that "
        "`schema_pool_refill(size=1)`, timed on its own -- one clone of the template "
        "into a pool schema, committed. This is what each shop still costs the "
        "database, off the request path.",
        "- **souk_clone** (pool empty): the same call cloning the schema from the "
        "template on demand by one SQL script inside the transaction (what `souk` "
        "measured before the pool).",
        "- **migrate** (baseline): a plain django-tenants shop schema, `CREATE SCHEMA` + "
        "`migrate_schemas --tenant --schema_name` (every tenant migration).",
        "- **dt_clone** (baseline): django-tenants' own `CloneSchema.clone_schema` of "
        "the template (`DATA`) + `migrate_schemas --fake` for the new schema.",
        "",
        "The baselines make the schema only (no public rows, page or user). "
        "`SHOP_SCHEMA_POOL_SIZE` is 0 during the run, so `shop_provision` queues no "
        "on-commit refill (with no broker configured Celery would run it eagerly, "
        "inside the timed call); refill tasks queued during the run: "
        f"{prov['on_commit_refills_queued']}. The pool schemas `migrate_schemas` made "
        "are set aside for the run and put back; the bench drops every pool schema and "
        "shop it made.",
        "",
        "| method | n | median | p95 | min | max | CPU median | first call | "
        "peak RSS (cumulative) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    rows = [
        ("souk_pooled", "souk_pooled"),
        ("pool_refill", "pool refill (background)"),
        ("souk_clone", "souk_clone"),
        ("dt_clone", "dt_clone"),
        ("migrate", "migrate"),
    ]
    for name, label in rows:
        r = methods[name]
        cpu = _ms(r["cpu"]["median"]) if "cpu" in r else "n/a"
        rss = f"{r['rss']['max_process_mib']:.0f} MiB" if "rss" in r else "(with souk_pooled)"
        lines.append(
            f"| {label} | {r['n']} | {_ms(r['median'])} | {_ms(r['p95'])} | {_ms(r['min'])} "
            f"| {_ms(r['max'])} | {cpu} | {_ms(r['warmup_s'])} | {rss} |"
        )
    background = ""
    if "cpu" in pooled and "cpu" in refill and "cpu" in clone:
        background = (
            f" Per shop, the sign-up plus its refill cost "
            f"{_ms(pooled['cpu']['median'] + refill['cpu']['median'])} of CPU (medians "
            f"added) against {_ms(clone['cpu']['median'])} for souk_clone: the pool moves "
            "the clone off the sign-up's path; the database still clones once per shop."
        )
    lines += [
        "",
        "Speed-up (baseline / Souk, median / p95, CPU-time medians in brackets):",
        "",
        f"- souk_pooled: {_speed(speed['souk_pooled'], 'migrate')} over migrate, "
        f"{_speed(speed['souk_pooled'], 'dt_clone')} over dt_clone.",
        f"- souk_clone: {_speed(speed['souk_clone'], 'migrate')} over migrate, "
        f"{_speed(speed['souk_clone'], 'dt_clone')} over dt_clone.",
        "",
        "Where the time goes (medians):",
        "",
        f"- souk_pooled: {_steps(pooled)}.",
        f"- souk_clone (the claim finds the pool empty): {_steps(clone)}.",
        "",
        f"The pool refill: median {_ms(refill['median'])}, p95 {_ms(refill['p95'])} "
        f"(first call {_ms(refill['warmup_s'])}, which builds the clone script).{background}",
    ]
    if "souk_with_password" in methods:
        pw = methods["souk_with_password"]
        lines += [
            "",
            f"With an owner password (a real sign-up hashes it once, for the platform "
            f"account and the shop's staff user alike), on the pooled path: median "
            f"{_ms(pw['median'])}, max {_ms(pw['max'])} over {pw['n']} shops.",
        ]
    lines += [
        "",
        f"Peak RSS of the process (`ru_maxrss`): {prov['peak_rss_mib']:.0f} MiB "
        f"({prov['rss_after_setup_mib']:.0f} MiB after `django.setup()`). The per-method "
        "figures are sampled and cumulative: souk_pooled (with its refills) ran first, "
        "then souk_clone, dt_clone and migrate.",
        "",
        "## Request overhead",
        "",
        "`bench/request_overhead.py`. Two gunicorn servers with the same settings "
        f"(`--workers {req['server']['workers']} --threads {req['server']['threads']}`, "
        f"{req['server']['worker_class']} workers, `CONN_MAX_AGE=600`, `DEBUG` off) serve "
        f"the same `/robots.txt` bytes for the same `Host: {req['host']}`:",
        "",
        "- **souk**: `config.wsgi` with `bench/settings_souk.py` (`config.settings.base`): "
        "host routing from the in-process directory, django-tenants' backend, the shop "
        "status check, Wagtail's redirects, `storefront.views.robots_txt` (no query).",
        "- **bare**: `bench/bare_app.py`, one-file Django app: the same Django middleware "
        "minus Souk's (routing, status) and Wagtail's redirects, plain PostgreSQL backend.",
        "",
        f"`bench/loadgen.py` drives one server at a time from "
        f"{req['server']['concurrency']} client processes on 127.0.0.1 for "
        f"{req['server']['duration_s']:.0f} s per round, alternating the servers over "
        f"{len(req['servers']['souk']['rps_rounds'])} rounds after a warm-up. The sync "
        "worker closes the connection after each response, so every request opens one "
        "(both servers alike). The client shares the CPUs with the servers.",
        "",
        "| server | requests/s (median of rounds) | rounds | errors | worker CPU per "
        "request | peak RSS per worker | peak RSS, all workers |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in ("souk", "bare"):
        s = req["servers"][name]
        rounds = ", ".join(f"{v:,.0f}" for v in s["rps_rounds"])
        lines.append(
            f"| {name} | {s['rps']:,.0f} | {rounds} | {s['errors']} | "
            f"{s['worker_cpu_us_per_request']:,.0f} µs | {s['rss']['max_process_mib']:.0f} MiB "
            f"| {s['rss']['total_mib']:.0f} MiB |"
        )
    lines += [
        "",
        f"Souk serves {req['ratio']:.0%} of the bare app's requests per second; by worker "
        f"CPU per request it is at {req['cpu_ratio']:.0%} of the bare app's efficiency.",
        *(render_race(race) if race else []),
        "",
        "<details><summary>Raw samples (seconds)</summary>",
        "",
    ]
    for name, r in methods.items():
        samples = ", ".join(f"{v:.3f}" for v in r["samples"])
        lines.append(f"- {name}, wall: {samples}")
        if "cpu" in r:
            samples = ", ".join(f"{v:.3f}" for v in r["cpu"]["samples"])
            lines.append(f"- {name}, CPU: {samples}")
    lines += ["", "</details>", ""]
    return "\n".join(lines)


def page_cache_command(wait_quiet: float, note: str) -> str:
    """The command that rewrote the page-cache section, as the section prints it."""
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    command = (
        f"DATABASE_URL=<a database> BENCH_REDIS_URL={redis_url} "
        f".venv/bin/python bench/run.py --page-cache-only --wait-quiet {wait_quiet:.0f}"
    )
    return f'{command} --note "{note}"' if note else command


def _machine(waited: dict | None, load: list[float]) -> str:
    """``quiet machine`` or ``machine busy (load N)``, from the 1-minute load average."""
    load_now = waited["load"] if waited else load[0]
    if load_now < 1.0:
        return f"quiet machine (1-min load {load_now:.2f})"
    return f"machine busy (1-min load {load_now:.2f})"


def render_page_cache(pc: dict, *, waited: dict | None = None, note: str = "") -> str:
    """The page-cache section (bench/page_cache.py)."""
    souk, bare = pc["servers"]["souk"], pc["servers"]["bare"]
    shared = pc["servers"].get("souk_shared")
    fresh = pc["freshness_s"]
    s = pc["server"]
    label = ", ".join(x for x in (note, _machine(waited, pc["loadavg_before"])) if x)
    lines = [
        PAGE_CACHE_HEADING,
        "",
        f"Re-run with: `{page_cache_command(waited['timeout_s'] if waited else 600, note)}` "
        "(rewrites this section alone; it migrates the database first, and the bench "
        "makes and drops its own shop).",
        "",
        f"**{label}.** Measured "
        f"{dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')} by "
        "`bench/page_cache.py`. Two gunicorn servers of Souk and one of the bare app, "
        "with the request-overhead settings above (its own run, not that section's) "
        f"({s['workers']} {s['worker_class']} workers each, {s['concurrency']} client "
        f"processes, {s['duration_s']:.0f} s rounds, the servers' order rotating each "
        "round): **souk** serves the demo home page (hero, product grid, featured "
        "collection, newsletter form) already in the per-shop page cache "
        f"(Redis, and the worker's local copy; {pc['page_bytes']['souk']:,} bytes, with a "
        "form: each response carries a new visitor's CSRF token and cookie), "
        "**souk, Redis only** the same with the local copy off "
        "(`STOREFRONT_PAGE_CACHE_LOCAL_MIB=0`: one Redis round trip per hit), **bare** a "
        f"minimal Django view (`bench/bare_app.py`, {pc['page_bytes']['bare']:,} bytes). "
        f"Load average before / after: {_load(pc['loadavg_before'])} -> "
        f"{_load(pc['loadavg_after'])} (2 CPUs, shared).",
        "",
        "| server | requests/s (median) | per round | worker CPU / request | peak RSS |",
        "| --- | ---: | --- | ---: | ---: |",
    ]
    rows = [("souk, cached home page", souk)]
    if shared is not None:
        rows.append(("souk, cached home page, Redis only", shared))
    rows.append(("bare Django view", bare))
    for name, r in rows:
        rounds = ", ".join(f"{v:,.0f}" for v in r["rps_rounds"])
        lines.append(
            f"| {name} | {r['rps']:,.0f} | {rounds} | "
            f"{r['worker_cpu_us_per_request']:,.0f} µs | {r['rss']['total_mib']:.0f} MiB |"
        )
    ok = pc["ratio"] >= PAGE_CACHE_RATIO_TARGET
    samples = ", ".join(f"{v * 1000:.0f}" for v in fresh["samples"])
    lines += [
        "",
        f"The cached page is served at **{pc['ratio']:.0%}** of the bare view's requests "
        f"per second (target {PAGE_CACHE_RATIO_TARGET:.0%}: {_met(ok)}); by worker CPU per "
        f"request at {pc['cpu_ratio']:.0%} of its efficiency.",
    ]
    if shared is not None:
        lines.append(
            f"From Redis alone (no local copy) it is at {pc['shared_ratio']:.0%} "
            f"(by worker CPU {pc['shared_cpu_ratio']:.0%})."
        )
    lines += [
        "Peak RSS is sampled over all workers of a server (2 each).",
        "",
        f"Time from publishing a change to the home page (a Wagtail revision, committed) "
        f"to the first request showing it: median **{fresh['median'] * 1000:.0f} ms**, max "
        f"{fresh['max'] * 1000:.0f} ms ({len(fresh['samples'])} changes: {samples} ms; "
        "the write itself included).",
        "",
    ]
    return "\n".join(lines)


def _with_page_cache(text: str, section: str) -> str:
    """``text`` with its page-cache section (to the next ``## `` heading) replaced."""
    head, found, rest = text.partition(PAGE_CACHE_HEADING + "\n")
    if not found:
        return f"{text.rstrip()}\n\n{section}"
    _old, heading, tail = rest.partition("\n## ")
    tail = f"\n{heading.strip()} {tail}" if heading else ""
    return f"{head.rstrip()}\n\n{section}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DOCS)
    parser.add_argument(
        "--quick", action="store_true", help="few samples, short rounds (a smoke run)"
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        metavar="SECONDS",
        help="before each benchmark, wait up to this long for the machine to be quiet",
    )
    parser.add_argument(
        "--page-cache-only",
        action="store_true",
        help="run only bench/page_cache.py and rewrite only its section",
    )
    parser.add_argument(
        "--note", default="", help="label for the page-cache section (e.g. 'helper run')"
    )
    parser.add_argument(
        "--no-migrate",
        action="store_true",
        help="do not migrate the bench database first (it is already current)",
    )
    args = parser.parse_args(argv)
    if not args.no_migrate:
        migrate()
    pc_args = ["--duration", "2", "--rounds", "2", "--warmup", "1"] if args.quick else []
    if args.page_cache_only:
        waited = _wait_quiet(args.wait_quiet)
        section = render_page_cache(_run("page_cache.py", pc_args), waited=waited, note=args.note)
        current = args.output.read_text() if args.output.exists() else ""
        args.output.write_text(_with_page_cache(current, section))
        print(f"wrote {args.output}")
        return 0
    if args.quick:
        prov_args = ["--shops", "3", "--migrate", "1", "--dt-clone", "1", "--with-password", "1"]
        req_args = ["--duration", "2", "--rounds", "2", "--warmup", "1"]
        race_args = ["--buyers", "50", "--units", "10", "--variants", "20"]
        race_args += ["--mixed-buyers", "100", "--connections", "8"]
    else:
        prov_args, req_args, race_args = [], [], []
    waited = _wait_quiet(args.wait_quiet)
    prov = {**_run("shop_provisioning.py", prov_args), "wait_quiet": waited}
    waited = _wait_quiet(args.wait_quiet)
    req = {**_run("request_overhead.py", req_args), "wait_quiet": waited}
    _wait_quiet(args.wait_quiet)
    race = _run("inventory_race.py", race_args)
    waited = _wait_quiet(args.wait_quiet)
    section = render_page_cache(_run("page_cache.py", pc_args), waited=waited, note=args.note)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(_with_page_cache(render(prov, req, race), section))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

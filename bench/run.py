"""Run every benchmark and rewrite docs/benchmarks.md with the figures (``make bench``).

Each benchmark runs in its own process (so each process's peak RSS is its own) on
the ``souk_bench`` database of the embedded PostgreSQL, unless ``SOUK_EMBEDDED_DB``
or ``DATABASE_URL`` says otherwise. Re-running replaces the figures.
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


def _wait_quiet(timeout: float) -> None:
    """Wait (at most ``timeout`` s) for the 1-minute load average to fall under one CPU."""
    deadline = time.monotonic() + timeout
    while os.getloadavg()[0] >= 1.0 and time.monotonic() < deadline:
        time.sleep(5)
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)


def _run(script: str, args: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="souk-bench-") as tmp:
        out = Path(tmp) / "result.json"
        env = {**os.environ}
        env.setdefault("SOUK_EMBEDDED_DB", measure.BENCH_DB)
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


def _cpu_speedup(methods: dict) -> str:
    if not all("cpu" in methods[name] for name in ("souk", "migrate", "dt_clone")):
        return ""
    souk = methods["souk"]["cpu"]["median"]
    return (
        f" On CPU-time medians: {methods['migrate']['cpu']['median'] / souk:.1f}x over "
        f"migrate, {methods['dt_clone']['cpu']['median'] / souk:.2f}x over dt_clone."
    )


def render(prov: dict, req: dict) -> str:
    m = prov["machine"]
    methods = prov["methods"]
    souk = methods["souk"]
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
        "times carry that noise; the CPU-time columns are steadier.",
        "",
        "## Summary",
        "",
        "| target | figure | result |",
        "| --- | --- | --- |",
        f"| provisioning p95 under {PROVISIONING_P95_TARGET_S} s | p95 {_ms(souk['p95'])} "
        f"(median {_ms(souk['median'])}) | {_met(prov['targets']['p95_under_0_5_s'])} |",
        f"| provisioning at least {PROVISIONING_SPEEDUP_TARGET:.0f}x faster than "
        f"migrating | {speed['migrate']['median']:.1f}x on medians, "
        f"{speed['migrate']['p95']:.1f}x on p95 | "
        f"{_met(prov['targets']['7x_faster_than_migrate'])} |",
        f"| requests/s at least {REQUEST_RATIO_TARGET:.0%} of a bare Django app | "
        f"{req['ratio']:.0%} | {_met(req['targets']['at_least_60_percent_of_bare'])} |",
        "",
        "## Provisioning a shop",
        "",
        "`bench/provisioning.py`, one process (`config.settings.dev` with `DEBUG` off). "
        "Wall time from the caller's side, commit included; CPU time is this process's "
        "plus its PostgreSQL backend's. Each method's first call in the process is a "
        "warm-up, shown apart. Every schema is dropped right after it is timed, so each "
        "method meets the same catalog. p95 is nearest-rank (with 20 samples, the 19th).",
        "",
        "- **souk**: `shops.services.shop_provision` -- public rows, the schema cloned "
        "from the template by one SQL script, home page, Site, owner's staff user "
        "(no password), one transaction.",
        "- **migrate** (baseline): a plain django-tenants shop schema, `CREATE SCHEMA` + "
        "`migrate_schemas --tenant --schema_name` (every tenant migration).",
        "- **dt_clone** (baseline): django-tenants' own `CloneSchema.clone_schema` of "
        "the template (`DATA`) + `migrate_schemas --fake` for the new schema.",
        "",
        "The baselines make the schema only (no public rows, page or user).",
        "",
        "| method | n | median | p95 | min | max | CPU median | first call | "
        "peak RSS (cumulative) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in ("souk", "dt_clone", "migrate"):
        r = methods[name]
        cpu = _ms(r["cpu"]["median"]) if "cpu" in r else "n/a"
        lines.append(
            f"| {name} | {r['n']} | {_ms(r['median'])} | {_ms(r['p95'])} | {_ms(r['min'])} "
            f"| {_ms(r['max'])} | {cpu} | {_ms(r['warmup_s'])} | "
            f"{r['rss']['max_process_mib']:.0f} MiB |"
        )
    steps = souk["steps"]
    rest = souk["median"] - steps["schema_clone"]["median"] - steps["schema_setup"]["median"]
    lines += [
        "",
        f"Speed-up of souk (median / p95): {speed['migrate']['median']:.1f}x / "
        f"{speed['migrate']['p95']:.1f}x over migrate, {speed['dt_clone']['median']:.2f}x / "
        f"{speed['dt_clone']['p95']:.2f}x over dt_clone.{_cpu_speedup(methods)}",
        "",
        f"Where souk's time goes (medians): running the clone script "
        f"{_ms(steps['schema_clone']['median'])} (p95 {_ms(steps['schema_clone']['p95'])}), "
        f"home page + Site + staff user {_ms(steps['schema_setup']['median'])}, the rest "
        f"(validation, public rows, commit) about {_ms(max(rest, 0))}.",
    ]
    if "souk_with_password" in methods:
        pw = methods["souk_with_password"]
        lines += [
            "",
            f"With an owner password (a real sign-up hashes it for the platform account "
            f"and again for the shop's staff user): median {_ms(pw['median'])}, max "
            f"{_ms(pw['max'])} over {pw['n']} shops.",
        ]
    lines += [
        "",
        f"Peak RSS of the process (`ru_maxrss`): {prov['peak_rss_mib']:.0f} MiB "
        f"({prov['rss_after_setup_mib']:.0f} MiB after `django.setup()`). The per-method "
        "figures are sampled and cumulative: souk ran first, then dt_clone, then "
        "migrate.",
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
    args = parser.parse_args(argv)
    if args.quick:
        prov_args = ["--shops", "3", "--migrate", "1", "--dt-clone", "1", "--with-password", "1"]
        req_args = ["--duration", "2", "--rounds", "2", "--warmup", "1"]
    else:
        prov_args, req_args = [], []
    _wait_quiet(args.wait_quiet)
    prov = _run("provisioning.py", prov_args)
    _wait_quiet(args.wait_quiet)
    req = _run("request_overhead.py", req_args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(prov, req))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

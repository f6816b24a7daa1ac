"""Provisioning speed: Souk's cloned shop against django-tenants' two ways, same process.

Methods, each timed from the caller's side (wall clock, commit included):

* ``souk``: ``shops.services.shop_provision`` -- public rows, the schema cloned from
  the template by one SQL script (shops.cloning), the home page, the Site, the
  owner's staff user; one transaction.
* ``migrate`` (baseline): a plain django-tenants shop schema made by running every
  tenant migration: ``CREATE SCHEMA`` + ``migrate_schemas --tenant --schema``.
* ``dt_clone`` (baseline): django-tenants' own clone (``CloneSchema.clone_schema`` of
  the template, PL/pgSQL) + ``migrate_schemas --fake`` for the new schema, which is
  what ``TenantMixin.create_schema`` does with ``TENANT_BASE_SCHEMA``.

The baselines make only a schema (no public rows, page or user), so they do less
than ``souk``. Each method's first call in the process is a warm-up (imports, the
clone script build, the clone function install), timed and reported apart. Every
schema is dropped right after it is timed, outside the timing, so every method
meets the same catalog. Peak RSS is sampled per phase (cumulative: a phase's figure
includes what earlier phases left in memory; ``souk`` runs first) and for the
process (``ru_maxrss``).

Run: ``SOUK_EMBEDDED_DB=souk_bench .venv/bin/python bench/provisioning.py``
(bench/run.py runs it and writes docs/benchmarks.md). Never part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import measure
import psutil

SUBDOMAIN_PREFIX = "bench"
OWNER_DOMAIN = "example.invalid"
BASELINE_SCHEMA_PREFIX = "bench_"


def django_setup() -> None:
    measure.source_paths()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("SOUK_EMBEDDED_DB", measure.BENCH_DB)
    # Production-like: no query log kept in memory (dev turns DEBUG on by default).
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _tag() -> str:
    return uuid.uuid4().hex[:8]


# --- the three methods ------------------------------------------------------------
class SoukProvision:
    """``shop_provision`` with its two big steps timed (wrapping adds microseconds)."""

    name = "souk"

    def __init__(self, *, password: str | None = None) -> None:
        import shops.services as services

        self.services = services
        self.password = password
        self.steps: dict[str, list[float]] = {"schema_clone": [], "schema_setup": []}
        self.made: list[dict] = []
        self._n = 0

    @contextmanager
    def _steps_timed(self):
        services = self.services
        clone, setup = services.schema_clone, services._shop_schema_setup
        last: dict[str, float] = {}

        def timed(step, fn):
            def wrapper(*args, **kwargs):
                start = measure.now()
                try:
                    return fn(*args, **kwargs)
                finally:
                    last[step] = measure.now() - start

            return wrapper

        services.schema_clone = timed("schema_clone", clone)
        services._shop_schema_setup = timed("schema_setup", setup)
        try:
            yield last
        finally:
            services.schema_clone, services._shop_schema_setup = clone, setup

    def run_once(self, *, record_steps: bool = True) -> float:
        self._n += 1
        tag = _tag()
        subdomain = f"{SUBDOMAIN_PREFIX}{self._n:03d}-{tag}"
        email = f"bench+{tag}@{OWNER_DOMAIN}"
        with self._steps_timed() as last:
            start = measure.now()
            shop = self.services.shop_provision(
                name=f"Bench shop {self._n}",
                subdomain=subdomain,
                owner_email=email,
                owner_password=self.password,
            )
            elapsed = measure.now() - start
        if record_steps:
            for step, seconds in last.items():
                self.steps[step].append(seconds)
        self.made.append({"subdomain": subdomain, "schema": shop.schema_name, "email": email})
        return elapsed

    def drop_last(self) -> None:
        shop_rows_delete(**self.made.pop())


class MigrateBaseline:
    name = "migrate"

    def run_once(self) -> float:
        from django.core.management import call_command
        from django.db import connection

        schema = f"{BASELINE_SCHEMA_PREFIX}migrate_{_tag()}"
        self.schema = schema
        start = measure.now()
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{schema}"')
        call_command(
            "migrate_schemas", tenant=True, schema_name=schema, interactive=False, verbosity=0
        )
        elapsed = measure.now() - start
        connection.set_schema_to_public()
        return elapsed

    def drop_last(self) -> None:
        schema_drop(self.schema)


class DjangoTenantsCloneBaseline:
    name = "dt_clone"

    def run_once(self) -> float:
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django_tenants.clone import CloneSchema

        schema = f"{BASELINE_SCHEMA_PREFIX}dtclone_{_tag()}"
        self.schema = schema
        start = measure.now()
        CloneSchema().clone_schema(settings.SHOP_TEMPLATE_SCHEMA, schema, "DATA")
        call_command(
            "migrate_schemas",
            tenant=True,
            fake=True,
            schema_name=schema,
            interactive=False,
            verbosity=0,
        )
        elapsed = measure.now() - start
        connection.set_schema_to_public()
        return elapsed

    def drop_last(self) -> None:
        schema_drop(self.schema)


# --- clean-up ---------------------------------------------------------------------
def schema_drop(schema: str) -> None:
    from django.db import connection

    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def shop_rows_delete(*, subdomain: str, schema: str, email: str) -> None:
    """Drop a bench shop's schema and every public row provisioning wrote for it."""
    from django.db import connection, transaction

    from shops.models import Domain, Shop, ShopEvent
    from shops.routing import directory

    connection.set_schema_to_public()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        ShopEvent.objects.filter(subdomain=subdomain).delete()
        Domain.objects.filter(tenant__subdomain=subdomain).delete()
        Shop.objects.filter(subdomain=subdomain).delete()
        if email:
            owners_delete("email = %s", [email])
        directory.invalidate_on_commit()


def owners_delete(where: str, params: list) -> None:
    """Delete bench owners from the public ``accounts_user`` in SQL.

    The ORM's cascade would also look in tenant-only tables (Wagtail's user profile)
    that the public schema does not have. Bench owners have no other rows; a foreign
    key still pointing at one makes this fail loudly rather than cascade.
    """
    from django.db import connection

    from accounts.models import User

    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM public."{User._meta.db_table}" WHERE {where}', params)


def leftovers_sweep() -> int:
    """Remove what an interrupted bench run left behind (only bench-named objects)."""
    from django.db import connection

    from shops.models import Domain, Shop, ShopEvent

    connection.set_schema_to_public()
    pattern = rf"^{SUBDOMAIN_PREFIX}[0-9]{{3}}-[0-9a-f]{{8}}$"
    shops = list(Shop.objects.filter(subdomain__regex=pattern))
    for shop in shops:
        shop_rows_delete(subdomain=shop.subdomain, schema=shop.schema_name, email="")
    ShopEvent.objects.filter(subdomain__regex=pattern).delete()
    Domain.objects.filter(domain__regex=pattern[:-1] + r"\.").delete()
    owners_delete("email LIKE %s", [f"bench+%@{OWNER_DOMAIN}"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s OR nspname LIKE %s",
            [f"{BASELINE_SCHEMA_PREFIX}%", f"shop\\_{SUBDOMAIN_PREFIX}%"],
        )
        schemas = [row[0] for row in cursor.fetchall()]
    for schema in schemas:
        schema_drop(schema)
    return len(shops) + len(schemas)


# --- the run ----------------------------------------------------------------------
def _backend() -> psutil.Process | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        return psutil.Process(pid)
    except psutil.Error:
        return None


def _cpu(process: psutil.Process | None) -> float | None:
    if process is None:
        return None
    try:
        times = process.cpu_times()
    except psutil.Error:
        return None
    return times.user + times.system


def _sample(method, **kwargs) -> tuple[float, float | None]:
    """Wall time, and CPU time spent on it (this process + its PostgreSQL backend).

    The CPU figure is what the work costs whatever else the machine is doing; the
    wall time is what a merchant waits for, and what the target is about.
    django-tenants' ``migrate_schemas`` closes the connection when it is done, so
    the backend's CPU time is read just before that close.
    """
    from django.db import connections

    wrapper = connections["default"]
    backend = _backend()
    backend_before, process_before = _cpu(backend), time.process_time()
    at_close: dict[str, float | None] = {}

    def close():
        at_close.setdefault("cpu", _cpu(backend))
        return type(wrapper).close(wrapper)

    wrapper.close = close
    try:
        wall = method.run_once(**kwargs)
    finally:
        del wrapper.close
    process_after = time.process_time()
    backend_after = at_close["cpu"] if "cpu" in at_close else _cpu(backend)
    if backend_before is None or backend_after is None:
        return wall, None
    return wall, (process_after - process_before) + (backend_after - backend_before)


def _series(method, count: int, sampler: measure.RssSampler) -> dict:
    kwargs = {"record_steps": False} if method.name == "souk" else {}
    warmup, _cpu_s = _sample(method, **kwargs)
    method.drop_last()
    walls, cpus = [], []
    for _ in range(count):
        wall, cpu = _sample(method)
        walls.append(wall)
        cpus.append(cpu)
        method.drop_last()
    result = {"warmup_s": warmup, **measure.summary(walls), "rss": sampler.peak()}
    if all(cpu is not None for cpu in cpus):
        result["cpu"] = measure.summary(cpus)
    return result


def run(*, shops: int, migrate: int, dt_clone: int, with_password: int) -> dict:
    django_setup()
    from django.db import connection

    swept = leftovers_sweep()
    me = os.getpid()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (pg_version,) = cursor.fetchone()
    results: dict = {
        "machine": {**measure.machine(), "postgresql": pg_version},
        "leftovers_swept": swept,
        "loadavg_before": os.getloadavg(),
        "rss_after_setup_mib": measure.max_rss_mib(),
        "methods": {},
    }
    souk = SoukProvision()
    try:
        with measure.RssSampler(lambda: [me], interval=0.02) as sampler:
            results["methods"]["souk"] = _series(souk, shops, sampler)
            results["methods"]["souk"]["steps"] = {
                step: measure.summary(values) for step, values in souk.steps.items()
            }
            if with_password:
                # What a real sign-up with a password costs on top (hashing).
                with_pw = SoukProvision(password="bench-Password-1")  # noqa: S106
                with_pw._n = 500
                samples = []
                for _ in range(with_password):
                    samples.append(_sample(with_pw)[0])
                    with_pw.drop_last()
                results["methods"]["souk_with_password"] = measure.summary(samples)
            methods = results["methods"]
            methods["dt_clone"] = _series(DjangoTenantsCloneBaseline(), dt_clone, sampler)
            methods["migrate"] = _series(MigrateBaseline(), migrate, sampler)
    finally:
        while souk.made:
            souk.drop_last()
        results["leftovers_after"] = leftovers_sweep()
    results["loadavg_after"] = os.getloadavg()
    results["peak_rss_mib"] = measure.max_rss_mib()
    souk_p95 = results["methods"]["souk"]["p95"]
    souk_median = results["methods"]["souk"]["median"]
    results["speedup"] = {
        name: {
            "median": results["methods"][name]["median"] / souk_median,
            "p95": results["methods"][name]["p95"] / souk_p95,
        }
        for name in ("migrate", "dt_clone")
    }
    results["targets"] = {
        "p95_under_0_5_s": souk_p95 < 0.5,
        "7x_faster_than_migrate": results["speedup"]["migrate"]["median"] >= 7,
    }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shops", type=int, default=20)
    parser.add_argument("--migrate", type=int, default=3, help="baseline samples")
    parser.add_argument("--dt-clone", type=int, default=5, help="baseline samples")
    parser.add_argument("--with-password", type=int, default=3, help="extra souk samples")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    results = run(
        shops=args.shops,
        migrate=args.migrate,
        dt_clone=args.dt_clone,
        with_password=args.with_password,
    )
    text = json.dumps(results, indent=2)
    if args.json:
        args.json.write_text(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Provisioning speed: Souk's shop provisioning against django-tenants' two ways, same process.

Methods, each timed from the caller's side (wall clock, commit included):

* ``souk_pooled``: ``provisioning.services.shop_provision`` as in production with a Celery
  worker -- a pool schema is ready, so the call renames it (``schema_pool_claim``)
  and adds the public rows, the home page, the Site and the owner's staff user; one
  transaction. Before each sample the pool is refilled with one schema
  (``schema_pool_refill(size=1)``), untimed, as the worker does after each sign-up;
  that refill is timed on its own (``pool_refill``: the background cost per shop).
* ``souk_clone``: the same call with the pool empty: the schema is cloned from the
  template on demand by one SQL script (shops.cloning) inside the call.
* ``migrate`` (baseline): a plain django-tenants shop schema made by running every
  tenant migration: ``CREATE SCHEMA`` + ``migrate_schemas --tenant --schema``.
* ``dt_clone`` (baseline): django-tenants' own clone (``CloneSchema.clone_schema`` of
  the template, PL/pgSQL) + ``migrate_schemas --fake`` for the new schema, which is
  what ``TenantMixin.create_schema`` does with ``TENANT_BASE_SCHEMA``.

``SHOP_SCHEMA_POOL_SIZE`` is 0 for the whole run, so ``shop_provision`` queues no
on-commit refill (with no broker Celery runs tasks eagerly, which would put a clone
inside the timed call); the bench refills explicitly. Pool schemas present before
the run (``migrate_schemas`` fills the pool) are set aside by renaming and put back
afterwards; every pool schema the bench made and did not use is dropped.

The baselines make only a schema (no public rows, page or user), so they do less
than Souk. Each method's first call in the process is a warm-up (imports, the clone
script build, the clone function install), timed and reported apart. Every schema is
dropped right after it is timed, outside the timing, so every method meets the same
catalog. Peak RSS is sampled per phase (cumulative: a phase's figure includes what
earlier phases left in memory; ``souk_pooled`` runs first) and for the process
(``ru_maxrss``).

Run: ``SOUK_EMBEDDED_DB=souk_bench .venv/bin/python bench/shop_provisioning.py``
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
# Pool schemas found at the start are renamed to this prefix for the run (it must not
# start with shops.schema_pool.POOL_PREFIX, nor with "bench", which the sweep drops).
POOL_STASH_PREFIX = "souk_benchstash_"
# Exists while a run has the pool set aside: a sweep finding it knows the run was
# interrupted, so the pool schemas it finds are the bench's and the stash is not.
POOL_RUN_SENTINEL = "souk_benchrun"


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


# --- the methods ------------------------------------------------------------------
class PoolRefill:
    """``schema_pool_refill(size=1)`` on an empty pool: one clone, what a worker does
    after each sign-up. Run before each ``souk_pooled`` sample, outside its timing."""

    name = "pool_refill"

    def run_once(self) -> float:
        from shops.schema_pool import schema_pool_refill

        start = measure.now()
        made = schema_pool_refill(size=1)
        elapsed = measure.now() - start
        if made != 1:
            raise RuntimeError(f"The pool was not empty before a refill (made {made}).")
        return elapsed

    def drop_last(self) -> None:
        """The schema it made is claimed by the next sample (or dropped at the end)."""


class SoukProvision:
    """``shop_provision`` with its big steps timed (wrapping adds microseconds).

    ``pooled``: a pool schema is made ready (untimed) before each call, which must
    claim it; otherwise the pool must be empty and the call clones on demand.
    """

    def __init__(self, *, pooled: bool = False, password: str | None = None) -> None:
        import provisioning.services as services

        self.services = services
        self.pooled = pooled
        self.name = "souk_pooled" if pooled else "souk_clone"
        self.password = password
        self.steps: dict[str, list[float]] = {"schema_claim": [], "schema_setup": []}
        if not pooled:
            self.steps["schema_clone"] = []
        self.made: list[dict] = []
        self.refiller = PoolRefill() if pooled else None
        self.refills: list[tuple[float, float | None]] = []
        self._n = 0

    def prepare(self) -> None:
        """Before each sample, untimed: one pool schema ready (pooled only)."""
        if self.refiller is not None:
            self.refills.append(_sample(self.refiller))

    @contextmanager
    def _steps_timed(self):
        services = self.services
        originals = {
            "schema_pool_claim": services.schema_pool_claim,
            "schema_clone": services.schema_clone,
            "_shop_schema_setup": services._shop_schema_setup,
        }
        steps = {
            "schema_pool_claim": "schema_claim",
            "schema_clone": "schema_clone",
            "_shop_schema_setup": "schema_setup",
        }
        last: dict[str, float] = {}
        outcome: dict[str, bool] = {}

        def timed(step, fn):
            def wrapper(*args, **kwargs):
                start = measure.now()
                try:
                    result = fn(*args, **kwargs)
                finally:
                    last[step] = measure.now() - start
                if step == "schema_claim":
                    outcome["claimed"] = result
                return result

            return wrapper

        for attr, fn in originals.items():
            setattr(services, attr, timed(steps[attr], fn))
        try:
            yield last, outcome
        finally:
            for attr, fn in originals.items():
                setattr(services, attr, fn)

    def run_once(self, *, record_steps: bool = True) -> float:
        self._n += 1
        tag = _tag()
        subdomain = f"{SUBDOMAIN_PREFIX}{self._n:03d}-{tag}"
        email = f"bench+{tag}@{OWNER_DOMAIN}"
        with self._steps_timed() as (last, outcome):
            start = measure.now()
            shop = self.services.shop_provision(
                name=f"Bench shop {self._n}",
                subdomain=subdomain,
                owner_email=email,
                owner_password=self.password,
            )
            elapsed = measure.now() - start
        self.made.append({"subdomain": subdomain, "schema": shop.schema_name, "email": email})
        if outcome.get("claimed") != self.pooled:
            raise RuntimeError(
                f"{self.name}: expected the call to {'claim' if self.pooled else 'clone'} "
                f"a schema, it did not (claimed={outcome.get('claimed')})."
            )
        if record_steps:
            for step, seconds in last.items():
                self.steps[step].append(seconds)
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


def _schemas_starting(cursor, *prefixes: str) -> list[str]:
    cursor.execute(
        "SELECT nspname FROM pg_namespace WHERE "
        + " OR ".join(["starts_with(nspname, %s)"] * len(prefixes))
        + " ORDER BY nspname",
        list(prefixes),
    )
    return [row[0] for row in cursor.fetchall()]


def _pool_put_back() -> int:
    """End a pool set-aside (or an interrupted one): drop the pool schemas the bench
    made, rename the set-aside ones back into the pool. Returns how many were dropped."""
    from django.db import connection

    from shops.schema_pool import POOL_PREFIX

    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [POOL_RUN_SENTINEL])
        if cursor.fetchone() is None:
            return 0
        made = _schemas_starting(cursor, POOL_PREFIX)
        for schema in made:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        for schema in _schemas_starting(cursor, POOL_STASH_PREFIX):
            name = POOL_PREFIX + schema.removeprefix(POOL_STASH_PREFIX)
            cursor.execute(f'ALTER SCHEMA "{schema}" RENAME TO "{name}"')
        cursor.execute(f'DROP SCHEMA "{POOL_RUN_SENTINEL}"')
    return len(made)


@contextmanager
def pool_set_aside():
    """Run with the pool empty and ``SHOP_SCHEMA_POOL_SIZE = 0``; put it back after.

    With the size 0 ``shop_provision`` queues no refill on commit, so a call claims a
    pool schema only when the bench made one ready. The pool schemas present before
    are renamed out of the pool for the duration (their comment, the migration
    fingerprint, goes with them); afterwards every pool schema left (the bench's) is
    dropped and theirs come back.
    """
    from django.conf import settings
    from django.db import connection

    from shops.schema_pool import POOL_PREFIX

    _pool_put_back()
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{POOL_RUN_SENTINEL}"')
        for schema in _schemas_starting(cursor, POOL_PREFIX):
            stash = POOL_STASH_PREFIX + schema.removeprefix(POOL_PREFIX)
            cursor.execute(f'ALTER SCHEMA "{schema}" RENAME TO "{stash}"')
    size = settings.SHOP_SCHEMA_POOL_SIZE
    settings.SHOP_SCHEMA_POOL_SIZE = 0
    try:
        yield
    finally:
        settings.SHOP_SCHEMA_POOL_SIZE = size
        _pool_put_back()


@contextmanager
def on_commit_refills_counted():
    """Count refill tasks ``shop_provision`` queues (there must be none): the task is
    replaced by a stub, so one queued by mistake would not run inside the timing."""
    import provisioning.services as services

    queued = {"count": 0}

    class _Stub:
        @staticmethod
        def delay(*args, **kwargs):
            queued["count"] += 1

    task = services.refill_schema_pool
    services.refill_schema_pool = _Stub()
    try:
        yield queued
    finally:
        services.refill_schema_pool = task


def leftovers_sweep() -> int:
    """Remove what an interrupted bench run left behind (only bench-named objects) and
    put back a pool it had set aside."""
    from django.db import connection

    from shops.models import Domain, Shop, ShopEvent

    pool_schemas = _pool_put_back()
    connection.set_schema_to_public()
    pattern = rf"^{SUBDOMAIN_PREFIX}[0-9]{{3}}-[0-9a-f]{{8}}$"
    shops = list(Shop.objects.filter(subdomain__regex=pattern))
    for shop in shops:
        shop_rows_delete(subdomain=shop.subdomain, schema=shop.schema_name, email="")
    ShopEvent.objects.filter(subdomain__regex=pattern).delete()
    Domain.objects.filter(domain__regex=pattern[:-1] + r"\.").delete()
    owners_delete("email LIKE %s", [f"bench+%@{OWNER_DOMAIN}"])
    with connection.cursor() as cursor:
        schemas = _schemas_starting(cursor, BASELINE_SCHEMA_PREFIX, f"shop_{SUBDOMAIN_PREFIX}")
    for schema in schemas:
        schema_drop(schema)
    return pool_schemas + len(shops) + len(schemas)


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


def _with_cpu(warmup: float, walls: list[float], cpus: list[float | None]) -> dict:
    result = {"warmup_s": warmup, **measure.summary(walls)}
    if all(cpu is not None for cpu in cpus):
        result["cpu"] = measure.summary(cpus)
    return result


def _series(method, count: int, sampler: measure.RssSampler | None) -> dict:
    """A warm-up call, then ``count`` timed ones; ``prepare()`` runs untimed before each."""
    prepare = getattr(method, "prepare", lambda: None)
    kwargs = {"record_steps": False} if isinstance(method, SoukProvision) else {}
    prepare()
    warmup, _cpu_s = _sample(method, **kwargs)
    method.drop_last()
    walls, cpus = [], []
    for _ in range(count):
        prepare()
        wall, cpu = _sample(method)
        walls.append(wall)
        cpus.append(cpu)
        method.drop_last()
    result = _with_cpu(warmup, walls, cpus)
    if sampler is not None:
        result["rss"] = sampler.peak()
    return result


def _souk_series(souk: SoukProvision, count: int, sampler: measure.RssSampler) -> dict:
    result = _series(souk, count, sampler)
    result["steps"] = {step: measure.summary(values) for step, values in souk.steps.items()}
    return result


def _speedup(methods: dict, name: str) -> dict:
    r = methods[name]
    return {
        base: {
            "median": methods[base]["median"] / r["median"],
            "p95": methods[base]["p95"] / r["p95"],
            **(
                {"cpu_median": methods[base]["cpu"]["median"] / r["cpu"]["median"]}
                if "cpu" in r and "cpu" in methods[base]
                else {}
            ),
        }
        for base in ("migrate", "dt_clone")
    }


def run(*, shops: int, migrate: int, dt_clone: int, with_password: int) -> dict:
    django_setup()
    from django.conf import settings
    from django.db import connection

    swept = leftovers_sweep()
    me = os.getpid()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (pg_version,) = cursor.fetchone()
    results: dict = {
        "machine": {**measure.machine(), "postgresql": pg_version},
        "leftovers_swept": swept,
        "pool_size_setting": settings.SHOP_SCHEMA_POOL_SIZE,
        "loadavg_before": os.getloadavg(),
        "rss_after_setup_mib": measure.max_rss_mib(),
        "methods": {},
    }
    methods = results["methods"]
    pooled = SoukProvision(pooled=True)
    clone = SoukProvision()
    with_pw = SoukProvision(pooled=True, password="bench-Password-1")  # noqa: S106
    with_pw._n = 500
    try:
        with (
            pool_set_aside(),
            on_commit_refills_counted() as queued,
            measure.RssSampler(lambda: [me], interval=0.02) as sampler,
        ):
            methods["souk_pooled"] = _souk_series(pooled, shops, sampler)
            (refill_warmup, _cpu_s), *refills = pooled.refills
            methods["pool_refill"] = _with_cpu(
                refill_warmup, [wall for wall, _ in refills], [cpu for _, cpu in refills]
            )
            methods["souk_clone"] = _souk_series(clone, shops, sampler)
            if with_password:
                # What a real sign-up with a password costs on top (hashing); pooled.
                samples = []
                for _ in range(with_password):
                    with_pw.prepare()
                    samples.append(_sample(with_pw)[0])
                    with_pw.drop_last()
                methods["souk_with_password"] = measure.summary(samples)
            methods["dt_clone"] = _series(DjangoTenantsCloneBaseline(), dt_clone, sampler)
            methods["migrate"] = _series(MigrateBaseline(), migrate, sampler)
        results["on_commit_refills_queued"] = queued["count"]
    finally:
        for souk in (pooled, clone, with_pw):
            while souk.made:
                souk.drop_last()
        results["leftovers_after"] = leftovers_sweep()
    results["loadavg_after"] = os.getloadavg()
    results["peak_rss_mib"] = measure.max_rss_mib()
    results["speedup"] = {name: _speedup(methods, name) for name in ("souk_pooled", "souk_clone")}
    results["targets"] = {
        name: {
            "p95_under_0_5_s": methods[name]["p95"] < 0.5,
            "7x_faster_than_migrate": results["speedup"][name]["migrate"]["median"] >= 7,
        }
        for name in ("souk_pooled", "souk_clone")
    }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shops", type=int, default=20, help="samples of each souk method")
    parser.add_argument("--migrate", type=int, default=3, help="baseline samples")
    parser.add_argument("--dt-clone", type=int, default=5, help="baseline samples")
    parser.add_argument("--with-password", type=int, default=3, help="extra souk_pooled samples")
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

"""Sign-up speed: from pressing "Create my shop" to the new shop's admin loaded.

One process drives Souk's full middleware stack in-process (Django's test
``Client``, WSGI handler, no network), following every redirect as a browser
would: ``POST /signup/`` on the platform domain -> ``/_sso/?token=…`` on the new
shop's host -> ``/admin/`` (the Wagtail dashboard with the first-steps panel).
Wall time from the caller's side; the password hasher is the production one
(PBKDF2), so hashing costs what it costs in production.

Methods:

* ``signup_pooled``: a pool schema is ready before each sample (refilled untimed,
  as the Celery worker does after each sign-up), so provisioning renames it.
* ``signup_clone``: the pool is empty; the schema is cloned inside the request.
* ``login_admin`` (baseline): ``POST /admin/login/`` on an existing shop's host with
  the right password, then ``/admin/`` — the same hashing and dashboard, no shop.

``SHOP_SCHEMA_POOL_SIZE`` is 0 for the run (pool set aside by
``shop_provisioning.pool_set_aside``), so no refill runs inside a timed request (with no
broker, Celery runs tasks eagerly). Every bench shop is removed afterwards.
Peak RSS: this process's ``ru_maxrss`` after each phase (cumulative).

Run: ``DATABASE_URL=… .venv/bin/python bench/signup.py [--samples 20] [--json out]``.
Never part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from pathlib import Path

import measure

PASSWORD = "bench-signup-Secret-91"  # noqa: S105 -- a throwaway bench account


def django_setup() -> None:
    measure.source_paths()
    # Development settings, DEBUG off, plain static URLs (bench/settings_signup.py).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings_signup")
    os.environ.setdefault("SOUK_EMBEDDED_DB", measure.BENCH_DB)
    os.environ["DEBUG"] = "0"
    os.environ["PLATFORM_PORT"] = ""
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()


class Signup:
    def __init__(self, *, pooled: bool) -> None:
        self.pooled = pooled
        self.name = "signup_pooled" if pooled else "signup_clone"
        self.made: list[tuple[str, str, str]] = []
        self._n = 0

    def prepare(self) -> None:
        if self.pooled:
            from shops.schema_pool import schema_pool_refill

            schema_pool_refill(size=1)

    def run_once(self) -> float:
        from django.conf import settings
        from django.test import Client

        self._n += 1
        tag = uuid.uuid4().hex[:8]
        subdomain = f"bench{900 + self._n % 100:03d}-{tag}"
        email = f"bench+{tag}@example.invalid"
        # One address per sample: sign-ups are rate-limited per IP (accounts.throttle).
        client = Client(REMOTE_ADDR=f"10.77.{self._n // 250}.{self._n % 250 + 1}")
        start = time.perf_counter()
        response = client.post(
            "/signup/",
            {
                "email": email,
                "password": PASSWORD,
                "shop_name": f"Bench {tag}",
                "subdomain": subdomain,
            },
            HTTP_HOST=settings.PLATFORM_DOMAIN,
            follow=True,
        )
        elapsed = time.perf_counter() - start
        # Recorded before any check, so a failed sample is still cleaned up.
        self.made.append((subdomain, "shop_" + subdomain.replace("-", "_"), email))
        final = response.wsgi_request
        assert response.status_code == 200, (self.name, response.status_code)
        assert final.path == "/admin/" and final.get_host().startswith(subdomain), final
        assert b"first-steps-title" in response.content
        return elapsed

    def cleanup(self) -> None:
        for subdomain, schema, email in self.made:
            shop_remove(subdomain=subdomain, schema=schema, email=email)
        self.made.clear()


class LoginAdmin:
    """Baseline: password log-in into an existing shop's admin, dashboard loaded."""

    name = "login_admin"

    def __init__(self, shop_host: str, email: str) -> None:
        self.host, self.email = shop_host, email

    def prepare(self) -> None:
        pass

    def run_once(self) -> float:
        from django.test import Client

        client = Client()
        start = time.perf_counter()
        response = client.post(
            "/admin/login/",
            {"username": self.email, "password": PASSWORD},
            HTTP_HOST=self.host,
            follow=True,
        )
        elapsed = time.perf_counter() - start
        assert response.status_code == 200 and response.wsgi_request.path == "/admin/"
        return elapsed


def shop_remove(*, subdomain: str, schema: str, email: str) -> None:
    from django.db import connection
    from shop_provisioning import shop_rows_delete

    from accounts.models import Membership, ShopStats, SSOTicket

    connection.set_schema_to_public()
    SSOTicket.objects.filter(shop__subdomain=subdomain).delete()
    Membership.objects.filter(shop__subdomain=subdomain).delete()
    ShopStats.objects.filter(shop__subdomain=subdomain).delete()
    shop_rows_delete(subdomain=subdomain, schema=schema, email=email)


def series(method, samples: int) -> dict:
    from django.db import connection

    times = []
    warmup = None
    for i in range(samples + 1):
        method.prepare()
        connection.set_schema_to_public()
        elapsed = method.run_once()
        if i == 0:
            warmup = elapsed
        else:
            times.append(elapsed)
    result = measure.summary(times)
    result["warmup"] = warmup
    result["peak_rss_mib"] = round(measure.max_rss_mib(), 1)
    return result


def run(*, samples: int, clone_samples: int) -> dict:
    from shop_provisioning import pool_set_aside

    load_before = os.getloadavg()
    results: dict = {"machine": measure.machine(), "samples": samples}
    results["load_before"] = load_before
    with pool_set_aside():
        pooled, clone = Signup(pooled=True), Signup(pooled=False)
        try:
            results["signup_pooled"] = series(pooled, samples)
            results["signup_clone"] = series(clone, clone_samples)
            subdomain, _schema, email = pooled.made[0]
            from django.conf import settings

            baseline = LoginAdmin(f"{subdomain}.{settings.PLATFORM_DOMAIN}", email)
            results["login_admin"] = series(baseline, samples)
        finally:
            pooled.cleanup()
            clone.cleanup()
    results["load_after"] = os.getloadavg()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--clone-samples", type=int, default=10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    django_setup()
    results = run(samples=args.samples, clone_samples=args.clone_samples)
    for name in ("signup_pooled", "signup_clone", "login_admin"):
        r = results[name]
        print(
            f"{name:14s} median {r['median'] * 1000:7.0f} ms  p95 {r['p95'] * 1000:7.0f} ms  "
            f"max {r['max'] * 1000:7.0f} ms  warm-up {r['warmup'] * 1000:6.0f} ms  "
            f"peak RSS {r['peak_rss_mib']} MiB"
        )
    print("load before", results["load_before"], "after", results["load_after"])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

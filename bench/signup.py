"""Sign-up speed: from pressing "Create my shop" to the new shop's admin loaded.

One process drives Souk's full middleware stack in-process (Django's test
``Client``, WSGI handler, no network), following every redirect as a browser
would, through the three legs of the staff sign-on: ``POST /signup/`` on the
platform domain -> ``/_sso/start/`` on the new shop's host (a nonce in a host-only
cookie) -> the platform's ticket (``/shops/<id>/enter/ticket/``) -> ``/_sso/?token=…``
on the shop's host -> ``/admin/`` (the Wagtail dashboard with the setup guide).
Cookies are kept per host, as a browser keeps host-only cookies: the platform's and
the shop's ``sessionid`` never meet. Wall time from the caller's side; the password
hasher is the production one (PBKDF2), so hashing costs what it costs in production.

Methods:

* ``signup_pooled``: a pool schema is ready before each sample (refilled untimed,
  as the Celery worker does after each sign-up), so provisioning renames it.
* ``signup_clone``: the pool is empty; the schema is cloned inside the request.
* ``login_admin`` (baseline): ``POST /login/`` on the platform with the right
  password, then "Open admin" on an existing shop (``POST /shops/<id>/enter/``) and
  the same three-leg hand-off to ``/admin/``: the same hashing, sign-on and
  dashboard, no shop made.

``SHOP_SCHEMA_POOL_SIZE`` is 0 for the run (pool set aside by
``shop_provisioning.pool_set_aside``), so no refill runs inside a timed request (with no
broker, Celery runs tasks eagerly). Every bench shop is removed afterwards.
Peak RSS: this process's ``ru_maxrss`` after each phase (cumulative).

Run: ``DATABASE_URL=… .venv/bin/python bench/signup.py [--samples 20] [--json out]``
on a migrated database (``bench/run.py`` migrates its own). Never part of the test
run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urljoin, urlsplit

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


class HostBrowser:
    """One Django test ``Client`` per host, so each host sees only its own cookies,
    following redirects across hosts as a browser does."""

    def __init__(self, *, remote_addr: str = "127.0.0.1") -> None:
        self.remote_addr = remote_addr
        self._clients: dict = {}

    def _client(self, host: str):
        from django.test import Client

        if host not in self._clients:
            self._clients[host] = Client(REMOTE_ADDR=self.remote_addr)
        return self._clients[host]

    def request(self, method: str, url: str, data: dict | None = None):
        parts = urlsplit(url)
        path = f"{parts.path or '/'}?{parts.query}" if parts.query else parts.path or "/"
        client = self._client(parts.netloc)
        if method == "POST":
            return client.post(path, data or {}, HTTP_HOST=parts.netloc)
        return client.get(path, HTTP_HOST=parts.netloc)

    def follow(self, url: str, response, *, limit: int = 10):
        """``(url, response)`` of the first page that is not a redirect."""
        for _ in range(limit):
            if response.status_code not in (301, 302, 303, 307, 308):
                return url, response
            url = urljoin(url, response["Location"])
            response = self.request("GET", url)
        raise AssertionError(f"more than {limit} redirects from {url}")


def _admin_reached(url: str, response, subdomain: str) -> None:
    parts = urlsplit(url)
    assert response.status_code == 200, (url, response.status_code)
    assert parts.path == "/admin/" and parts.hostname.startswith(subdomain), url
    assert b"setup-guide-title" in response.content, url


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

        self._n += 1
        tag = uuid.uuid4().hex[:8]
        subdomain = f"bench{900 + self._n % 100:03d}-{tag}"
        email = f"bench+{tag}@example.invalid"
        # One address per sample: sign-ups are rate-limited per IP (accounts.throttle).
        browser = HostBrowser(remote_addr=f"10.77.{self._n // 250}.{self._n % 250 + 1}")
        start_url = f"http://{settings.PLATFORM_DOMAIN}/signup/"
        start = time.perf_counter()
        response = browser.request(
            "POST",
            start_url,
            {
                "email": email,
                "password": PASSWORD,
                "shop_name": f"Bench {tag}",
                "subdomain": subdomain,
            },
        )
        url, response = browser.follow(start_url, response)
        elapsed = time.perf_counter() - start
        # Recorded before any check, so a failed sample is still cleaned up.
        self.made.append((subdomain, "shop_" + subdomain.replace("-", "_"), email))
        _admin_reached(url, response, subdomain)
        return elapsed

    def cleanup(self) -> None:
        for subdomain, schema, email in self.made:
            shop_remove(subdomain=subdomain, schema=schema, email=email)
        self.made.clear()


class LoginAdmin:
    """Baseline: a returning owner logs in on the platform and opens an existing
    shop's admin (password, the three-leg sign-on, the dashboard)."""

    name = "login_admin"

    def __init__(self, *, subdomain: str, email: str) -> None:
        self.subdomain, self.email = subdomain, email

    def prepare(self) -> None:
        pass

    def run_once(self) -> float:
        from django.conf import settings

        from shops.models import Shop

        shop_id = Shop.objects.values_list("pk", flat=True).get(subdomain=self.subdomain)
        platform = f"http://{settings.PLATFORM_DOMAIN}"
        browser = HostBrowser()
        start = time.perf_counter()
        response = browser.request(
            "POST", f"{platform}/login/", {"email": self.email, "password": PASSWORD}
        )
        assert response.status_code == 302, ("login", response.status_code)
        enter = f"{platform}/shops/{shop_id}/enter/"
        url, response = browser.follow(enter, browser.request("POST", enter))
        elapsed = time.perf_counter() - start
        _admin_reached(url, response, self.subdomain)
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
            baseline = LoginAdmin(subdomain=subdomain, email=email)
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

"""Helpers for tests that run Souk in another process (worker, manage.py, WSGI, Celery).

A child process must use the same database as the test that starts it, or it would
see none of the test's shops: the embedded server listens on a unix socket, which
django-environ reads back from the ``?host=`` query of a ``DATABASE_URL``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]


def database_url(settings_dict: dict) -> str:
    """A ``DATABASE_URL`` for the database described by a Django ``settings_dict``."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if user else ""
    host = settings_dict.get("HOST") or ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    query = {}
    socket_dir = (settings_dict.get("OPTIONS") or {}).get("host")
    if host.startswith("/"):  # a socket directory given as HOST
        socket_dir, host = host, ""
    if socket_dir:
        query["host"] = socket_dir
    url = f"postgres://{credentials}{quote(host, safe='')}{port}/{settings_dict['NAME']}"
    return f"{url}?{urlencode(query)}" if query else url


def child_env(**overrides: str) -> dict[str, str]:
    """The test's environment without anything that would pick another set-up for the child.

    ``DATABASE_URL``, broker and cache variables are dropped so that only what a test
    passes explicitly reaches the child; ``SOUK_EMBEDDED_DB`` and the rest are kept.
    """
    dropped = {
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "CELERY_RESULT_BACKEND",
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "PLATFORM_DOMAIN",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(overrides)
    return env


def run(
    args: list[str], *, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess:
    """Run ``python <args>`` from the project root, as an operator would."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def test_database_url(django_db_setup) -> str:
    """The URL of the database pytest-django created for this session."""
    from django.db import connection

    return database_url(connection.settings_dict)

"""Production settings pass ``check --deploy`` and refuse to start on an unsafe default.

Each case runs in a child process: settings are read once per process, and the point
is what an operator sees when starting Souk with that environment.
"""

from __future__ import annotations

import secrets
import string

import pytest

from tests.config.conftest import child_env, database_url, run

PRODUCTION = "config.settings.production"


def _random_key(length: int = 60) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


@pytest.fixture
def safe_env(settings):
    """A complete, safe production environment on the database these tests use."""
    return child_env(
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        SECRET_KEY=_random_key(),
        DATABASE_URL=database_url(settings.DATABASES["default"]),
        PLATFORM_DOMAIN="shops.example.com",
    )


def test_check_deploy_passes_with_no_warnings(safe_env):
    """``--database default`` also connects, so the URL is proved usable, not only parsed."""
    args = ["manage.py", "check", "--deploy", "--fail-level", "WARNING", "--database", "default"]
    result = run(args, env=safe_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_the_safe_environment_really_loads_production_settings(safe_env):
    """Guards the test above: ``check --deploy`` on the wrong settings would prove nothing."""
    code = (
        "from django.conf import settings as s; "
        "print(s.SETTINGS_MODULE, s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE)"
    )
    result = run(["-c", code], env=safe_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [PRODUCTION, "False", "True", "True"]


def _without(env: dict, name: str) -> dict:
    return {k: v for k, v in env.items() if k != name}


UNSAFE = [
    ("missing SECRET_KEY", lambda env: _without(env, "SECRET_KEY"), "Set SECRET_KEY"),
    ("short SECRET_KEY", lambda env: {**env, "SECRET_KEY": _random_key(20)}, "Set SECRET_KEY"),
    (
        "dev SECRET_KEY",
        lambda env: {**env, "SECRET_KEY": "dev-insecure-secret-key-change-me"},
        "Set SECRET_KEY",
    ),
    ("repetitive SECRET_KEY", lambda env: {**env, "SECRET_KEY": "ab" * 30}, "Set SECRET_KEY"),
    ("DEBUG on", lambda env: {**env, "DEBUG": "true"}, "DEBUG must be off"),
    ("any host", lambda env: {**env, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS may not contain '*'"),
    (
        "a host list with *",
        lambda env: {**env, "ALLOWED_HOSTS": "shops.example.com,*"},
        "ALLOWED_HOSTS may not contain '*'",
    ),
    ("missing DATABASE_URL", lambda env: _without(env, "DATABASE_URL"), "Set DATABASE_URL"),
    (
        "PLATFORM_DOMAIN=localhost",
        lambda env: {**env, "PLATFORM_DOMAIN": "localhost"},
        "Set PLATFORM_DOMAIN",
    ),
    (
        "missing PLATFORM_DOMAIN",
        lambda env: _without(env, "PLATFORM_DOMAIN"),
        "Set PLATFORM_DOMAIN",
    ),
]


@pytest.mark.parametrize(("case", "make_env", "message"), UNSAFE, ids=[u[0] for u in UNSAFE])
def test_an_unsafe_default_is_refused_with_a_clear_message(safe_env, case, make_env, message):
    """Loaded the way Django loads them (``django.conf.settings``), as manage.py,
    gunicorn and Celery all do; a full ``manage.py`` start per case would only add time.
    """
    result = run(["-c", "from django.conf import settings; settings.DEBUG"], env=make_env(safe_env))
    assert result.returncode != 0, f"{case}: production settings loaded"
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert message in last_line


def test_missing_database_url_is_refused_before_any_embedded_server_starts(safe_env, tmp_path):
    """The embedded PostgreSQL is for one machine; production must not even start it
    (base.py would create its data folder and a database before any check ran).
    """
    data_dir = tmp_path / "souk-data"
    env = {**_without(safe_env, "DATABASE_URL"), "SOUK_DATA_DIR": str(data_dir)}
    result = run(["-c", "from django.conf import settings; settings.DEBUG"], env=env)
    assert "Set DATABASE_URL" in result.stderr
    assert not data_dir.exists()

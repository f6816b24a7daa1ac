"""The Dockerfile and docker-compose.yml stay in step with the settings and install path.

Docker does not run where these tests run, so the image is never built here. What can
be checked without it is that the files name what the code reads: a variable renamed
in the settings but not in compose would silently fall back to a default.
"""

from __future__ import annotations

import re

import yaml

from tests.config.conftest import ROOT

SETTINGS = ROOT / "platform" / "config" / "settings"
# Read by libraries rather than by our settings.
READ_ELSEWHERE = {"DJANGO_SETTINGS_MODULE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}


def _variables_read_by_settings() -> set[str]:
    source = "\n".join(p.read_text() for p in SETTINGS.glob("*.py"))
    return set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""", source))


def test_every_compose_variable_is_read_by_the_settings():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    named = set(compose["x-souk-env"])
    assert named - _variables_read_by_settings() - READ_ELSEWHERE == set()


def test_compose_runs_every_process_from_one_image():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert services["db"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate_schemas"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }


def test_dockerfile_uses_the_tested_install_path():
    dockerfile = (ROOT / "Dockerfile").read_text()
    # The same folders, in the same roles, as the editable install's dev-mode-dirs.
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dev-mode-dirs = [".", "platform", "tenants"]' in pyproject
    assert "PYTHONPATH=/app:/app/platform:/app/tenants" in dockerfile
    assert "pip install ." in dockerfile
    assert "USER souk" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "exec gunicorn config.wsgi --bind 0.0.0.0:8000" in dockerfile
    assert "HEALTHCHECK" in dockerfile
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_dockerignore_keeps_local_state_and_secrets_out():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".venv", ".data", ".git", ".env"} <= ignored

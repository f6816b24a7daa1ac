"""``import platform`` finds the standard library in every way Souk is started.

``platform/`` is a source folder on the import path, not a package. If it ever became
one (an ``__init__.py``) or were put ahead of the standard library, ``platform`` would
be ours: ``uuid``, boto3 and Celery call ``platform.system()`` and would break at
import or at the first upload. Each entry point sets up its own path (the editable
install's .pth, manage.py, config/wsgi.py, the celery command), so each is checked
in a process of its own.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.config.conftest import ROOT, child_env, run

STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()

# Prints where `platform` came from and proves the two callers that need it work.
PROBE = (
    "import platform, uuid, boto3; "
    "boto3.session.Session(region_name='us-east-1'); uuid.uuid1(); "
    "print('PLATFORM', platform.__file__, platform.system())"
)


def _assert_stdlib_platform(result) -> None:
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(x for x in result.stdout.splitlines() if x.startswith("PLATFORM "))
    _, path, system = line.split(" ", 2)
    assert Path(path).resolve().parent == STDLIB
    assert system == "Linux"  # the one OS these tests run on; never empty


def test_platform_folder_is_not_a_package():
    assert (ROOT / "platform").is_dir()
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_under_pytest():
    import platform

    import boto3

    assert Path(platform.__file__).resolve().parent == STDLIB
    assert platform.system()
    assert boto3.session.Session(region_name="us-east-1").region_name == "us-east-1"
    assert str(ROOT / "platform") in sys.path  # the folder is on the path, and harmless


def test_under_manage_py():
    env = child_env(DJANGO_SETTINGS_MODULE="config.settings.test")
    _assert_stdlib_platform(run(["manage.py", "shell", "-c", PROBE], env=env))


def test_under_the_wsgi_app():
    env = child_env(DJANGO_SETTINGS_MODULE="config.settings.test")
    code = f"import config.wsgi; assert callable(config.wsgi.application); {PROBE}"
    _assert_stdlib_platform(run(["-c", code], env=env))


def test_under_celery():
    """``celery report`` itself calls ``platform.system()``; a probe covers boto3."""
    env = child_env(DJANGO_SETTINGS_MODULE="config.settings.test")
    report = run(["-m", "celery", "-A", "config", "report"], env=env)
    assert report.returncode == 0, report.stderr[-3000:]
    assert "platform -> system:Linux" in report.stdout
    code = f"from config.celery import app; app.loader.import_default_modules(); {PROBE}"
    _assert_stdlib_platform(run(["-c", code], env=env))


def test_with_the_container_image_pythonpath():
    """The Dockerfile puts the source folders on ``PYTHONPATH``, *ahead* of the standard
    library (the .pth puts them after it). A folder without ``__init__.py`` is only a
    namespace portion, which never wins over a module found later on the path; this
    checks that, and that gunicorn loads the WSGI app the image's CMD names.
    """
    pythonpath = ":".join(str(p) for p in (ROOT, ROOT / "platform", ROOT / "tenants"))
    env = child_env(DJANGO_SETTINGS_MODULE="config.settings.test", PYTHONPATH=pythonpath)
    _assert_stdlib_platform(run(["-c", f"import config.wsgi; {PROBE}"], env=env))
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "--check-config", "config.wsgi"],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]

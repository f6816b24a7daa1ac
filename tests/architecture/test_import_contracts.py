"""The layers in ``.importlinter`` hold: ``lint-imports`` passes on the tree, and
fails on an import that goes up (checked on a small package made for the purpose)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.architecture.import_graph import CONTRACT, ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(config: Path, *paths: Path) -> subprocess.CompletedProcess:
    path = os.pathsep.join(str(p) for p in (*paths, ROOT, ROOT / "platform", ROOT / "tenants"))
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(config)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_contracts_hold():
    result = lint_imports(CONTRACT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_layers(tmp_path):
    """The same kind of contract on a two-layer package: an import from the lower
    layer into the upper one, even inside a function, is reported with its line."""
    package = tmp_path / "shoplayers"
    (package / "checkout").mkdir(parents=True)
    (package / "catalog").mkdir()
    for init in ("__init__.py", "checkout/__init__.py", "catalog/__init__.py"):
        (package / init).write_text("")
    (package / "checkout" / "services.py").write_text("from shoplayers.catalog import models\n")
    (package / "catalog" / "models.py").write_text(
        textwrap.dedent(
            """
            def price():
                from shoplayers.checkout import services
                return services
            """
        )
    )
    config = tmp_path / "contracts.ini"
    config.write_text(
        textwrap.dedent(
            """
            [importlinter]
            root_package = shoplayers

            [importlinter:contract:layers]
            name = Layers
            type = layers
            containers = shoplayers
            layers =
                checkout
                catalog
            """
        )
    )
    result = lint_imports(config, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "shoplayers.catalog.models -> shoplayers.checkout.services (l.3)" in result.stdout

"""No import cycles between the modules of Souk's packages (function-local imports
included): each module can be read, and imported, before the ones that use it."""

from __future__ import annotations

import sys
import textwrap

from tests.architecture.import_graph import import_cycles, root_packages


def test_no_module_imports_itself_through_others():
    cycles = import_cycles(*root_packages())
    assert not cycles, "Import cycles:\n" + "\n".join(map(str, cycles))


def test_a_cycle_through_a_function_local_import_is_found(tmp_path, monkeypatch):
    """The check can fail: two modules importing each other, one inside a function."""
    package = tmp_path / "ringpkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "orders.py").write_text("from ringpkg.tasks import send\n")
    (package / "tasks.py").write_text(
        textwrap.dedent(
            """
            def send():
                from ringpkg.orders import send as again
                return again
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "ringpkg", raising=False)
    (cycle,) = import_cycles("ringpkg")
    assert cycle.modules == ("ringpkg.orders", "ringpkg.tasks")
    assert "ringpkg.tasks -> ringpkg.orders (line 3)" in cycle.imports

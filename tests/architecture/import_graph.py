"""The import graph of Souk's own packages, and the import cycles in it.

grimp (import-linter's graph library) reads every ``import`` statement, those inside
functions too, without running the code. A cycle is a set of modules that reach each
other through imports; ``import_cycles`` returns each set with the imports that close
it, so a failure names the lines to change.
"""

from __future__ import annotations

import configparser
from dataclasses import dataclass
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / ".importlinter"


def root_packages(config: Path = CONTRACT) -> list[str]:
    """The packages ``.importlinter`` checks: the same list for both checks."""
    parser = configparser.ConfigParser()
    parser.read(config)
    return parser["importlinter"]["root_packages"].split()


@dataclass(frozen=True)
class Cycle:
    modules: tuple[str, ...]
    imports: tuple[str, ...]  # "a.b -> c.d (line 12)", every import inside the cycle

    def __str__(self) -> str:
        return "\n".join([" <-> ".join(self.modules), *(f"    {i}" for i in self.imports)])


def import_cycles(*packages: str) -> list[Cycle]:
    """Every set of modules of ``packages`` that import each other in a ring."""
    graph = grimp.build_graph(*packages, cache_dir=None)
    imports = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    cycles = []
    for component in _strongly_connected(imports):
        inside = set(component)
        lines = []
        for importer in component:
            for imported in imports[importer]:
                if imported in inside:
                    details = graph.get_import_details(importer=importer, imported=imported)
                    numbers = ", ".join(str(d["line_number"]) for d in details)
                    lines.append(f"{importer} -> {imported} (line {numbers})")
        cycles.append(Cycle(tuple(component), tuple(lines)))
    return cycles


def _strongly_connected(edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components of two or more modules, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        work = [(start, iter(edges[start]))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, ()))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)

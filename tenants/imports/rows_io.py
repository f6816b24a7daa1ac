"""What the customer and inventory imports share: a header row read by name, and
one spreadsheet row per item, checked and written ``CSV_IMPORT_BATCH_SIZE`` at a time
with the job's progress in the same transaction (so they resume like products)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from django.conf import settings

from imports.reading import FileShape, rows


def header_index(header: list[str]) -> dict[str, int]:
    """Column positions by case-folded, trimmed name."""
    return {name.strip().casefold(): i for i, name in enumerate(header)}


def row_batches(file, shape: FileShape, *, skip: int = 0) -> Iterator[tuple[list[str], list]]:
    """``(header, [(row number, cells), …])`` per batch, after ``skip`` rows."""
    records = rows(file, shape)
    try:
        _n, header = next(records)
    except StopIteration:
        return
    records = islice(records, skip, None)
    while batch := list(islice(records, settings.CSV_IMPORT_BATCH_SIZE)):
        yield header, batch


def cell(cells: list[str], index: dict[str, int], name: str) -> str:
    i = index.get(name.casefold())
    return cells[i].strip() if i is not None and i < len(cells) else ""

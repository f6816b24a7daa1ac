"""Keyset ("cursor") pagination of storefront listings.

Page 200 of a 95,000-product listing with ``OFFSET 4776`` makes PostgreSQL sort and
skip 4,776 rows to return 24; with a cursor — the sort key of the last row shown —
the next page is ``WHERE (min_price, id) > (:price, :id) ORDER BY min_price, id
LIMIT 25``, one index range scan whatever the depth (docs/benchmarks-catalog.md).

Every sort is a list of ``SortKey``s ending with a unique column (the product id,
or the membership id of a manual collection), all in one direction, so the
condition is a single SQL row comparison the matching index serves. One key may be
nullable, the first: its NULLs sort last, so the listing is two segments — rows with
a value, ordered by the row comparison, then rows without, ordered by the rest. A
page that crosses from one to the other is topped up by a second query; that
happens on one page of a listing at most.

Cursors are signed (``django.core.signing.Signer``, no timestamp: the same row always
gives the same URL) with a salt naming the shop's schema,
the listing and the sort: a cursor cannot be forged or edited, and one made by
another shop, another collection or another sort is refused like a garbled one —
the view then shows the first page and says so. They carry only sort values, never
a row number, so products added or removed between two requests neither repeat nor
skip the products on either side of the cursor.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.db import connection
from django.db.models import BooleanField, Expression, F, QuerySet, Value
from django.db.models.query import prefetch_related_objects


class InvalidCursor(ValueError):
    """A cursor that is garbled, forged, or from another shop, listing or sort."""


def _decimal(raw) -> Decimal:
    value = Decimal(str(raw))
    if not value.is_finite():
        raise InvalidOperation(raw)
    return value


def _datetime(raw) -> dt.datetime:
    value = dt.datetime.fromisoformat(str(raw))
    if value.tzinfo is None:
        raise ValueError(raw)
    return value


def _int(raw) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ValueError(raw)
    return raw


@dataclass(frozen=True)
class SortKey:
    """One column of a sort: a model field or an annotation of the listing."""

    field: str
    kind: str  # "decimal", "datetime" or "int": how its value travels in a cursor
    nullable: bool = False

    def encode(self, value):
        if value is None:
            return None
        if self.kind == "decimal":
            return str(value)
        if self.kind == "datetime":
            return value.isoformat()
        return int(value)

    def decode(self, raw):
        if raw is None:
            if not self.nullable:
                raise ValueError("null")
            return None
        return {"decimal": _decimal, "datetime": _datetime, "int": _int}[self.kind](raw)


@dataclass(frozen=True)
class Ordering:
    """A listing's order: keys all ascending or all descending, the last one unique."""

    keys: tuple[SortKey, ...]
    descending: bool

    def __post_init__(self) -> None:
        assert not any(k.nullable for k in self.keys[1:]), "only the first key may be null"

    def order_by(self, *, reverse: bool = False) -> list:
        """``ORDER BY`` terms, NULLs last in the listing's direction (first when reversed)."""
        down = self.descending != reverse
        terms = []
        for key in self.keys:
            column = F(key.field)
            if not key.nullable:
                terms.append(column.desc() if down else column.asc())
            elif reverse:
                terms.append(
                    column.desc(nulls_first=True) if down else column.asc(nulls_first=True)
                )
            else:
                terms.append(column.desc(nulls_last=True) if down else column.asc(nulls_last=True))
        return terms

    def values_of(self, row) -> tuple:
        return tuple(getattr(row, key.field) for key in self.keys)


class RowCompare(Expression):
    """``(a, b) > (%s, %s)``: SQL's row comparison, which a B-tree index on ``(a, b)``
    serves as one range (an ``OR`` of column comparisons would not)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, fields: Sequence[str], values: Sequence, operator: str) -> None:
        super().__init__()
        assert operator in ("<", ">") and len(fields) == len(values)
        self.operator = operator
        self.columns = [F(f) for f in fields]
        self.values = [Value(v) for v in values]

    def get_source_expressions(self):
        return [*self.columns, *self.values]

    def set_source_expressions(self, exprs):
        n = len(self.columns)
        self.columns, self.values = list(exprs[:n]), list(exprs[n:])

    def as_sql(self, compiler, connection):
        left, right, params = [], [], []
        for expr in self.columns:
            sql, p = compiler.compile(expr)
            left.append(sql)
            params.extend(p)
        for expr in self.values:
            sql, p = compiler.compile(expr)
            right.append(sql)
            params.extend(p)
        return f"({', '.join(left)}) {self.operator} ({', '.join(right)})", params


# -- cursors -----------------------------------------------------------------------


def _salt(listing: str, sort: str) -> str:
    return f"storefront.cursor:{connection.schema_name}:{listing}:{sort}"


def cursor_make(ordering: Ordering, row, *, listing: str, sort: str) -> str:
    """The opaque cursor of a row's position in a listing (for ``?after=``/``?before=``)."""
    values = [key.encode(v) for key, v in zip(ordering.keys, ordering.values_of(row), strict=True)]
    # Signer, not signing.dumps: no timestamp, so a row's cursor is the same URL on
    # every request (the page cache and crawlers see one URL per page, not one per second).
    return signing.Signer(salt=_salt(listing, sort)).sign_object(values)


def cursor_read(ordering: Ordering, cursor: str, *, listing: str, sort: str) -> tuple:
    """The sort values a cursor holds; ``InvalidCursor`` for anything but our own."""
    if not cursor or len(cursor) > 500:
        raise InvalidCursor(cursor)
    try:
        raw = signing.Signer(salt=_salt(listing, sort)).unsign_object(cursor)
        if not isinstance(raw, list) or len(raw) != len(ordering.keys):
            raise ValueError(raw)
        return tuple(key.decode(v) for key, v in zip(ordering.keys, raw, strict=True))
    except (signing.BadSignature, ValueError, TypeError, InvalidOperation, zlib.error) as exc:
        raise InvalidCursor(cursor) from exc


# -- fetching ----------------------------------------------------------------------


def _fetch(products: QuerySet, ordering: Ordering, values: tuple, *, backward: bool, limit: int):
    """Up to ``limit`` rows strictly after (or before) ``values``, in listing order."""
    first, *_ = ordering.keys
    fields = [k.field for k in ordering.keys]
    forward_op = "<" if ordering.descending else ">"
    op = {"<": ">", ">": "<"}[forward_op] if backward else forward_op
    bare = products.prefetch_related(None).order_by(*ordering.order_by(reverse=backward))
    if values[0] is None:
        # In the NULL segment (the listing's tail): compare on the other keys.
        main = bare.filter(**{f"{first.field}__isnull": True})
        main = main.filter(RowCompare(fields[1:], values[1:], op))
        # Going back from the tail continues into the valued segment, from its end.
        topup = bare.filter(**{f"{first.field}__isnull": False}) if backward else None
    else:
        main = bare.filter(RowCompare(fields, values, op))
        # Going forward from the valued segment continues into the NULL tail.
        topup = (
            bare.filter(**{f"{first.field}__isnull": True})
            if first.nullable and not backward
            else None
        )
    rows = list(main[:limit])
    if topup is not None and len(rows) < limit:
        rows += list(topup[: limit - len(rows)])
    return rows


@dataclass
class KeysetSlice:
    """The rows of one cursor page, in listing order, and what lies around them."""

    rows: list
    has_next: bool
    has_previous: bool
    at_start: bool  # going back reached the listing's first row


def page_after(products: QuerySet, ordering: Ordering, values: tuple, *, per_page: int):
    """The page following ``values``: one query (two where the NULL tail starts)."""
    rows = _fetch(products, ordering, values, backward=False, limit=per_page + 1)
    _prefetch(products, rows[:per_page])
    return KeysetSlice(rows[:per_page], has_next=len(rows) > per_page, has_previous=True,
                       at_start=False)  # fmt: skip


def page_before(products: QuerySet, ordering: Ordering, values: tuple, *, per_page: int):
    """The page preceding ``values``; ``at_start`` when fewer than a page lie before."""
    rows = _fetch(products, ordering, values, backward=True, limit=per_page + 1)
    at_start = len(rows) <= per_page
    shown = list(reversed(rows[:per_page]))
    if not at_start:
        _prefetch(products, shown)
    return KeysetSlice(shown, has_next=True, has_previous=not at_start, at_start=at_start)


def _prefetch(products: QuerySet, rows: list) -> None:
    """The listing's prefetches, once, on the rows kept (not on a discarded extra row)."""
    lookups = products._prefetch_related_lookups
    if lookups and rows:
        prefetch_related_objects(rows, *lookups)

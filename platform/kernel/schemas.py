"""Running code in the right PostgreSQL schema.

``public_schema()``: platform rows (shops, accounts, billing, the audit trail) live
in ``public``; inside a shop's ``search_path`` a name like ``accounts_user`` would
resolve to the shop's own table. Anything that reads or writes platform rows from a
shop's request, task or test runs inside it.

``on_commit_in_schema``: a callback registered with ``transaction.on_commit`` runs
when the outermost transaction commits, and by then the connection may have left the
shop's schema (the Connect webhook applies a shop's event inside ``schema_context``
within a transaction that commits in public). A tenant-aware task sent from there
(tenant-schemas-celery reads the schema when the task is *sent*) would run in public
and find no orders; capturing the schema at registration makes the side effect land
in the shop that caused it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ContextDecorator

from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context


class _PublicSchema(ContextDecorator):
    def __enter__(self):
        self._context = schema_context(get_public_schema_name())
        self._context.__enter__()
        return self

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)

    def _recreate_cm(self):
        # As a decorator, each call gets its own context (recursion, threads).
        return type(self)()


def public_schema() -> _PublicSchema:
    """The public schema for the block (or, as ``@public_schema()``, for each call of
    the function), whatever schema the connection was in; the previous one after."""
    return _PublicSchema()


def on_commit_in_schema(func: Callable[[], object]) -> None:
    """Run ``func`` after the current transaction commits, in the schema current now."""
    schema_name = connection.schema_name

    def run() -> None:
        if connection.schema_name == schema_name:
            func()
            return
        with schema_context(schema_name):
            func()

    transaction.on_commit(run)

"""``transaction.on_commit`` for a shop's side effects, run in the shop's schema.

A callback runs when the outermost transaction commits, and by then the connection
may have left the shop's schema: the Connect webhook applies a shop's event inside
``schema_context`` within a transaction that commits in the public schema. A
tenant-aware task sent from there (tenant-schemas-celery reads the schema when the
task is *sent*) would then run in the public schema and find no orders. Capturing
the schema when the callback is registered makes the side effect land in the shop
that caused it, wherever the commit happens.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction
from django_tenants.utils import schema_context


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

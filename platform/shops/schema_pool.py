"""A few shop schemas cloned ahead of time, so a sign-up only renames one.

Cloning the template costs a few hundred milliseconds of database CPU (one object
per table, index and sequence, and every later feature adds tables); renaming a
schema costs well under a millisecond. ``shop_provision`` claims a ready schema
when there is one and clones on demand when there is not; a task queued on commit
tops the pool up again. A pool schema is marked with the template's migration
fingerprint in its comment: after ``migrate_schemas`` the stale ones are never
claimed, and the next refill drops them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import connection, transaction

from shops.cloning import schema_clone, template_fingerprint

POOL_PREFIX = "souk_pool_"


def _marker() -> str:
    count, highest = template_fingerprint()
    return f"souk-pool:{count}:{highest}"


def _pool_schemas(cursor) -> list[tuple[str, str | None]]:
    cursor.execute(
        "SELECT nspname, obj_description(oid, 'pg_namespace') FROM pg_namespace "
        "WHERE starts_with(nspname, %s) ORDER BY nspname",
        [POOL_PREFIX],
    )
    return cursor.fetchall()


def schema_pool_claim(*, target: str) -> bool:
    """Rename a ready pool schema to ``target`` inside the caller's transaction.

    Returns False when the pool is empty. Two sign-ups never get the same schema: each
    takes a transaction-scoped advisory lock on the name and checks the schema still
    exists after getting it (a rename committed meanwhile makes it vanish). If the
    caller's transaction rolls back, so does the rename: the schema goes back to the
    pool.
    """
    marker = _marker()
    with connection.cursor() as cursor:
        for name, comment in _pool_schemas(cursor):
            if comment != marker:
                continue
            cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [name])
            if not cursor.fetchone()[0]:
                continue
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name])
            if cursor.fetchone() is None:
                continue
            cursor.execute(f'ALTER SCHEMA "{name}" RENAME TO "{target}"')
            cursor.execute(f'COMMENT ON SCHEMA "{target}" IS NULL')
            return True
    return False


def schema_pool_refill(*, size: int | None = None) -> int:
    """Drop stale pool schemas and clone new ones up to ``size``; returns how many
    were made. Each clone commits on its own, so a crash loses at most one."""
    size = settings.SHOP_SCHEMA_POOL_SIZE if size is None else size
    marker = _marker()
    with connection.cursor() as cursor:
        pool = _pool_schemas(cursor)
        for name, comment in pool:
            if comment != marker:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    ready = sum(1 for _name, comment in pool if comment == marker)
    made = 0
    for _ in range(max(0, size - ready)):
        name = f"{POOL_PREFIX}{uuid.uuid4().hex[:16]}"
        with transaction.atomic():
            schema_clone(target=name)
            with connection.cursor() as cursor:
                cursor.execute(f'COMMENT ON SCHEMA "{name}" IS %s', [marker])
        made += 1
    return made

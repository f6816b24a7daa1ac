"""A per-shop catalogue version: a number that changes after every catalogue write.

Whatever the storefront derives from the whole catalogue and keeps in a cache (the
option choices of a listing, whole pages) puts this number in its cache key, so a
write makes every such entry unreachable at once: nothing has to know which keys
exist to purge them, and stale entries simply expire.

The version lives in the ``platform`` cache under a key naming the shop's schema,
not in the schema-prefixed ``default`` cache: the bump runs from
``transaction.on_commit``, when the connection's schema may no longer be the shop's.
It is bumped on commit (never before), so a reader cannot cache data read before
the write under the new version. A lost key (cache restart, eviction) restarts at
the clock's nanoseconds, which no earlier version can equal.
"""

from __future__ import annotations

import time

from django.core.cache import caches
from django.db import connection, transaction

# Long enough to outlive any entry keyed by it; a lost version is safe anyway.
VERSION_TIMEOUT = 60 * 60 * 24 * 30


def catalog_version_key(schema_name: str) -> str:
    """The ``platform`` cache key of a shop's version (read in one go with others)."""
    return f"catalog-version:{schema_name}"


def catalog_version(*, schema_name: str | None = None) -> int:
    """The current shop's catalogue version (made on first use)."""
    cache = caches["platform"]
    key = catalog_version_key(schema_name or connection.schema_name)
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=VERSION_TIMEOUT)
        version = cache.get(key)
    return version


def _bump(schema_name: str) -> None:
    cache = caches["platform"]
    key = catalog_version_key(schema_name)
    try:
        cache.incr(key)
    except ValueError:  # missing: start again from a value never used before
        cache.set(key, time.time_ns(), timeout=VERSION_TIMEOUT)


def catalog_version_bump() -> None:
    """Change the current shop's catalogue version once the transaction commits.

    Called by every ``catalog.services`` write (and the catalogue generator).
    """
    schema_name = connection.schema_name
    transaction.on_commit(lambda: _bump(schema_name))

"""An embedded PostgreSQL server for machines that have none.

With ``DATABASE_URL`` unset, Souk starts (or reuses) a PostgreSQL server from the
``pgserver`` wheel with its data under ``.data/postgres``. The server outlives the
process that started it, so ``make run`` and ``make test`` share one warm server.
Production always sets ``DATABASE_URL``; this module is never imported there.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path


def embedded_database_url(*, data_dir: Path, database: str) -> str:
    """Start the embedded server if needed and return a URL for ``database``."""
    warnings.filterwarnings("ignore", module="platformdirs")
    try:
        import pgserver
    except ImportError as exc:
        raise RuntimeError(
            "DATABASE_URL is not set and the embedded PostgreSQL is not installed: "
            "set DATABASE_URL, or `pip install -e '.[embedded]'` (make run does)."
        ) from exc

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")  # noqa: S608 — the database name comes from our own settings, not from a request
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    uri = server.get_uri(database)
    # Tools such as pg_dump must match the embedded server's major version.
    os.environ.setdefault("SOUK_PG_BIN", str(Path(pgserver.__file__).parent / "pginstall" / "bin"))
    return uri.replace("postgresql://", "postgres://", 1)

"""Export a shop: everything a merchant needs to leave, or an operator to restore, in one file.

The archive (``<subdomain>-<UTC timestamp>.tar.gz``) holds:

- ``schema.sql``: ``pg_dump`` of the shop's schema only (``--no-owner
  --no-privileges``, so it restores under any role on any server);
- ``shop.json``: the shop's rows in the public schema (the ``Shop``, its ``Domain``
  and ``ShopEvent`` rows) and the owner's e-mail, which ``schema.sql`` cannot carry;
- ``media/...``: every file under the shop's media prefix, whichever storage holds it;
- ``manifest.json``: format version, date, subdomain, schema and counts, so a reader
  can check the archive before restoring anything.

``pg_dump`` runs in another process: it sees committed data only, and takes its own
snapshot, so ``shop.json`` is read a moment apart from ``schema.sql``. Suspend the shop
first for an export that must not race a running storefront.

There is no transaction here: nothing in the database changes but the audit entry,
written once the archive is complete. The archive is written under a temporary name
and renamed at the end, so a failure (``pg_dump`` missing or refusing, a full disk)
never leaves a file that looks like a finished export.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.base_user import (
    AbstractBaseUser as User,  # the platform account (AUTH_USER_MODEL); accounts sits above shops
)
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from kernel.schemas import public_schema
from shops.audit import shop_event_record
from shops.models import Domain, Shop, ShopEvent

FORMAT_VERSION = 1
# Seconds a pg_dump of one shop may take before the export gives up.
PG_DUMP_TIMEOUT = 60 * 60

# Connection parameters (as psycopg receives them) -> libpq environment variables.
# Passing them through the environment keeps the password out of the process list.
_LIBPQ_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class ShopExportError(RuntimeError):
    """The export could not be completed; no archive was left behind."""


def shop_export(
    *, shop: Shop, destination: Path | None = None, actor: User | None = None, actor_name: str = ""
) -> Path:
    """Write the shop's archive into ``destination`` (``EXPORT_ROOT``) and return its path."""
    destination = Path(destination or settings.EXPORT_ROOT)
    destination.mkdir(parents=True, exist_ok=True)
    created_at = datetime.now(UTC)
    final_path = _archive_path(destination, shop.subdomain, created_at)

    with tempfile.TemporaryDirectory(prefix="souk-export-") as workdir:
        dump_path = Path(workdir) / "schema.sql"
        _pg_dump(schema=shop.schema_name, output=dump_path)
        public_rows = _public_rows(shop)

        handle, partial = tempfile.mkstemp(
            dir=destination, prefix=f".{shop.subdomain}-", suffix=".tar.gz.partial"
        )
        os.close(handle)
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(dump_path, arcname="schema.sql")
                _add_bytes(archive, "shop.json", _json(public_rows))
                media_files, media_bytes = _add_media(archive, shop.schema_name)
                manifest = {
                    "format_version": FORMAT_VERSION,
                    "created_at": created_at.isoformat(),
                    "subdomain": shop.subdomain,
                    "schema": shop.schema_name,
                    "counts": {
                        "domains": len(public_rows["domains"]),
                        "events": len(public_rows["events"]),
                        "media_files": media_files,
                        "media_bytes": media_bytes,
                        "schema_sql_bytes": dump_path.stat().st_size,
                    },
                }
                _add_bytes(archive, "manifest.json", _json(manifest))
            os.replace(partial, final_path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
            raise

    shop_event_record(
        shop=shop,
        action=ShopEvent.Action.EXPORTED,
        actor=actor,
        actor_name=actor_name,
        archive=final_path.name,
        counts=manifest["counts"],
    )
    return final_path


def _archive_path(destination: Path, subdomain: str, created_at: datetime) -> Path:
    """``<subdomain>-<UTC timestamp>.tar.gz``; a second export in the same second gets a
    suffix rather than replacing the first."""
    stem = f"{subdomain}-{created_at:%Y%m%dT%H%M%SZ}"
    path = destination / f"{stem}.tar.gz"
    n = 2
    while path.exists():
        path = destination / f"{stem}-{n}.tar.gz"
        n += 1
    return path


def pg_dump_binary() -> str:
    """``$SOUK_PG_BIN/pg_dump`` (set by the embedded server, whose major version it
    matches), else ``pg_dump`` from ``PATH``. Read at each call, never cached."""
    pg_bin = os.environ.get("SOUK_PG_BIN")
    if pg_bin:
        return str(Path(pg_bin) / "pg_dump")
    return shutil.which("pg_dump") or "pg_dump"


def _pg_dump_env() -> dict[str, str]:
    # Inherited PG* variables stay: libpq read them for Django's own connection too.
    env = dict(os.environ)
    params = connection.get_connection_params()
    for key, variable in _LIBPQ_ENV.items():
        value = params.get(key)
        if value not in (None, ""):
            env[variable] = str(value)
    return env


def _pg_dump(*, schema: str, output: Path) -> None:
    binary = pg_dump_binary()
    # Double quotes: the schema name is taken literally, never as a pattern.
    command = [
        binary,
        f'--schema="{schema}"',
        "--no-owner",
        "--no-privileges",
        "--format=plain",
        f"--file={output}",
    ]
    try:
        result = subprocess.run(
            command,
            env=_pg_dump_env(),
            capture_output=True,
            text=True,
            timeout=PG_DUMP_TIMEOUT,
            check=False,
        )
    except FileNotFoundError as exc:
        raise ShopExportError(
            _(
                "pg_dump was not found at %(path)s. Install the PostgreSQL client tools or set "
                "SOUK_PG_BIN to the folder that holds pg_dump."
            )
            % {"path": binary}
        ) from exc
    except PermissionError as exc:
        raise ShopExportError(
            _("pg_dump at %(path)s cannot be run: %(error)s") % {"path": binary, "error": exc}
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise ShopExportError(
            _("pg_dump of schema %(schema)s took longer than %(seconds)d seconds.")
            % {"schema": schema, "seconds": PG_DUMP_TIMEOUT}
        ) from exc
    if result.returncode != 0:
        raise ShopExportError(
            _("pg_dump of schema %(schema)s failed (exit status %(status)d): %(error)s")
            % {
                "schema": schema,
                "status": result.returncode,
                "error": result.stderr.strip()[-2000:] or _("no error output"),
            }
        )


def _public_rows(shop: Shop) -> dict:
    """The shop's rows in the public schema, which a dump of its own schema leaves out."""
    with public_schema():
        shop = Shop.objects.select_related("owner").get(pk=shop.pk)
        return {
            "shop": serializers.serialize("python", [shop])[0],
            "owner_email": shop.owner.email,
            "domains": serializers.serialize(
                "python", Domain.objects.filter(tenant=shop).order_by("pk")
            ),
            "events": serializers.serialize(
                "python", ShopEvent.objects.filter(shop=shop).order_by("created_at", "pk")
            ),
        }


def _add_media(archive: tarfile.TarFile, schema: str) -> tuple[int, int]:
    """Copy every file under the shop's prefix, read through the storage itself so the
    same code serves local folders and S3."""
    files = total = 0
    with schema_context(schema):
        for name, _item in default_storage.iter_prefix(schema):
            if not name or name.endswith("/"):
                continue  # S3 "folder" markers
            info = tarfile.TarInfo(f"media/{name}")
            info.size = default_storage.size(name)
            info.mtime = int(datetime.now(UTC).timestamp())
            info.mode = 0o644
            with default_storage.open(name, "rb") as source:
                archive.addfile(info, source)
            files += 1
            total += info.size
    return files, total


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def _json(value) -> bytes:
    return json.dumps(value, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()

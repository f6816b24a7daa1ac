"""Make a shop's schema by cloning the migrated template schema.

Replaying every migration for each new shop costs seconds (Wagtail alone has
hundreds of operations); django-tenants' own clone (a PL/pgSQL function) followed by
``migrate --fake`` costs about a second because it still loads the migration graph.
Here the template schema is read from the catalog once per migration state and
turned into one SQL script: tables (``LIKE``, with defaults, identity and generated
columns), their rows, identity sequence positions, constraints and indexes, under
the template's own names. Running that script is a single round trip.

The script is rebuilt whenever the template's ``django_migrations`` changes, so a
``migrate_schemas`` run is picked up without a restart. A template object this
clone does not know how to copy (a view, a function, a trigger, a free-standing
sequence) makes ``clone_script`` raise instead of producing a partial schema; the
schema-equality test then fails loudly too.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import schema_exists

PLACEHOLDER = "__souk_clone_target__"


class TemplateSchemaError(RuntimeError):
    pass


@dataclass(frozen=True)
class _Script:
    fingerprint: tuple
    sql: str


_lock = threading.Lock()
_cache: dict[str, _Script] = {}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def template_schema() -> str:
    return settings.SHOP_TEMPLATE_SCHEMA


def template_fingerprint(template: str | None = None) -> tuple:
    """The template's migration state: (number of migrations, highest id)."""
    with connection.cursor() as cursor:
        return _fingerprint(cursor, template or template_schema())


def _fingerprint(cursor, template: str) -> tuple:
    cursor.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {_q(template)}.django_migrations")  # noqa: S608 — schema name quoted by _q, from our own tables
    return tuple(cursor.fetchone())


def _unsupported_objects(cursor, template: str) -> list[str]:
    cursor.execute(
        """
        SELECT c.relname::text || ' (' || c.relkind::text || ')'
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %s AND c.relkind IN ('v', 'm', 'f', 'p')
        UNION ALL
        SELECT s.relname::text || ' (free-standing sequence)'
          FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
         WHERE n.nspname = %s AND s.relkind = 'S'
           AND NOT EXISTS (SELECT 1 FROM pg_depend d
                            WHERE d.objid = s.oid AND d.deptype IN ('i', 'a'))
        UNION ALL
        SELECT p.proname::text || ' (function)' FROM pg_proc p
          JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = %s
        UNION ALL
        SELECT t.tgname::text || ' (trigger)' FROM pg_trigger t
          JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %s AND NOT t.tgisinternal
        """,
        [template] * 4,
    )
    return [row[0] for row in cursor.fetchall()]


def _build_script(cursor, template: str) -> str:
    unsupported = _unsupported_objects(cursor, template)
    if unsupported:
        raise TemplateSchemaError(
            "The template schema holds objects the clone cannot copy: " + ", ".join(unsupported)
        )
    target = _q(PLACEHOLDER)
    tpl = _q(template)
    # Unqualified names in the definitions below resolve to the new schema.
    statements = [f"CREATE SCHEMA {target}", f"SET LOCAL search_path = {target}, public"]

    cursor.execute(
        """
        SELECT c.oid, c.relname, c.reltuples
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY c.relname
        """,
        [template],
    )
    tables = cursor.fetchall()
    for _oid, name, _tuples in tables:
        statements.append(
            f"CREATE TABLE {target}.{_q(name)} (LIKE {tpl}.{_q(name)} INCLUDING DEFAULTS "
            "INCLUDING IDENTITY INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS)"
        )

    # Rows (migration records, content types, permissions, Wagtail's root page...).
    cursor.execute(
        """
        SELECT c.relname,
               string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
                   FILTER (WHERE a.attgenerated = ''),
               bool_or(a.attidentity <> '')
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE n.nspname = %s AND c.relkind = 'r'
         GROUP BY c.relname ORDER BY c.relname
        """,
        [template],
    )
    for name, columns, has_identity in cursor.fetchall():
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {tpl}.{_q(name)})")  # noqa: S608 — schema and table names quoted by _q, read from pg_catalog
        if not cursor.fetchone()[0]:
            continue
        overriding = " OVERRIDING SYSTEM VALUE" if has_identity else ""
        statements.append(
            f"INSERT INTO {target}.{_q(name)} ({columns}){overriding} "  # noqa: S608 — names quoted by _q, read from pg_catalog
            f"SELECT {columns} FROM {tpl}.{_q(name)}"
        )

    # Identity sequences continue where the template's stand.
    cursor.execute(
        """
        SELECT c.relname, a.attname
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %s AND c.relkind = 'r' AND a.attidentity <> '' AND NOT a.attisdropped
        """,
        [template],
    )
    for table, column in cursor.fetchall():
        src = f"pg_get_serial_sequence('{tpl}.{_q(table)}', '{column}')"
        dst = f"pg_get_serial_sequence('{target}.{_q(table)}', '{column}')"
        statements.append(
            f"SELECT setval({dst}, s.last_value) FROM pg_sequences s "  # noqa: S608 — names quoted by _q, read from pg_catalog
            f"WHERE format('%I.%I', s.schemaname, s.sequencename) = {src} "
            "AND s.last_value IS NOT NULL"
        )

    # Constraints under their own names: keys and checks first, foreign keys last.
    # With search_path = template only, references inside the template print
    # unqualified and resolve to the new schema when the script runs.
    cursor.execute(f"SET LOCAL search_path = {tpl}")
    cursor.execute(
        """
        SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
          FROM pg_constraint k
          JOIN pg_class c ON c.oid = k.conrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %s AND k.contype IN ('p', 'u', 'c', 'x', 'f')
         ORDER BY (k.contype = 'f'), c.relname, k.conname
        """,
        [template],
    )
    for table, name, definition in cursor.fetchall():
        if f"{template}." in definition:
            raise TemplateSchemaError(f"Constraint {name} still names the template: {definition}")
        statements.append(
            f"ALTER TABLE {target}.{_q(table)} ADD CONSTRAINT {_q(name)} {definition}"
        )

    # Indexes that do not back a constraint.
    cursor.execute(
        """
        SELECT pg_get_indexdef(i.indexrelid)
          FROM pg_index i
          JOIN pg_class ic ON ic.oid = i.indexrelid
          JOIN pg_namespace n ON n.oid = ic.relnamespace
         WHERE n.nspname = %s
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid
                           AND k.contype IN ('p', 'u', 'x'))
         ORDER BY ic.relname
        """,
        [template],
    )
    for (definition,) in cursor.fetchall():
        statements.append(
            definition.replace(f" ON {tpl}.", f" ON {target}.").replace(
                f" ON {template}.", f" ON {target}."
            )
        )
    return ";\n".join(statements) + ";"


def clone_script(template: str | None = None) -> str:
    """The SQL that copies ``template``, with ``PLACEHOLDER`` for the new schema."""
    template = template or template_schema()
    with connection.cursor() as cursor:
        if not schema_exists(template):
            raise TemplateSchemaError(
                f"Template schema {template!r} does not exist: run `manage.py migrate_schemas`."
            )
        fingerprint = _fingerprint(cursor, template)
        cached = _cache.get(template)
        if cached and cached.fingerprint == fingerprint:
            return cached.sql
        # SET LOCAL (in _build_script) needs a transaction to stay in force.
        with _lock, transaction.atomic(), _search_path_kept(cursor):
            sql = _build_script(cursor, template)
            _cache[template] = _Script(fingerprint=fingerprint, sql=sql)
        return sql


def schema_clone(*, target: str, template: str | None = None) -> None:
    """Create schema ``target`` as a copy of the template. Run inside a transaction."""
    sql = clone_script(template).replace(PLACEHOLDER, target)
    with connection.cursor() as cursor, _search_path_kept(cursor):
        cursor.execute(sql)


@contextmanager
def _search_path_kept(cursor):
    """Restore ``search_path`` afterwards: django-tenants trusts it is what it last set.

    On an error there is nothing to restore: the transaction is rolled back, and
    ``SET LOCAL`` with it.
    """
    cursor.execute("SELECT current_setting('search_path')")
    (search_path,) = cursor.fetchone()
    yield
    cursor.execute("SELECT set_config('search_path', %s, false)", [search_path])

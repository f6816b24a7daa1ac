"""A cloned shop schema equals one migrated from zero.

The clone (shops.cloning) is what makes provisioning fast; this test is what makes
it safe: tables, columns, defaults, identity columns, constraints and indexes must
match a schema built by running every tenant migration, and the identity sequences
must continue after the rows the template carries.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from shops.cloning import TemplateSchemaError, clone_script

FRESH = "fresh_migrated"


def _columns(cursor, schema):
    cursor.execute(
        """
        SELECT table_name, column_name, data_type, is_nullable,
               coalesce(column_default, ''), is_identity, coalesce(identity_generation, ''),
               coalesce(character_maximum_length, 0), is_generated
          FROM information_schema.columns WHERE table_schema = %s
        """,
        [schema],
    )
    return {row[:2]: row[2:] for row in cursor.fetchall()}


def _normalised(definition, schema):
    return definition.replace(f'"{schema}".', "SCHEMA.").replace(f"{schema}.", "SCHEMA.")


def _constraints(cursor, schema):
    cursor.execute(
        """
        SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid),
               k.condeferrable, k.condeferred
          FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s
        """,
        [schema],
    )
    return {(r[0], r[1]): (r[2], _normalised(r[3], schema), *r[4:]) for r in cursor.fetchall()}


def _indexes(cursor, schema):
    cursor.execute(
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s", [schema]
    )
    return {(t, i): _normalised(d, schema) for t, i, d in cursor.fetchall()}


def _cast_free(definition):
    """PostgreSQL deparses a partial index's predicate (or a CHECK) with casts placed differently
    once the definition is parsed again (``ARRAY['a'::varchar]::text[]`` becomes
    ``ARRAY[('a'::varchar)::text]``): the same predicate. Compare without casts and
    brackets; names, columns, methods and uniqueness still have to match exactly."""
    text = re.sub(r"::[a-z ]+(\[\])?", "", definition)
    return re.sub(r"[()]", "", text)


def _identity_sequences_continue(cursor, schema):
    """For every identity column, the next value is above every id already stored."""
    cursor.execute(
        """
        SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %s AND a.attidentity <> '' AND c.relkind = 'r'
        """,
        [schema],
    )
    columns = cursor.fetchall()
    # Singletons (a CHECK pins the id to 1, e.g. notifications_one_branding) never draw
    # from their sequence: every write names id 1.
    cursor.execute(
        """
        SELECT c.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %s AND k.contype = 'c'
           AND pg_get_constraintdef(k.oid) LIKE '%%(id = 1)%%'
        """,
        [schema],
    )
    singletons = {name for (name,) in cursor.fetchall()}
    problems = []
    for table, column in columns:
        if table in singletons:
            continue
        cursor.execute(f'SELECT coalesce(max("{column}"), 0) FROM "{schema}"."{table}"')
        (highest,) = cursor.fetchone()
        cursor.execute(
            f'SELECT nextval(pg_get_serial_sequence(\'"{schema}"."{table}"\', %s))', [column]
        )
        (following,) = cursor.fetchone()
        if following <= highest:
            problems.append((table, highest, following))
    return problems


@pytest.fixture
def fresh_schema(transactional_db):
    """A schema built the slow way: every tenant migration run from zero (committed:
    migrations cannot run inside the test's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{FRESH}"')
    try:
        call_command(
            "migrate_schemas", tenant=True, schema_name=FRESH, interactive=False, verbosity=0
        )
        connection.set_schema_to_public()
        yield FRESH
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{FRESH}" CASCADE')


def test_cloned_schema_equals_a_freshly_migrated_one(committed_shop_factory, fresh_schema):
    shop = committed_shop_factory("clonecheck")
    with connection.cursor() as cursor:
        cloned_cols, fresh_cols = _columns(cursor, shop.schema_name), _columns(cursor, FRESH)
        assert len(fresh_cols) > 300  # Wagtail's tables and ours are all there
        assert cloned_cols == fresh_cols

        cloned_cons = _constraints(cursor, shop.schema_name)
        fresh_cons = _constraints(cursor, FRESH)
        assert set(cloned_cons) == set(fresh_cons)
        differing = {
            k: (cloned_cons[k], fresh_cons[k])
            for k in fresh_cons
            if (cloned_cons[k][0], _cast_free(cloned_cons[k][1]), *cloned_cons[k][2:])
            != (fresh_cons[k][0], _cast_free(fresh_cons[k][1]), *fresh_cons[k][2:])
        }
        assert differing == {}

        cloned_idx, fresh_idx = _indexes(cursor, shop.schema_name), _indexes(cursor, FRESH)
        assert set(cloned_idx) == set(fresh_idx)
        differing = {
            k: (cloned_idx[k], fresh_idx[k])
            for k in fresh_idx
            if _cast_free(cloned_idx[k]) != _cast_free(fresh_idx[k])
        }
        assert differing == {}
        assert _identity_sequences_continue(cursor, shop.schema_name) == []
        # No foreign key of the clone points back into the template schema.
        assert not [d for _t, d, *_ in cloned_cons.values() if "souk_template" in d]


def test_clone_refuses_a_template_with_objects_it_cannot_copy(db):
    from django.conf import settings

    template = settings.SHOP_TEMPLATE_SCHEMA
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE VIEW "{template}".sneaky AS SELECT 1 AS one')
        cursor.execute(
            f'INSERT INTO "{template}".django_migrations (app, name, applied) '
            "VALUES ('test', 'bump', now())"
        )  # new fingerprint: rebuild script
    with pytest.raises(TemplateSchemaError, match="sneaky"):
        clone_script()


def test_clone_script_is_rebuilt_when_migrations_change(db):
    from django.conf import settings

    before = clone_script()
    assert clone_script() is before  # cached for the same migration state
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE TABLE "{settings.SHOP_TEMPLATE_SCHEMA}".late_table (id int)')
        cursor.execute(
            f'INSERT INTO "{settings.SHOP_TEMPLATE_SCHEMA}".django_migrations '
            "(app, name, applied) VALUES ('test', 'late', now())"
        )
    after = clone_script()
    assert "late_table" in after and "late_table" not in before

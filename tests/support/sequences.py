"""Make two shops hand out the same ids, so isolation tests can aim at a real id.

Shops in tests come from a pool of pre-cloned schemas whose sequences keep moving
(``nextval`` is not rolled back with the test), so shop A's next order id is not
shop B's. An isolation test is sharper when A's row id also exists in B: then a
leak would find *a* row, the wrong one.
"""

from __future__ import annotations

from django.db import connection


def align_identity_sequences(*shops) -> None:
    schemas = [shop.schema_name for shop in shops]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, a.attname FROM pg_attribute a
              JOIN pg_class c ON c.oid = a.attrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = %s AND a.attidentity <> '' AND c.relkind = 'r'
            """,
            [schemas[0]],
        )
        for table, column in cursor.fetchall():
            sequences = []
            for schema in schemas:
                cursor.execute(
                    "SELECT pg_get_serial_sequence(%s, %s)", [f'"{schema}"."{table}"', column]
                )
                sequences.append(cursor.fetchone()[0])
            cursor.execute(
                "SELECT max(coalesce(last_value, 0)) FROM pg_sequences "
                "WHERE format('%%I.%%I', schemaname, sequencename) = ANY(%s)",
                [sequences],
            )
            highest = cursor.fetchone()[0] or 0
            for sequence in sequences:
                if highest:
                    cursor.execute("SELECT setval(%s, %s)", [sequence, highest])
                else:
                    cursor.execute("SELECT setval(%s, 1, false)", [sequence])

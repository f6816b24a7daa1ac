"""Order numbers: per shop, from 1001, without gaps, safe under concurrency.

One statement takes the next number. The upsert also heals a shop whose counter row
is missing (it starts at 1001 then) instead of failing a shopper's checkout.
The row stays locked until the placing transaction ends, so placements in one shop
are serialised for the few milliseconds of the insert; other shops never wait.
"""

from __future__ import annotations

from django.db import connection

from orders.models import FIRST_ORDER_NUMBER, OrderNumberCounter

_NEXT_SQL = """
INSERT INTO {table} (id, last) VALUES (1, %(first)s)
ON CONFLICT (id) DO UPDATE SET last = {table}.last + 1
RETURNING last
"""


def order_number_next() -> int:
    table = connection.ops.quote_name(OrderNumberCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_SQL.format(table=table), {"first": FIRST_ORDER_NUMBER})
        return cursor.fetchone()[0]

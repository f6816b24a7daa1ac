"""Reads on shops' public rows for code running elsewhere (a shop's admin, the console)."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from kernel.schemas import public_schema
from shops.models import Domain, Shop


def shop_currency() -> str:
    """The currency of the shop whose schema the connection is in: what its prices,
    carts and orders are in. ``Shop`` is in ``public``, on the shop's search path."""
    tenant = getattr(connection, "tenant", None)
    currency = getattr(tenant, "currency", None)
    if currency:
        return currency
    found = (
        Shop.objects.filter(schema_name=connection.schema_name)
        .values_list("currency", flat=True)
        .first()
    )
    return found or "USD"


def shop_domains(*, shop: Shop) -> list[Domain]:
    """The shop's domains, primary first, then verified, then by name (one query).

    Evaluated inside the public schema so the caller's connection (a shop's admin)
    never depends on ``search_path`` falling through to ``public``.
    """
    with public_schema():
        rows: QuerySet[Domain] = Domain.objects.filter(tenant_id=shop.pk).order_by(
            "-is_primary", "verified_at", "domain"
        )
        return list(rows)

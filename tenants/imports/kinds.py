"""Which check and which run each kind of import uses: one literal table."""

from __future__ import annotations

from imports import services


def checker_for(kind: str):
    from imports import customers_io, inventory_io

    return {
        "products": services.products_check,
        "customers": customers_io.customers_check,
        "inventory": inventory_io.inventory_check,
    }[kind]


def runner_for(kind: str):
    from imports import customers_io, inventory_io

    return {
        "products": services.products_run,
        "customers": customers_io.customers_run,
        "inventory": inventory_io.inventory_run,
    }[kind]

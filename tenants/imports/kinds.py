"""Which check and which run each kind of import uses: one literal table."""

from __future__ import annotations

from imports import customers_io, inventory_io, products_io

CHECKERS = {
    "products": products_io.products_check,
    "customers": customers_io.customers_check,
    "inventory": inventory_io.inventory_check,
}
RUNNERS = {
    "products": products_io.products_run,
    "customers": customers_io.customers_run,
    "inventory": inventory_io.inventory_run,
}


def checker_for(kind: str):
    return CHECKERS[kind]


def runner_for(kind: str):
    return RUNNERS[kind]

"""Writes of the catalog. Import from here: ``from catalog.services import product_create``."""

from catalog.services.collections import (
    collection_create,
    collection_delete,
    collection_set_products,
    collection_update,
    rule_problem,
)
from catalog.services.handles import handle_generate, handle_validate
from catalog.services.listing import (
    catalog_listing_reconcile,
    product_sales_set,
    product_stock_refresh,
)
from catalog.services.product_validation import options_of, sku_conflicts, tags_normalise
from catalog.services.products import (
    product_create,
    product_delete,
    product_refresh_derived,
    product_set_status,
    product_update,
    variant_update,
)

__all__ = [
    "catalog_listing_reconcile",
    "collection_create",
    "collection_delete",
    "collection_set_products",
    "collection_update",
    "handle_generate",
    "handle_validate",
    "options_of",
    "product_create",
    "product_delete",
    "product_refresh_derived",
    "product_sales_set",
    "product_set_status",
    "product_stock_refresh",
    "product_update",
    "rule_problem",
    "sku_conflicts",
    "tags_normalise",
    "variant_update",
]

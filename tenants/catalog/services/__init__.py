"""Writes of the catalog. Import from here: ``from catalog.services import product_create``."""

from catalog.services.bulk import cell_key, log_many, variant_cells_clean, variants_bulk_update
from catalog.services.bulk_create import product_key, products_create_many
from catalog.services.collections import (
    collection_create,
    collection_delete,
    collection_set_products,
    collection_update,
    product_collections_set,
    rule_problem,
)
from catalog.services.descriptions import description_clean
from catalog.services.handles import handle_generate, handle_validate
from catalog.services.images import product_image_upload
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
from catalog.services.variant_matrix import (
    Matrix,
    combo_label,
    combo_of,
    product_options_set,
    variant_matrix,
)

__all__ = [
    "Matrix",
    "catalog_listing_reconcile",
    "cell_key",
    "collection_create",
    "collection_delete",
    "collection_set_products",
    "collection_update",
    "combo_label",
    "combo_of",
    "description_clean",
    "handle_generate",
    "handle_validate",
    "log_many",
    "options_of",
    "product_collections_set",
    "product_create",
    "product_delete",
    "product_image_upload",
    "product_key",
    "product_options_set",
    "product_refresh_derived",
    "product_sales_set",
    "product_set_status",
    "product_stock_refresh",
    "product_update",
    "products_create_many",
    "rule_problem",
    "sku_conflicts",
    "tags_normalise",
    "variant_cells_clean",
    "variant_matrix",
    "variant_update",
    "variants_bulk_update",
]

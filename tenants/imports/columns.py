"""The columns of Shopify's product CSV, both header sets, mapped to our field names.

Shopify has shipped two header sets for the same sheet: the *legacy* one (``Handle``,
``Body (HTML)``, ``Variant Price``…) that years of exported files and third-party tools
still produce, and the *current* one (``URL handle``, ``Description``, ``Price``…).
A file says which it is by its header row. Each known column maps to one key of ours
(``handle``, ``price``…); the same key is written back under the chosen set's name on
export. Columns we do not store (metafields, Google Shopping, ``Price / <Market>``,
unit prices) are *kept*: stored beside the product as they came and given back on
export, so a shop moving in loses nothing it might move out with.
"""

from __future__ import annotations

from dataclasses import dataclass

LEGACY = "legacy"
CURRENT = "current"
HEADER_SETS = (LEGACY, CURRENT)

# (key, legacy header, current header). Order is the export's column order. A key
# whose header is "" does not exist in that set.
PRODUCT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("title", "Title", "Title"),
    ("handle", "Handle", "URL handle"),
    ("description", "Body (HTML)", "Description"),
    ("vendor", "Vendor", "Vendor"),
    ("category", "Product Category", "Product category"),
    ("product_type", "Type", "Type"),
    ("tags", "Tags", "Tags"),
    ("published", "Published", "Published on online store"),
    ("status", "Status", "Status"),
    ("sku", "Variant SKU", "SKU"),
    ("barcode", "Variant Barcode", "Barcode"),
    ("option1_name", "Option1 Name", "Option1 name"),
    ("option1", "Option1 Value", "Option1 value"),
    ("option1_linked", "", "Option1 Linked To"),
    ("option2_name", "Option2 Name", "Option2 name"),
    ("option2", "Option2 Value", "Option2 value"),
    ("option2_linked", "", "Option2 Linked To"),
    ("option3_name", "Option3 Name", "Option3 name"),
    ("option3", "Option3 Value", "Option3 value"),
    ("option3_linked", "", "Option3 Linked To"),
    ("price", "Variant Price", "Price"),
    ("compare_at_price", "Variant Compare At Price", "Compare-at price"),
    ("cost", "Cost per item", "Cost per item"),
    ("taxable", "Variant Taxable", "Charge tax"),
    ("tax_code", "Variant Tax Code", "Tax code"),
    ("inventory_tracker", "Variant Inventory Tracker", "Inventory tracker"),
    ("inventory_quantity", "Variant Inventory Qty", "Inventory quantity"),
    ("inventory_policy", "Variant Inventory Policy", "Continue selling when out of stock"),
    ("weight_grams", "Variant Grams", "Weight value (grams)"),
    ("weight_unit", "Variant Weight Unit", "Weight unit for display"),
    ("requires_shipping", "Variant Requires Shipping", "Requires shipping"),
    ("fulfillment_service", "Variant Fulfillment Service", "Fulfillment service"),
    ("image_src", "Image Src", "Product image URL"),
    ("image_position", "Image Position", "Image position"),
    ("image_alt", "Image Alt Text", "Image alt text"),
    ("variant_image", "Variant Image", "Variant image URL"),
    ("gift_card", "Gift Card", "Gift card"),
    ("seo_title", "SEO Title", "SEO title"),
    ("seo_description", "SEO Description", "SEO description"),
)

# Keys read from a product's first row only; the rest belong to each variant row.
PRODUCT_KEYS = frozenset(
    {
        "title",
        "handle",
        "description",
        "vendor",
        "category",
        "product_type",
        "tags",
        "published",
        "status",
        "option1_name",
        "option2_name",
        "option3_name",
        "gift_card",
        "seo_title",
        "seo_description",
    }
)
# Keys stored in our own columns; the other known keys are kept like unknown columns.
STORED_PRODUCT_KEYS = frozenset(
    {
        "title",
        "handle",
        "description",
        "vendor",
        "product_type",
        "tags",
        "published",
        "status",
        "option1_name",
        "option2_name",
        "option3_name",
        "seo_title",
        "seo_description",
    }
)
STORED_VARIANT_KEYS = frozenset(
    {
        "option1",
        "option2",
        "option3",
        "sku",
        "barcode",
        "price",
        "compare_at_price",
        "cost",
        "taxable",
        "inventory_quantity",
        "inventory_policy",
        "weight_grams",
        "requires_shipping",
    }
)
IMAGE_KEYS = frozenset({"image_src", "image_position", "image_alt"})
# A row with none of these filled is an image-only row (or a product's extra image).
VARIANT_MARKERS = (
    "option1",
    "option2",
    "option3",
    "sku",
    "barcode",
    "price",
    "compare_at_price",
    "cost",
    "inventory_quantity",
    "weight_grams",
)
# Columns Shopify adds for a fourth option that products cannot have: recognised so
# the file gets a clear message rather than a silently kept column.
EXTRA_OPTION_HEADERS = frozenset({"option4 name", "option4 value", "option5 name", "option5 value"})

HEADER_OF = {
    LEGACY: {key: legacy for key, legacy, _current in PRODUCT_COLUMNS if legacy},
    CURRENT: {key: current for key, _legacy, current in PRODUCT_COLUMNS if current},
}
KEY_OF = {
    header_set: {header.casefold(): key for key, header in headers.items()}
    for header_set, headers in HEADER_OF.items()
}
# A header that only one set has tells them apart.
_MARKERS = {
    LEGACY: ("handle", "body (html)", "variant price", "variant sku"),
    CURRENT: ("url handle", "description", "price", "sku"),
}


@dataclass(frozen=True)
class Layout:
    """How a file's columns read: its header set, each column's key (or ``None`` for
    a kept column) and the raw header names."""

    header_set: str
    headers: tuple[str, ...]
    keys: tuple[str | None, ...]

    def present(self) -> frozenset[str]:
        return frozenset(k for k in self.keys if k)

    def header_for(self, key: str) -> str:
        return HEADER_OF[self.header_set].get(key, key)

    def kept_headers(self) -> tuple[str, ...]:
        return tuple(h for h, k in zip(self.headers, self.keys, strict=True) if k is None)


def header_set_detect(headers: list[str]) -> str | None:
    """``legacy``, ``current`` or ``None`` when neither set's key columns are there."""
    folded = {h.strip().casefold() for h in headers}
    scores = {name: sum(m in folded for m in markers) for name, markers in _MARKERS.items()}
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] >= 2 else None


def layout_of(headers: list[str]) -> Layout | None:
    header_set = header_set_detect(headers)
    if header_set is None:
        return None
    keys = KEY_OF[header_set]
    names = tuple(h.strip() for h in headers)
    return Layout(header_set, names, tuple(keys.get(h.casefold()) for h in names))


def export_headers(header_set: str) -> list[tuple[str, str]]:
    """``(key, header)`` of every known column of ``header_set``, in export order."""
    return [
        (key, HEADER_OF[header_set][key])
        for key, *_ in PRODUCT_COLUMNS
        if key in HEADER_OF[header_set]
    ]

"""Product sheets written for these tests, in either of Shopify's header sets.

Rows are given with our keys (``handle``, ``price``…) and written under the chosen
set's column names, so every layout rule and every error is tested in both sets
from one description.
"""

from __future__ import annotations

import csv
import io

from imports.columns import HEADER_OF, export_headers

BASE_KEYS = [
    "handle",
    "title",
    "description",
    "vendor",
    "product_type",
    "tags",
    "published",
    "status",
    "option1_name",
    "option1",
    "option2_name",
    "option2",
    "option3_name",
    "option3",
    "sku",
    "weight_grams",
    "inventory_quantity",
    "inventory_policy",
    "price",
    "compare_at_price",
    "cost",
    "requires_shipping",
    "taxable",
    "barcode",
    "image_src",
    "image_position",
    "image_alt",
    "weight_unit",
    "seo_title",
    "seo_description",
]


def sheet(
    rows: list[dict],
    *,
    header_set: str = "legacy",
    keys: list[str] | None = None,
    extra: list[str] = (),
    delimiter: str = ",",
    line_end: str = "\n",
) -> str:
    """CSV text: the header of ``keys`` (and ``extra`` raw column names), then rows."""
    keys = [k for k in (keys or BASE_KEYS) if k in HEADER_OF[header_set]]
    headers = [HEADER_OF[header_set][k] for k in keys] + list(extra)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(headers)
    for row in rows:
        if header_set == "current" and "inventory_policy" in row:
            row = {
                **row,
                "inventory_policy": {"continue": "TRUE", "deny": "FALSE"}.get(
                    row["inventory_policy"], row["inventory_policy"]
                ),
            }
        writer.writerow([row.get(k, "") for k in keys] + [row.get(h, "") for h in extra])
    return out.getvalue()


def shirt(**changes) -> list[dict]:
    """A product with two options and three variants, an extra image row."""
    rows = [
        {
            "handle": "linen-shirt",
            "title": "Linen shirt",
            "description": "<p>Soft,\nwashed linen.</p>",
            "vendor": "Atlas",
            "product_type": "Shirts",
            "tags": "summer, linen",
            "published": "TRUE",
            "status": "active",
            "option1_name": "Size",
            "option1": "S",
            "option2_name": "Colour",
            "option2": "White",
            "sku": "LS-S-W",
            "weight_grams": "300",
            "weight_unit": "g",
            "inventory_quantity": "5",
            "inventory_policy": "deny",
            "price": "49.00",
            "compare_at_price": "59.00",
            "cost": "20.00",
            "requires_shipping": "TRUE",
            "taxable": "TRUE",
            "barcode": "400000001",
            "image_src": "https://img.example.com/shirt-1.jpg",
            "image_position": "1",
            "image_alt": "Front",
            "seo_title": "Linen shirt",
            "seo_description": "A shirt",
        },
        {
            "handle": "linen-shirt",
            "option1": "M",
            "option2": "White",
            "sku": "LS-M-W",
            "price": "49.00",
            "inventory_quantity": "3",
            "weight_grams": "310",
            "inventory_policy": "deny",
        },
        {
            "handle": "linen-shirt",
            "option1": "L",
            "option2": "Blue",
            "sku": "LS-L-B",
            "price": "52.50",
            "inventory_quantity": "0",
            "weight_grams": "320",
            "inventory_policy": "continue",
        },
        {
            "handle": "linen-shirt",
            "image_src": "https://img.example.com/shirt-2.jpg",
            "image_position": "2",
            "image_alt": "Back",
        },
    ]
    for index, fields in changes.items():
        rows[int(index.removeprefix("row"))].update(fields)
    return rows


def mug(**fields) -> list[dict]:
    """A single-variant product (Option1 Name = Title, Value = Default Title)."""
    row = {
        "handle": "mug",
        "title": "Mug",
        "status": "active",
        "option1_name": "Title",
        "option1": "Default Title",
        "sku": "MUG-1",
        "price": "12.00",
        "inventory_quantity": "7",
        "weight_grams": "350",
        "inventory_policy": "deny",
    }
    row.update(fields)
    return [row]


__all__ = ["export_headers", "mug", "sheet", "shirt"]

"""Product editor fixtures: shop A's owner in A's admin, and what the editor posts."""

from __future__ import annotations

import json

import pytest
from django_tenants.utils import schema_context

from inventory.models import Location
from tests.catalog.conftest import ALPHA, BETA, login  # noqa: F401 (fixtures' hosts)

ADD = "/admin/catalog/products/add/"


def edit_url(product) -> str:
    return f"/admin/catalog/products/edit/{product.pk}/"


@pytest.fixture
def owner_client(client, shop_a):
    return login(client, ALPHA, "owner-alpha@example.com")


@pytest.fixture
def default_location(shop_a):
    with schema_context(shop_a.schema_name):
        return Location.objects.get(is_default=True)


def grid(rows: list[dict], location_ids: list[int]) -> dict:
    """The variant grid as the editor posts it: one list per column, in row order.

    Each row: ``key`` (its option values), optional price, compare_at_price, sku,
    stock ({location_id: count}) and stock_was.
    """
    data: dict[str, list] = {
        "variant-key": [],
        "variant-price": [],
        "variant-compare_at_price": [],
        "variant-cost": [],
        "variant-sku": [],
        "variant-barcode": [],
        "variant-weight_grams": [],
        "variant-inventory_policy": [],
    }
    for loc in location_ids:
        data[f"variant-stock-{loc}"] = []
        data[f"variant-stock_was-{loc}"] = []
    for row in rows:
        data["variant-key"].append(json.dumps(row["key"], separators=(",", ":")))
        data["variant-price"].append(str(row.get("price", "")))
        data["variant-compare_at_price"].append(str(row.get("compare_at_price", "")))
        data["variant-cost"].append("")
        data["variant-sku"].append(row.get("sku", ""))
        data["variant-barcode"].append("")
        data["variant-weight_grams"].append(str(row.get("weight", 0)))
        data["variant-inventory_policy"].append("deny")
        for loc in location_ids:
            data[f"variant-stock-{loc}"].append(str(row.get("stock", {}).get(loc, "")))
            data[f"variant-stock_was-{loc}"].append(str(row.get("stock_was", {}).get(loc, "")))
    return data


def product_post(*, title="Tee", status="active", options=(), rows=(), locations=(), **extra):
    data = {"title": title, "status": status, "handle": "", "tags": "", **extra}
    for i, (name, values) in enumerate(options, start=1):
        data[f"option{i}_name"] = name
        data[f"option{i}_values"] = ", ".join(values)
    data.update(grid(list(rows), list(locations)))
    return data


def editor_data(form) -> dict:
    """What a browser posts for the product editor as drawn: its fields, the variant
    grid (one list per column) and the pictures, unchanged."""
    data: dict = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        if isinstance(value, list | tuple) and bound.name != "tags":
            value = [str(v) for v in value]
        data[bound.html_name] = value
    data["tags"] = ", ".join(form.instance.tags or []) if form.instance.pk else ""
    columns = ("price", "compare_at_price", "cost", "sku", "barcode", "weight_grams")
    data["variant-key"] = [row.key for row in form.grid]
    for name in (*columns, "inventory_policy"):
        data[f"variant-{name}"] = [row.cells.get(name, "") for row in form.grid]
    for n, location in enumerate(form.locations):
        data[f"variant-stock-{location.pk}"] = [row.stock[n].value for row in form.grid]
        data[f"variant-stock_was-{location.pk}"] = [row.stock[n].was for row in form.grid]
    data["image-id"] = [str(r.row_id or "") for r in form.image_rows]
    data["image-image"] = [str(r.image.pk) for r in form.image_rows]
    data["image-alt"] = [r.alt_text for r in form.image_rows]
    return data


def bulk_form_data(page_context) -> dict:
    """What the browser posts for the bulk editor as drawn (every row, unchanged)."""
    data: dict = {"row": [], "location": page_context["location"].pk}
    for row in page_context["rows"]:
        v = row.variant
        data["row"].append(v.pk)
        for name in ("price", "compare_at_price", "on_hand"):
            data[f"{name}-{v.pk}"] = row.cells[name]
            data[f"was-{name}-{v.pk}"] = row.was[name]
        if row.first_of_product:
            data[f"status-{v.product_id}"] = row.status
            data[f"was-status-{v.product_id}"] = row.status_was
    return data

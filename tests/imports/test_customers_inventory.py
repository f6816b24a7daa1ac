"""Customers (Shopify's customer CSV) and stock per location: preview, import, export."""

from __future__ import annotations

import csv
import io

from catalog.services import product_create
from customers.models import Customer
from customers.services import customer_create
from imports.exports import export_stream
from inventory.models import Location, StockLevel, StockMovement
from tests.imports.conftest import run, upload

CUSTOMERS = (
    "First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,"
    "Default Address Address1,Default Address City,Default Address Country Code,"
    "Default Address Zip,Phone,Accepts SMS Marketing,Tags,Note,Tax Exempt\r\n"
    "Ada,Lovelace,ADA@example.com,yes,Engines Ltd,1 Loom St,London,GB,N1 1AA,+441234,no,"
    '"vip, uk",Likes maths,no\r\n'
    "Bad,Email,not-an-email,no,,,,,,,,,,\r\n"
    "Ada,Again,ada@example.com,no,,,,,,,,,,\r\n"
    "Old,Customer,old@example.com,maybe,,,,,,,,,,\r\n"
)


def test_customers_preview_import_and_export(alpha):
    customer_create(email="old@example.com", first_name="Old")
    job = upload(CUSTOMERS, kind="customers")
    assert job.counts == {"new": 1, "updated": 0, "unchanged": 0, "skipped": 0, "failed": 3}
    problems = list(job.problems.filter(warning=False).values_list("row", "column"))
    assert (3, "Email") in problems and (4, "Email") in problems
    assert (5, "Accepts Email Marketing") in problems
    job = run(job, valid_only=True)
    ada = Customer.objects.get(email="ada@example.com")
    assert (ada.first_name, ada.accepts_marketing, ada.tags) == ("Ada", True, ["vip", "uk"])
    assert ada.user_id is None  # no account, no password, nobody e-mailed
    header, *rows = list(csv.reader(io.StringIO("".join(export_stream(kind="customers")))))
    row = dict(zip(header, next(r for r in rows if r[2] == "ada@example.com"), strict=True))
    assert row["Default Address Address1"] == "1 Loom St"
    assert row["Default Address Country Code"] == "GB"
    assert row["Tags"] == "vip, uk"


def test_inventory_per_location_rows_and_columns(alpha):
    product_create(
        title="Shirt",
        handle="shirt",
        options=[("Size", ["S", "M"])],
        variants=[{"option1": "S", "sku": "SH-S", "price": 1}, {"option1": "M", "price": 1}],
    )
    shop_floor = Location.objects.create(name="Shop floor")
    per_row = (
        "Handle,Title,Option1 Name,Option1 Value,SKU,Location,On hand\n"
        "shirt,Shirt,Size,S,SH-S,Warehouse,12\n"
        "shirt,Shirt,Size,M,,Shop floor,4\n"
        "shirt,Shirt,Size,XL,,Shop floor,4\n"
        "shirt,Shirt,Size,S,SH-S,Shop floor,many\n"
    )
    default = Location.objects.get(is_default=True)
    per_row = per_row.replace("Warehouse", default.name)
    job = upload(per_row, kind="inventory")
    assert job.counts["updated"] == 2 and job.counts["failed"] == 2
    run(job, valid_only=True)
    levels = dict(
        StockLevel.objects.values_list("variant__option1", "location__name", "on_hand")
        .values_list("variant__option1", "on_hand")
        .filter(on_hand__gt=0)
    )
    assert levels == {"S": 12, "M": 4}
    assert set(StockMovement.objects.values_list("reason", flat=True)) == {"import"}
    columns = f"Handle,Option1 Value,SKU,{default.name},Shop floor\nshirt,S,SH-S,7,1\n"
    run(upload(columns, kind="inventory"))
    assert StockLevel.objects.get(variant__sku="SH-S", location=default).on_hand == 7
    assert StockLevel.objects.get(variant__sku="SH-S", location=shop_floor).on_hand == 1
    header, *rows = list(csv.reader(io.StringIO("".join(export_stream(kind="inventory")))))
    assert header[-4:] == ["Location", "Committed", "Available", "On hand"]
    assert [
        "shirt",
        "Shirt",
        "Size",
        "S",
        "",
        "",
        "",
        "",
        "SH-S",
        default.name,
        "0",
        "7",
        "7",
    ] in rows

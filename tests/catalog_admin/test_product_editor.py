"""The product editor over HTTP: options make the variants, stock per location, pictures,
collections, explicit status, and bad cells shown where they are with nothing written."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from catalog.models import Collection, Product
from catalog.services import collection_create, product_create
from inventory.models import Location, StockLevel, StockMovement
from inventory.services import stock_reserve, stock_set
from tests.catalog_admin.conftest import ADD, ALPHA, edit_url, product_post

SIZES = ["S", "M", "L"]
# What Draftail posts for "Soft **cotton**".
DRAFTAIL_SOFT_COTTON = json.dumps(
    {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "text": "Soft cotton",
                "depth": 0,
                "inlineStyleRanges": [{"offset": 5, "length": 6, "style": "BOLD"}],
                "entityRanges": [],
                "data": {},
            }
        ],
        "entityMap": {},
    }
)
COLOURS = ["red", "blue", "green", "black"]


def _matrix_rows(loc, *, price="20"):
    return [
        {"key": [s, c], "price": price, "sku": f"TEE-{s}-{c}", "stock": {loc: i}}
        for i, (s, c) in enumerate(itertools.product(SIZES, COLOURS))
    ]


def test_create_with_a_3x4_matrix_stock_and_collection(shop_a, owner_client, default_location):
    loc = default_location.pk
    with schema_context(shop_a.schema_name):
        summer = collection_create(title="Summer")
    data = product_post(
        options=[("Size", SIZES), ("Colour", COLOURS)],
        rows=_matrix_rows(loc),
        locations=[loc],
        description=DRAFTAIL_SOFT_COTTON,
        collections=[summer.pk],
    )
    response = owner_client.post(ADD, data, HTTP_HOST=ALPHA)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        product = Product.objects.get(title="Tee")
        assert product.status == "active"
        assert product.variants.count() == 12
        assert product.option_names == ["Size", "Colour"]
        assert product.description == "<p>Soft <b>cotton</b></p>"
        levels = dict(
            StockLevel.objects.filter(variant__product=product).values_list(
                "variant__sku", "on_hand"
            )
        )
        assert levels["TEE-S-blue"] == 1 and levels["TEE-L-black"] == 11
        assert StockMovement.objects.filter(variant__product=product).count() == 11  # 0 not written
        assert list(summer.products.all()) == [product]
        entry = ModelLogEntry.objects.filter(action="inventory.stock_set").first()
        assert entry.user.email == "owner-alpha@example.com"


def test_status_must_be_chosen_on_first_save(shop_a, owner_client, default_location):
    data = product_post(
        status="", rows=[{"key": [], "price": "5"}], locations=[default_location.pk]
    )
    response = owner_client.post(ADD, data, HTTP_HOST=ALPHA)
    assert response.status_code == 200
    assert "Choose Active or Draft." in response.context["form"].errors["status"]
    page = owner_client.get(ADD, HTTP_HOST=ALPHA).content.decode()
    assert 'type="radio" name="status" value="active"' in page
    assert "checked" not in page.split('name="status"')[1].split(">")[0]


def test_adding_a_value_keeps_prices_and_stock_and_adds_variants(
    shop_a, owner_client, default_location
):
    loc = default_location.pk
    with schema_context(shop_a.schema_name):
        product = product_create(
            title="Cap",
            status="active",
            options=[("Size", ["S", "M"])],
            variants=[
                {"option1": "S", "price": 10, "sku": "CAP-S"},
                {"option1": "M", "price": 12, "sku": "CAP-M"},
            ],
        )
        stock_set(variant=product.variants.get(sku="CAP-S"), on_hand=7)
    # The script adds a row for "L" and the colour makes every row a (size, colour) pair.
    rows = [
        {
            "key": ["S", "red"],
            "price": "10.00",
            "sku": "CAP-S",
            "stock": {loc: 7},
            "stock_was": {loc: 7},
        },
        {
            "key": ["M", "red"],
            "price": "12.00",
            "sku": "CAP-M",
            "stock": {loc: 0},
            "stock_was": {loc: 0},
        },
        {"key": ["L", "red"], "price": "14", "sku": "CAP-L", "stock": {loc: 3}},
    ]
    data = product_post(
        title="Cap",
        options=[("Size", ["S", "M", "L"]), ("Colour", ["red"])],
        rows=rows,
        locations=[loc],
    )
    response = owner_client.post(edit_url(product), data, HTTP_HOST=ALPHA)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        variants = {v.sku: v for v in product.variants.all()}
        assert set(variants) == {"CAP-S", "CAP-M", "CAP-L"}
        assert (variants["CAP-S"].option1, variants["CAP-S"].option2) == ("S", "red")
        assert variants["CAP-L"].price == Decimal("14.00")
        assert StockLevel.objects.get(variant=variants["CAP-S"]).on_hand == 7


def test_removing_a_value_asks_first_then_deletes(shop_a, owner_client, default_location):
    loc = default_location.pk
    with schema_context(shop_a.schema_name):
        product = product_create(
            title="Mug",
            status="active",
            options=[("Size", ["S", "M"])],
            variants=[
                {"option1": "S", "price": 10, "sku": "MUG-S"},
                {"option1": "M", "price": 12, "sku": "MUG-M"},
            ],
        )
    rows = [{"key": ["S"], "price": "10", "sku": "MUG-S"}]
    data = product_post(title="Mug", options=[("Size", ["S"])], rows=rows, locations=[loc])
    response = owner_client.post(edit_url(product), data, HTTP_HOST=ALPHA)
    assert response.status_code == 200
    errors = response.context["form"].errors["confirm_removal"]
    assert "This deletes 1 variant and its stock: M." in errors[0]
    with schema_context(shop_a.schema_name):
        assert product.variants.count() == 2
    data["confirm_removal"] = "on"
    response = owner_client.post(edit_url(product), data, HTTP_HOST=ALPHA)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        assert list(product.variants.values_list("sku", flat=True)) == ["MUG-S"]


def test_bad_cells_keep_every_typed_value_and_write_nothing(shop_a, owner_client, default_location):
    loc = default_location.pk
    rows = _matrix_rows(loc)
    rows[4]["price"] = "abc"
    rows[7]["stock"] = {loc: "-2"}
    rows[9]["sku"] = rows[8]["sku"]
    data = product_post(options=[("Size", SIZES), ("Colour", COLOURS)], rows=rows, locations=[loc])
    response = owner_client.post(ADD, data, HTTP_HOST=ALPHA)
    assert response.status_code == 200
    form = response.context["form"]
    grid = form.grid
    assert len(grid) == 12
    assert grid[4].errors["price"] == "Enter an amount." and grid[4].cells["price"] == "abc"
    assert grid[7].stock[0].error and grid[7].stock[0].value == "-2"
    assert "SKU" in grid[9].errors["sku"]
    assert [r.cells["sku"] for r in grid[:3]] == ["TEE-S-red", "TEE-S-blue", "TEE-S-green"]
    page = response.content.decode()
    assert 'value="abc"' in page and "TEE-L-black" in page
    with schema_context(shop_a.schema_name):
        assert not Product.objects.exists()


def test_stock_below_what_checkouts_hold_is_refused_on_its_cell(
    shop_a, owner_client, default_location
):
    loc = default_location.pk
    with schema_context(shop_a.schema_name):
        product = product_create(
            title="Pen", status="active", variants=[{"sku": "PEN", "price": 2}]
        )
        variant = product.variants.get()
        stock_set(variant=variant, on_hand=5)
        stock_reserve(token="cart-1", lines=[(variant, 3)])
    rows = [{"key": [], "price": "9", "sku": "PEN", "stock": {loc: 1}, "stock_was": {loc: 5}}]
    response = owner_client.post(
        edit_url(product), product_post(title="Pen", rows=rows, locations=[loc]), HTTP_HOST=ALPHA
    )
    assert response.status_code == 200
    cell = response.context["form"].grid[0].stock[0]
    assert "held by checkouts" in cell.error and cell.value == "1"
    with schema_context(shop_a.schema_name):
        variant.refresh_from_db()
        assert variant.price == Decimal("2.00")  # the price change was rolled back too
        assert StockLevel.objects.get(variant=variant).on_hand == 5


def test_edit_page_shows_view_on_storefront_and_the_grid(shop_a, owner_client):
    with schema_context(shop_a.schema_name):
        product = product_create(
            title="Lamp",
            status="active",
            options=[("Colour", ["red", "blue"])],
            variants=[
                {"option1": "red", "price": 3, "sku": "L-R"},
                {"option1": "blue", "price": 4, "sku": "L-B"},
            ],
        )
    page = owner_client.get(edit_url(product), HTTP_HOST=ALPHA).content.decode()
    assert "View on storefront" in page and f"/products/{product.handle}/" in page
    assert 'value="red, blue"' in page and 'value="L-B"' in page
    assert "product_editor.js" in page


@pytest.mark.parametrize("manual", [False])
def test_automatic_collections_are_not_offered(shop_a, owner_client, manual):
    with schema_context(shop_a.schema_name):
        collection_create(
            title="Cheap", kind=Collection.Kind.AUTOMATIC, rules=[("price", "less_than", "5")]
        )
        collection_create(title="Gifts")
    page = owner_client.get(ADD, HTTP_HOST=ALPHA).content.decode()
    assert "Gifts" in page and "Cheap" not in page


def test_stock_is_saved_per_location(shop_a, owner_client, default_location):
    with schema_context(shop_a.schema_name):
        shop_floor = Location.objects.create(name="Shop floor")
    locations = [default_location.pk, shop_floor.pk]
    rows = [
        {"key": ["S"], "price": "5", "sku": "SOCK-S", "stock": {locations[0]: 4, locations[1]: 2}},
        {"key": ["M"], "price": "5", "sku": "SOCK-M", "stock": {locations[0]: 0, locations[1]: 7}},
    ]
    data = product_post(
        title="Sock", options=[("Size", ["S", "M"])], rows=rows, locations=locations
    )
    page = owner_client.get(ADD, HTTP_HOST=ALPHA).content.decode()
    assert "Stock at Main warehouse" in page and "Stock at Shop floor" in page
    response = owner_client.post(ADD, data, HTTP_HOST=ALPHA)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        levels = set(
            StockLevel.objects.filter(variant__product__title="Sock").values_list(
                "variant__sku", "location__name", "on_hand"
            )
        )
        assert levels >= {
            ("SOCK-S", "Main warehouse", 4),
            ("SOCK-S", "Shop floor", 2),
            ("SOCK-M", "Shop floor", 7),
        }

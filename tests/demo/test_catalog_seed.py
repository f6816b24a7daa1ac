"""The demo catalogues: sound data, pictures drawn locally, seeding through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Max, Min

from catalog.models import Collection, Product, ProductImage, Variant
from demo.catalog_seed import catalog_seed, stock_for, variant_rows
from demo.catalogs import CATALOGS
from demo.product_pictures import DRAWINGS, PALETTES, SIZE, product_picture
from inventory.models import StockLevel
from storefront.selectors.collections import collection_products


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_catalogue_is_sound(name):
    catalog = CATALOGS[name]
    assert 20 <= len(catalog.products) <= 30
    stems = [p.sku for p in catalog.products]
    assert len(stems) == len(set(stems))
    skus = [row["sku"] for p in catalog.products for row in variant_rows(p)]
    assert len(skus) == len(set(skus)), "every variant needs its own SKU"
    for spec in catalog.products:
        assert spec.drawing in DRAWINGS and spec.palette in PALETTES
        assert len(spec.options) <= 3
        assert spec.description and spec.vendor and spec.product_type and spec.tags
        for value in spec.colours:
            assert any(value in [v for v, _d in values] for _n, values in spec.options)
    assert 3 <= len(catalog.collections) <= 4
    kinds = {bool(c.products) for c in catalog.collections}
    assert kinds == {True, False}, "both manual and automatic collections"
    for collection in catalog.collections:
        assert set(collection.products) <= set(stems)


def test_variant_rows_price_each_combination():
    spec = next(p for p in CATALOGS["harbour"].products if p.sku == "HCR-ETH-KOC")
    rows = variant_rows(spec)
    assert len(rows) == 2 * 3
    assert {r["price"] for r in rows} == {Decimal("14.50"), Decimal("49.00")}
    assert rows[0]["sku"] == "HCR-ETH-KOC-250G-WB"


def test_pictures_are_drawn_locally_and_repeatable():
    one = product_picture(title="Gooseneck Kettle", drawing="kettle", palette_name="gear")
    again = product_picture(title="Gooseneck Kettle", drawing="kettle", palette_name="gear")
    assert one.size == (SIZE, SIZE)
    assert one.tobytes() == again.tobytes()
    # Not a flat card: background, object and label at least.
    assert len(one.resize((100, 100)).getcolors(10_000)) > 50
    red = product_picture(title="Shell", drawing="jacket", palette_name="jacket")
    navy = product_picture(title="Shell", drawing="jacket", palette_name="jacket", colour="#22324a")
    assert red.getpixel((SIZE // 2, SIZE // 2)) != navy.getpixel((SIZE // 2, SIZE // 2))


def test_seed_fills_a_shop_through_the_services(alpha):
    catalog = CATALOGS["atlas"]
    report = catalog_seed(catalog=catalog)

    assert report.products_created == len(catalog.products) == Product.objects.count()
    assert Variant.objects.count() == sum(len(variant_rows(p)) for p in catalog.products)
    assert Product.objects.filter(status="draft").count() == 1
    # Derived fields are the services' own.
    for product in Product.objects.annotate(lo=Min("variants__price"), hi=Max("variants__price")):
        assert (product.min_price, product.max_price) == (product.lo, product.hi)
        assert product.search_vector
    assert Product.objects.search("Stormline").first().title == "Stormline 3L Waterproof Shell"
    assert Product.objects.search("ATL-BT-HGH-EU42").exists()

    # A picture per product, one per colour where a colour option exists, linked.
    assert not Product.objects.filter(images__isnull=True).exists()
    shell = Product.objects.get(title="Stormline 3L Waterproof Shell")
    images = list(shell.images.order_by("position"))
    assert len(images) == 3
    navy = images[1]
    assert navy.alt_text.endswith("Deep navy")
    assert {v.option2 for v in navy.variants.all()} == {"Deep navy"}
    assert navy.variants.count() == 5
    assert navy.image.file.storage.exists(navy.image.file.name)
    assert ProductImage.objects.count() == report.images

    # Collections, manual and automatic, all with products and a picture.
    assert Collection.objects.count() == len(catalog.collections)
    for collection in Collection.objects.all():
        assert collection_products(collection).exists(), collection.title
        assert collection.image_id is not None
    winter = Collection.objects.get(title="Winter ready")
    assert winter.kind == "automatic"
    assert collection_products(winter).filter(title="Cumulus Down Jacket").exists()

    # Stock through inventory.services, with a few sold-out variants.
    levels = {lv.variant.sku: lv.on_hand for lv in StockLevel.objects.select_related("variant")}
    assert len(levels) == Variant.objects.count() == report.stock_levels
    assert all(on_hand == stock_for(sku) for sku, on_hand in levels.items())
    assert 0 in levels.values()


def test_seed_is_idempotent(alpha):
    catalog = CATALOGS["harbour"]
    catalog_seed(catalog=catalog)
    counts = (Product.objects.count(), Collection.objects.count(), ProductImage.objects.count())

    again = catalog_seed(catalog=catalog)

    assert again.products_created == again.collections_created == again.images == 0
    assert again.products_kept == len(catalog.products)
    assert counts == (
        Product.objects.count(),
        Collection.objects.count(),
        ProductImage.objects.count(),
    )

"""Full-text search over title, tags, SKUs, vendor and type: ranking and pages."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator

from catalog.models import Product
from catalog.services import product_create

pytestmark = pytest.mark.usefixtures("alpha")


def test_title_outranks_tags_and_sku_outrank_vendor():
    vendor = product_create(title="Plain mug", vendor="Falcon")
    tag = product_create(title="Enamel cup", tags=["falcon"])
    title = product_create(title="Falcon enamel mug")
    assert list(Product.objects.search("falcon")) == [title, tag, vendor]


def test_finds_skus_type_and_ignores_case():
    product = product_create(
        title="Shirt", product_type="Tops", variants=[{"sku": "TSH-RED-M", "price": 5}]
    )
    assert list(Product.objects.search("tsh-red-m")) == [product]
    assert list(Product.objects.search("TOPS")) == [product]
    assert not Product.objects.search("").exists()
    assert not Product.objects.search("trousers").exists()


def test_prefix_search_for_the_admin_takes_no_operators():
    product = product_create(title="Shirtdress")
    assert list(Product.objects.search("shirt", prefix=True)) == [product]
    assert list(Product.objects.search("shirt & | ! :*", prefix=True)) == [product]
    assert not Product.objects.search("shirt", prefix=False).exists()
    assert not Product.objects.search("&|!", prefix=True).exists()


def test_pagination_keeps_a_stable_order():
    for i in range(25):
        product_create(title=f"Lamp {i:02d}")
    pages = Paginator(Product.objects.search("lamp"), 10)
    seen = [p.title for n in pages.page_range for p in pages.page(n)]
    assert pages.num_pages == 3
    assert len(seen) == len(set(seen)) == 25

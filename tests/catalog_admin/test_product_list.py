"""The product list: picture, status in words, stock, price with currency; fixed queries."""

from __future__ import annotations

import io

from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from PIL import Image as PILImage
from wagtail.images import get_image_model

from catalog.services import product_create
from inventory.services import stock_set
from tests.catalog_admin.conftest import ALPHA

LIST = "/admin/catalog/products/"


def _picture(n):
    buffer = io.BytesIO()
    PILImage.new("RGB", (30, 30), (n * 7 % 255, 80, 120)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=f"pic {n}", file=ImageFile(buffer, name=f"pic-{n}.png")
    )


def _make(shop, start, n):
    with schema_context(shop.schema_name):
        for i in range(start, start + n):
            product = product_create(
                title=f"Bowl {i}",
                status="active",
                options=[("Size", ["S", "M"])],
                variants=[
                    {"option1": "S", "price": "8.50", "sku": f"B{i}-S"},
                    {"option1": "M", "price": "12", "sku": f"B{i}-M"},
                ],
                images=[{"image": _picture(i), "alt_text": f"Bowl {i}"}],
            )
            for variant in product.variants.all():
                stock_set(variant=variant, on_hand=3)


def test_list_shows_picture_status_stock_and_price(shop_a, owner_client):
    _make(shop_a, 0, 1)
    page = owner_client.get(LIST, HTTP_HOST=ALPHA).content.decode()
    assert 'class="pe-list-thumb"' in page and 'alt="Bowl 0"' in page
    assert "Active" in page and ">active<" not in page
    assert "6 in stock for 2 variants" in page
    assert "$8.50 – $12.00" in page


def test_list_queries_do_not_grow_with_products(shop_a, owner_client):
    def count():
        owner_client.get(LIST, HTTP_HOST=ALPHA)  # makes missing thumbnails, warms caches
        with CaptureQueriesContext(connection) as ctx:
            assert owner_client.get(LIST, HTTP_HOST=ALPHA).status_code == 200
        return len(ctx.captured_queries)

    _make(shop_a, 0, 3)
    few = count()
    _make(shop_a, 3, 20)
    assert count() == few

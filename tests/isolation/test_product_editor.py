"""Shop B's admin cannot reach shop A's variants, stock, pictures or collections
through the product editor, the bulk editor or the picture upload."""

from __future__ import annotations

import contextlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from PIL import Image as PILImage
from wagtail.images import get_image_model

from catalog.models import Variant
from catalog.services import (
    collection_create,
    product_collections_set,
    product_create,
    variants_bulk_update,
)
from inventory.models import StockLevel
from inventory.services import stock_levels_set, stock_set
from tests.catalog.conftest import BETA, login


@pytest.fixture
def a_variant(shop_a, shop_b):
    """A variant of A with stock, and enough products in B that ids overlap."""
    with schema_context(shop_b.schema_name):
        product_create(title="Beta own", variants=[{"sku": "B-1", "price": 1}])
    with schema_context(shop_a.schema_name):
        product = product_create(title="Alpha lamp", variants=[{"sku": "A-1", "price": 5}])
        variant = product.variants.get()
        stock_set(variant=variant, on_hand=9)
        return variant


def test_b_bulk_editor_cannot_change_a_variant(a_variant, client):
    login(client, BETA, "owner-beta@example.com")
    pk = a_variant.pk
    data = {
        "row": [pk],
        f"price-{pk}": "0",
        f"was-price-{pk}": "5.00",
        f"on_hand-{pk}": "0",
        f"was-on_hand-{pk}": "9",
    }
    response = client.post("/admin/products/bulk-edit/", data, HTTP_HOST=BETA)
    assert "Alpha lamp" not in response.content.decode()
    page = client.get(f"/admin/products/bulk-edit/?id={a_variant.product_id}", HTTP_HOST=BETA)
    assert "Alpha lamp" not in page.content.decode()
    with schema_context("shop_alpha"):
        a_variant.refresh_from_db()
        assert a_variant.price == Decimal("5.00")
        assert StockLevel.objects.get(variant=a_variant).on_hand == 9


def test_services_in_b_never_touch_a(a_variant):
    with schema_context("shop_alpha"):
        a_collection = collection_create(title="Alpha only")
        a_collection_id = a_collection.pk
    with schema_context("shop_beta"):
        # A's ids mean B's own rows (if B has rows with those ids) or nothing.
        b_variant = Variant.objects.get(sku="B-1")
        for write in (
            lambda: variants_bulk_update(changes={a_variant.pk: {"price": "1"}}),
            lambda: stock_levels_set(counts=[(a_variant.pk, 1, 0)]),
            lambda: product_collections_set(
                product=b_variant.product, collections=[a_collection_id]
            ),
        ):
            with contextlib.suppress(ValidationError):
                write()
    with schema_context("shop_alpha"):
        a_variant.refresh_from_db()
        assert a_variant.price == Decimal("5.00")
        assert StockLevel.objects.get(variant=a_variant).on_hand == 9
        assert not a_collection.products.exists()


def test_pictures_uploaded_in_b_stay_in_b(shop_a, shop_b, client):
    login(client, BETA, "owner-beta@example.com")
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 20), "blue").save(buffer, "PNG")
    upload = SimpleUploadedFile("beta.png", buffer.getvalue(), content_type="image/png")
    response = client.post("/admin/products/images/upload/", {"file": upload}, HTTP_HOST=BETA)
    assert response.status_code == 200
    with schema_context(shop_b.schema_name):
        assert get_image_model().objects.filter(title="beta").exists()
    with schema_context(shop_a.schema_name):
        assert not get_image_model().objects.filter(title="beta").exists()

"""Catalog admin edits leave an entry in Wagtail's audit log, with who made them."""

from __future__ import annotations

from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from catalog.services import product_create
from tests.catalog.conftest import ALPHA
from tests.catalog_admin.conftest import editor_data

LIST = "/admin/catalog/products/"
OWNER = "owner-alpha@example.com"


def _products(shop, n):
    with schema_context(shop.schema_name):
        return [
            product_create(title=f"Lamp {i}", variants=[{"price": 10, "sku": f"AUD-{i}"}])
            for i in range(n)
        ]


def test_editing_a_price_in_the_admin_is_logged(shop_a, owner_client):
    (product,) = _products(shop_a, 1)
    url = f"{LIST}edit/{product.pk}/"
    data = editor_data(owner_client.get(url, HTTP_HOST=ALPHA).context["form"])
    data["variant-price"][0] = "4.50"
    assert owner_client.post(url, data, HTTP_HOST=ALPHA).status_code == 302
    with schema_context(shop_a.schema_name):
        # A new shop's own set-up (zones, menus) is in the log too: this product's edit.
        entry = ModelLogEntry.objects.get(
            action="wagtail.edit", content_type__model="product", object_id=str(product.pk)
        )
        assert entry.object_id == str(product.pk) and entry.user.email == OWNER


def test_bulk_publish_and_archive_are_logged_per_product(shop_a, owner_client):
    products = _products(shop_a, 3)
    ids = "&".join(f"id={p.pk}" for p in products[:2])
    owner_client.post(f"/admin/bulk/catalog/product/publish/?{ids}", HTTP_HOST=ALPHA)
    owner_client.post(f"/admin/bulk/catalog/product/archive/?id={products[0].pk}", HTTP_HOST=ALPHA)
    with schema_context(shop_a.schema_name):
        published = ModelLogEntry.objects.filter(action="catalog.product.publish")
        assert sorted(published.values_list("object_id", flat=True)) == sorted(
            str(p.pk) for p in products[:2]
        )
        assert {e.user.email for e in published} == {OWNER}
        archived = ModelLogEntry.objects.get(action="catalog.product.archive")
        assert archived.object_id == str(products[0].pk)
    history = owner_client.get("/admin/reports/site-history/", HTTP_HOST=ALPHA)
    assert history.status_code == 200 and "Published" in history.content.decode()

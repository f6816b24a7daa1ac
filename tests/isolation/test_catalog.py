"""Shop B can never see, open, search or change shop A's products."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from catalog.models import Product, Variant
from catalog.services import product_create, product_set_status
from tests.catalog.conftest import BETA, login


@pytest.fixture
def a_products(shop_a, shop_b):
    """Five products in A (so A's ids run past anything B has) and one in B."""
    with schema_context(shop_a.schema_name):
        products = [
            product_create(
                title=f"Alpha secret lamp {i}", variants=[{"sku": f"ALPHA-{i}", "price": 5}]
            )
            for i in range(5)
        ]
        product_set_status(products=products, status="active")
    with schema_context(shop_b.schema_name):
        product_create(title="Beta own", variants=[{"sku": "BETA-1", "price": 5}])
    return products


def test_orm_in_b_sees_nothing_of_a(a_products, shop_b):
    last = a_products[-1]
    with schema_context(shop_b.schema_name):
        assert not Product.objects.filter(pk=last.pk).exists()
        assert not Product.objects.search("alpha").exists()
        assert not Variant.objects.filter(sku="ALPHA-1").exists()
        assert Product.objects.filter(pk=last.pk).update(title="pwned") == 0
        # A's SKUs are free in B: uniqueness is per shop.
        product_create(title="Twin", variants=[{"sku": "ALPHA-1", "price": 1}])
    with schema_context("shop_alpha"):
        assert Product.objects.get(pk=last.pk).title == "Alpha secret lamp 4"


def test_b_admin_cannot_open_edit_or_search_a_products(a_products, client):
    login(client, BETA, "owner-beta@example.com")
    last = a_products[-1]
    url = f"/admin/catalog/products/edit/{last.pk}/"
    assert client.get(url, HTTP_HOST=BETA).status_code == 404
    assert client.post(url, {"title": "pwned"}, HTTP_HOST=BETA).status_code == 404
    search = client.get("/admin/catalog/products/?q=alpha", HTTP_HOST=BETA)
    assert search.status_code == 200
    assert "Alpha secret" not in search.content.decode()
    listing = client.get("/admin/catalog/products/", HTTP_HOST=BETA).content.decode()
    assert "Beta own" in listing and "Alpha secret" not in listing


@pytest.mark.parametrize("action", ["publish", "archive", "delete"])
def test_b_bulk_actions_cannot_reach_a_products(a_products, client, action):
    login(client, BETA, "owner-beta@example.com")
    last = a_products[-1]
    url = f"/admin/bulk/catalog/product/{action}/?id={last.pk}"
    assert client.get(url, HTTP_HOST=BETA).status_code == 404
    assert client.post(url, HTTP_HOST=BETA).status_code == 404
    with schema_context("shop_alpha"):
        assert Product.objects.get(pk=last.pk).status == "active"

"""The catalog in shop A's Wagtail admin, driven over HTTP as the shop's owner."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from catalog.models import Product
from catalog.services import product_create, product_set_status
from tests.catalog.conftest import ALPHA
from tests.catalog_admin.conftest import editor_data, product_post

LIST = "/admin/catalog/products/"


def _edit_url(product):
    return f"/admin/catalog/products/edit/{product.pk}/"


def _make(shop, n, *, title="Lamp", **kwargs):
    with schema_context(shop.schema_name):
        return [
            product_create(
                title=f"{title} {i}",
                options=[("Size", ["S", "M"])],
                variants=[
                    {"option1": "S", "price": 10, "sku": f"{title[0]}-{i}-S"},
                    {"option1": "M", "price": 12, "sku": f"{title[0]}-{i}-M"},
                ],
                **kwargs,
            )
            for i in range(n)
        ]


def _get_form(client, url):
    response = client.get(url, HTTP_HOST=ALPHA)
    assert response.status_code == 200
    return response.context["form"]


def test_listing_search_and_filters(shop_a, owner_client):
    _make(shop_a, 2, vendor="Acme")
    with schema_context(shop_a.schema_name):
        product_create(
            title="Velvet chair",
            vendor="Sitwell",
            status="active",
            variants=[{"sku": "CHAIR-9", "price": 99}],
        )
    page = owner_client.get(LIST, HTTP_HOST=ALPHA).content.decode()
    assert "Lamp 0" in page and "Velvet chair" in page
    found = owner_client.get(LIST + "?q=chai", HTTP_HOST=ALPHA).content.decode()
    assert "Velvet chair" in found and "Lamp 0" not in found
    by_sku = owner_client.get(LIST + "?q=CHAIR-9", HTTP_HOST=ALPHA).content.decode()
    assert "Velvet chair" in by_sku
    active = owner_client.get(LIST + "?status=active", HTTP_HOST=ALPHA).content.decode()
    assert "Velvet chair" in active and "Lamp 0" not in active
    acme = owner_client.get(LIST + "?vendor=Acme", HTTP_HOST=ALPHA).content.decode()
    assert "Lamp 1" in acme and "Velvet chair" not in acme


def test_listing_costs_the_same_queries_for_3_or_30_products(shop_a, owner_client):
    def count():
        owner_client.get(LIST, HTTP_HOST=ALPHA)  # warm caches (content types, site)
        with CaptureQueriesContext(connection) as ctx:
            response = owner_client.get(LIST, HTTP_HOST=ALPHA)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _make(shop_a, 3)
    few = count()
    _make(shop_a, 27, title="Vase")
    many = count()
    assert many == few, f"{few} queries for 3 products, {many} for 30"


def test_editing_a_variant_price_updates_the_price_range_and_search(shop_a, owner_client):
    (product,) = _make(shop_a, 1)
    data = editor_data(_get_form(owner_client, _edit_url(product)))
    data["variant-price"][0] = "4.50"
    data["variant-sku"][1] = "NEW-SKU-77"
    response = owner_client.post(_edit_url(product), data, HTTP_HOST=ALPHA)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        product.refresh_from_db()
        assert (product.min_price, product.max_price) == (Decimal("4.50"), Decimal("12.00"))
        assert list(Product.objects.search("NEW-SKU-77")) == [product]


def test_create_in_the_admin_generates_the_handle(shop_a, owner_client):
    (existing,) = _make(shop_a, 1, title="Desk")
    data = product_post(title=existing.title, rows=[{"key": [], "price": "3", "sku": "DESK-NEW"}])
    response = owner_client.post("/admin/catalog/products/add/", data, HTTP_HOST=ALPHA)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        created = Product.objects.get(variants__sku="DESK-NEW")
        assert created.handle == f"{existing.handle}-2"
        assert created.min_price == Decimal("3.00")
        assert created.published_at is not None


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({("sku", 1): "OTHER-S"}, "sku-1", "already used by another"),
        ({("sku", 0): "SAME", ("sku", 1): "SAME"}, "sku-1", "Another variant in this table"),
        ({("sku", 1): "L-0-S"}, "sku-1", "Another variant in this table"),
        ({("price", 0): "-1"}, "price-0", "An amount cannot be negative."),
        ({"handle": "Bad Handle!"}, "handle", "lowercase letters"),
        ({"handle": "other"}, "handle", "already used"),
        ({"option1_values": "S, , M"}, None, None),
    ],
)
def test_bad_edits_show_a_message_and_change_nothing(shop_a, owner_client, change, where, message):
    (product,) = _make(shop_a, 1)
    with schema_context(shop_a.schema_name):
        product_create(title="Other", variants=[{"sku": "OTHER-S", "price": 1}])
    data = editor_data(_get_form(owner_client, _edit_url(product)))
    data["title"] = "Renamed"
    for key, value in change.items():
        if isinstance(key, tuple):
            data[f"variant-{key[0]}"][key[1]] = value
        else:
            data[key] = value
    if where is None:  # an empty value between commas is simply skipped
        data["handle"] = "Bad Handle!"
        where, message = "handle", "lowercase letters"
    response = owner_client.post(_edit_url(product), data, HTTP_HOST=ALPHA)
    assert response.status_code == 200
    form = response.context["form"]
    if where in ("handle",):
        errors = form.errors.get(where, [])
    else:
        field, index = where.rsplit("-", 1)
        errors = [form.grid[int(index)].errors.get(field, "")]
    assert any(message in e for e in errors), errors
    with schema_context(shop_a.schema_name):
        product.refresh_from_db()
        assert product.title == "Lamp 0"
        assert sorted(product.variants.values_list("sku", flat=True)) == ["L-0-M", "L-0-S"]


def test_bulk_publish_asks_then_publishes(shop_a, owner_client):
    products = _make(shop_a, 3)
    ids = "&".join(f"id={p.pk}" for p in products[:2])
    url = f"/admin/bulk/catalog/product/publish/?{ids}&next={LIST}"
    confirm = owner_client.get(url, HTTP_HOST=ALPHA)
    assert confirm.status_code == 200
    assert "Lamp 0" in confirm.content.decode()
    with schema_context(shop_a.schema_name):
        assert not Product.objects.filter(status="active").exists()  # nothing yet
    response = owner_client.post(url, HTTP_HOST=ALPHA)
    assert response.status_code == 302
    with schema_context(shop_a.schema_name):
        assert set(Product.objects.filter(status="active").values_list("pk", flat=True)) == {
            p.pk for p in products[:2]
        }


def test_bulk_archive_and_delete(shop_a, owner_client):
    products = _make(shop_a, 3)
    with schema_context(shop_a.schema_name):
        product_set_status(products=products, status="active")
    ids = "&".join(f"id={p.pk}" for p in products[:2])
    owner_client.post(f"/admin/bulk/catalog/product/archive/?{ids}", HTTP_HOST=ALPHA)
    with schema_context(shop_a.schema_name):
        assert Product.objects.filter(status="archived").count() == 2
    delete_url = f"/admin/bulk/catalog/product/delete/?{ids}"
    confirm = owner_client.get(delete_url, HTTP_HOST=ALPHA)
    assert confirm.status_code == 200
    assert "Are you sure" in confirm.content.decode()
    owner_client.post(delete_url, HTTP_HOST=ALPHA)
    with schema_context(shop_a.schema_name):
        assert list(Product.objects.values_list("pk", flat=True)) == [products[2].pk]

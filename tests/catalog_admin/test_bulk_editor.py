"""The bulk editor (and Inventory page): many rows, one save, nothing silently lost."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from catalog.models import Product, Variant
from catalog.services import product_create
from inventory.models import StockLevel
from inventory.services import stock_reserve, stock_set
from tests.catalog_admin.conftest import ALPHA, bulk_form_data

BULK = "/admin/products/bulk-edit/"
INVENTORY = "/admin/inventory/"


def _products(shop, n_products, n_variants, *, prefix="P"):
    with schema_context(shop.schema_name):
        products = []
        for p in range(n_products):
            values = [f"v{i}" for i in range(n_variants)]
            product = product_create(
                title=f"{prefix} product {p}",
                status="draft",
                options=[("Size", values)],
                variants=[{"option1": v, "price": 10, "sku": f"{prefix}{p}-{v}"} for v in values],
            )
            for variant in product.variants.all():
                stock_set(variant=variant, on_hand=5)
            products.append(product)
        return products


def _ids(products) -> str:
    return "&".join(f"id={p.pk}" for p in products)


def test_fifty_variants_in_one_save(shop_a, owner_client):
    products = _products(shop_a, 5, 10)
    url = f"{BULK}?{_ids(products)}"
    page = owner_client.get(url, HTTP_HOST=ALPHA)
    assert page.status_code == 200 and len(page.context["rows"]) == 50
    data = bulk_form_data(page.context)
    for n, pk in enumerate(data["row"]):
        data[f"price-{pk}"] = f"{20 + n}.50"
        data[f"compare_at_price-{pk}"] = "99"
        data[f"on_hand-{pk}"] = str(n)
    data[f"status-{products[0].pk}"] = "active"
    response = owner_client.post(url, data, HTTP_HOST=ALPHA)
    assert response.status_code == 302
    with schema_context(shop_a.schema_name):
        variants = list(Variant.objects.filter(pk__in=data["row"]))
        assert {v.compare_at_price for v in variants} == {Decimal("99.00")}
        by_pk = {v.pk: v for v in variants}
        for n, pk in enumerate(data["row"]):
            assert by_pk[pk].price == Decimal(f"{20 + n}.50")
            assert StockLevel.objects.get(variant_id=pk).on_hand == n
        assert Product.objects.get(pk=products[0].pk).status == "active"
        assert Product.objects.get(pk=products[0].pk).min_price == Decimal("20.50")
        edits = ModelLogEntry.objects.filter(action="wagtail.edit", user__isnull=False)
        assert edits.count() == 5  # one entry per product, naming its variants
        assert ModelLogEntry.objects.filter(action="inventory.stock_set").count() >= 49


def test_one_bad_cell_keeps_every_typed_value_and_saves_nothing(shop_a, owner_client):
    products = _products(shop_a, 2, 3)
    url = f"{BULK}?{_ids(products)}"
    data = bulk_form_data(owner_client.get(url, HTTP_HOST=ALPHA).context)
    first, second, third = data["row"][:3]
    data[f"price-{first}"] = "11"
    data[f"on_hand-{second}"] = "8"
    data[f"price-{third}"] = "-4"
    response = owner_client.post(url, data, HTTP_HOST=ALPHA)
    assert response.status_code == 200
    rows = {row.variant.pk: row for row in response.context["rows"]}
    assert rows[third].errors["price"] == "An amount cannot be negative."
    assert rows[first].cells["price"] == "11" and rows[second].cells["on_hand"] == "8"
    page = response.content.decode()
    assert f'name="price-{first}" value="11"' in page
    assert f'name="on_hand-{second}" value="8"' in page
    with schema_context(shop_a.schema_name):
        assert Variant.objects.get(pk=first).price == Decimal("10.00")
        assert StockLevel.objects.get(variant_id=second).on_hand == 5


def test_stock_held_by_a_checkout_is_refused_on_its_cell_and_rolls_back(shop_a, owner_client):
    (product,) = _products(shop_a, 1, 2)
    with schema_context(shop_a.schema_name):
        held = product.variants.first()
        stock_reserve(token="cart-1", lines=[(held, 4)])
    url = f"{BULK}?id={product.pk}"
    data = bulk_form_data(owner_client.get(url, HTTP_HOST=ALPHA).context)
    other = next(pk for pk in data["row"] if pk != held.pk)
    data[f"on_hand-{held.pk}"] = "1"
    data[f"price-{other}"] = "30"
    response = owner_client.post(url, data, HTTP_HOST=ALPHA)
    assert response.status_code == 200
    rows = {row.variant.pk: row for row in response.context["rows"]}
    assert "held by checkouts" in rows[held.pk].errors["on_hand"]
    with schema_context(shop_a.schema_name):
        assert Variant.objects.get(pk=other).price == Decimal("10.00")


def test_untouched_cells_do_not_overwrite_a_sale_made_meanwhile(shop_a, owner_client):
    (product,) = _products(shop_a, 1, 2)
    url = f"{BULK}?id={product.pk}"
    data = bulk_form_data(owner_client.get(url, HTTP_HOST=ALPHA).context)
    sold, typed = data["row"]
    with schema_context(shop_a.schema_name):  # a checkout sells 2 while the page is open
        stock_set(variant=Variant.objects.get(pk=sold), on_hand=3)
    data[f"on_hand-{typed}"] = "9"
    assert owner_client.post(url, data, HTTP_HOST=ALPHA).status_code == 302
    with schema_context(shop_a.schema_name):
        assert StockLevel.objects.get(variant_id=sold).on_hand == 3
        assert StockLevel.objects.get(variant_id=typed).on_hand == 9


def test_inventory_page_is_one_form_for_all_rows(shop_a, owner_client):
    _products(shop_a, 2, 2)
    page = owner_client.get(INVENTORY, HTTP_HOST=ALPHA)
    html = page.content.decode()
    assert html.count('<form method="post"') == 1
    data = bulk_form_data(page.context)
    for pk in data["row"]:
        data[f"on_hand-{pk}"] = "12"
    assert owner_client.post(INVENTORY, data, HTTP_HOST=ALPHA).status_code == 302
    with schema_context(shop_a.schema_name):
        assert set(StockLevel.objects.values_list("on_hand", flat=True)) == {12}


def test_edit_variants_bulk_action_opens_the_editor(shop_a, owner_client):
    products = _products(shop_a, 2, 1)
    response = owner_client.get(
        f"/admin/bulk/catalog/product/edit-variants/?{_ids(products)}", HTTP_HOST=ALPHA
    )
    assert response.status_code == 302
    assert response["Location"] == f"{BULK}?{_ids(products)}"


def _queries(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        if method == "get":
            response = client.get(url, HTTP_HOST=ALPHA)
            assert response.status_code == 200
        else:
            response = client.post(url, data, HTTP_HOST=ALPHA)
            assert response.status_code == 302
    return len(ctx.captured_queries)


def test_bulk_editor_queries_do_not_grow_with_rows(shop_a, owner_client):
    few = _products(shop_a, 2, 2, prefix="F")
    many = _products(shop_a, 2, 25, prefix="M")
    few_url, many_url = f"{BULK}?{_ids(few)}", f"{BULK}?{_ids(many)}"
    _queries(owner_client, "get", few_url)  # warm the per-shop caches
    assert _queries(owner_client, "get", few_url) == _queries(owner_client, "get", many_url)

    def changed(url):
        data = bulk_form_data(owner_client.get(url, HTTP_HOST=ALPHA).context)
        for pk in data["row"]:
            data[f"price-{pk}"] = "42"
            data[f"on_hand-{pk}"] = "17"
        return data

    few_data, many_data = changed(few_url), changed(many_url)
    assert _queries(owner_client, "post", few_url, few_data) == _queries(
        owner_client, "post", many_url, many_data
    )

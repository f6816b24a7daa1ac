"""Products through the Admin API: the product editor's rules, the app in the audit trail."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from billing.models import Plan
from billing.seed import plans_seed
from billing.trials import subscription_trial_start
from catalog.models import Product
from catalog.services import product_create
from tests.api.conftest import ApiClient, make_app

TEN_VARIANTS = {
    "product": {
        "title": "Linen shirt",
        "body_html": "<p>Cool</p>",
        "vendor": "Acme",
        "status": "active",
        "tags": "summer, linen",
        "options": [
            {"name": "Size", "values": ["XS", "S", "M", "L", "XL"]},
            {"name": "Colour", "values": ["White", "Blue"]},
        ],
        "variants": [
            {"option1": size, "option2": colour, "price": "29.90", "sku": f"LS-{size}-{colour}"}
            for size in ("XS", "S", "M", "L", "XL")
            for colour in ("White", "Blue")
        ],
    }
}


def test_create_with_ten_variants_names_the_app_in_the_audit_trail(shop_a, api):
    response = api.post("products.json", TEN_VARIANTS)
    assert response.status_code == 201, response.content
    product = response.json()["product"]
    assert len(product["variants"]) == 10
    assert product["variants"][0]["price"] == "29.90"
    assert product["variants"][0]["currency"] == "USD"
    assert product["options"][0] == {
        "name": "Size",
        "position": 1,
        "values": ["XS", "S", "M", "L", "XL"],
    }
    assert product["tags"] == "linen, summer" or product["tags"] == "summer, linen"
    assert response["Location"].endswith(f"/products/{product['id']}.json")
    with schema_context(shop_a.schema_name):
        entry = ModelLogEntry.objects.get(
            action="wagtail.create",
            object_id=str(product["id"]),
            content_type=ContentType.objects.get_for_model(Product),
        )
        assert entry.user.get_full_name() == "Acme ERP (app)"
        assert Product.objects.get(pk=product["id"]).min_price == Decimal("29.90")


def test_duplicate_sku_is_a_field_error_and_writes_nothing(shop_a, api):
    api.post("products.json", TEN_VARIANTS)
    body = {"product": {"title": "Other", "variants": [{"sku": "LS-XS-White", "price": "1"}]}}
    response = api.post("products.json", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "sku"
    with schema_context(shop_a.schema_name):
        assert not Product.objects.filter(title="Other").exists()


def test_plan_limit_is_named(shop_a, api):
    plans_seed()  # a transactional test before this one may have flushed them
    Plan.objects.filter(code="starter").update(max_products=1)
    subscription_trial_start(shop=shop_a)
    assert api.post("products.json", {"product": {"title": "One"}}).status_code == 201
    response = api.post("products.json", {"product": {"title": "Two"}})
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "urn:souk:problem:plan-limit"
    assert body["limit"] == {"resource": "products", "limit": 1, "plan": "Starter"}


def test_app_limit_of_the_plan(shop_a):
    plans_seed()
    Plan.objects.filter(code="starter").update(max_apps=1)
    subscription_trial_start(shop=shop_a)
    make_app(shop_a)
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="allows 1 apps"):
        make_app(shop_a, name="Second")


def test_update_changes_one_variant_price_and_keeps_the_rest(shop_a, api):
    product = api.post("products.json", TEN_VARIANTS).json()["product"]
    first = product["variants"][0]
    body = {
        "product": {
            "variants": [
                {"id": v["id"], "price": "35.00"} if v["id"] == first["id"] else {"id": v["id"]}
                for v in product["variants"]
            ]
        }
    }
    response = api.put(f"products/{product['id']}.json", body)
    assert response.status_code == 200, response.content
    variants = response.json()["product"]["variants"]
    assert [v["price"] for v in variants][:2] == ["35.00", "29.90"]
    assert variants[1]["sku"] == product["variants"][1]["sku"]


def test_delete(shop_a, api):
    product = api.post("products.json", {"product": {"title": "Gone"}}).json()["product"]
    assert api.delete(f"products/{product['id']}.json").status_code == 200
    assert api.get(f"products/{product['id']}.json").status_code == 404


def _seed(shop, n):
    with schema_context(shop.schema_name):
        for i in range(n):
            product_create(
                title=f"P{i}",
                options=[("Size", ["S", "M"])],
                variants=[{"option1": "S", "price": "1"}, {"option1": "M", "price": "2"}],
            )


def test_pagination_walks_forward_and_back_with_link_headers(shop_a, api):
    _seed(shop_a, 7)
    first = api.get("products.json", {"limit": 3})
    assert [p["title"] for p in first.json()["products"]] == ["P0", "P1", "P2"]
    assert first.json()["previous"] is None
    assert 'rel="next"' in first["Link"]
    second = api.client.get(first.json()["next"], HTTP_AUTHORIZATION=f"Bearer {api.token}")
    assert [p["title"] for p in second.json()["products"]] == ["P3", "P4", "P5"]
    assert 'rel="previous"' in second["Link"] and 'rel="next"' in second["Link"]
    third = api.client.get(second.json()["next"], HTTP_AUTHORIZATION=f"Bearer {api.token}")
    assert [p["title"] for p in third.json()["products"]] == ["P6"]
    assert third.json()["next"] is None
    back = api.client.get(third.json()["previous"], HTTP_AUTHORIZATION=f"Bearer {api.token}")
    assert [p["title"] for p in back.json()["products"]] == ["P3", "P4", "P5"]


def test_updated_at_min_and_filters(shop_a, api):
    _seed(shop_a, 3)
    assert len(api.get("products.json", {"title": "P1"}).json()["products"]) == 1
    assert (
        api.get("products.json", {"updated_at_min": "2999-01-01T00:00:00Z"}).json()["products"]
        == []
    )
    assert api.get("products/count.json").json() == {"count": 3}


def test_list_costs_the_same_queries_for_5_and_60_products(
    shop_a, api, django_assert_max_num_queries
):
    _seed(shop_a, 5)
    api.get("products.json")  # warm: last-used stamp, plan and currency caches
    import django.db
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(django.db.connection) as small:
        assert len(api.get("products.json").json()["products"]) == 5
    _seed(shop_a, 55)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(api.get("products.json", {"limit": 250}).json()["products"]) == 60


def test_cross_shop_ids_are_not_found(shop_a, shop_b):
    _seed(shop_b, 1)
    with schema_context(shop_b.schema_name):
        pk = Product.objects.get().pk
    _app, token = make_app(shop_a)
    assert ApiClient(shop_a, token).get(f"products/{pk}.json").status_code == 404

"""Collections and stock through the Admin API: the services' rules hold."""

from __future__ import annotations

from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from catalog.services import product_create
from inventory.models import StockLevel
from inventory.services import stock_reserve, stock_set


def _product(shop):
    with schema_context(shop.schema_name):
        return product_create(title="Lamp", variants=[{"price": "5", "sku": "LAMP"}])


def test_manual_and_automatic_collections(shop_a, api):
    product = _product(shop_a)
    manual = api.post(
        "collections.json", {"collection": {"title": "Picks", "product_ids": [product.pk]}}
    )
    assert manual.status_code == 201, manual.content
    assert manual.json()["collection"]["product_ids"] == [product.pk]
    smart = api.post(
        "collections.json",
        {
            "collection": {
                "title": "Cheap",
                "collection_type": "automatic",
                "rules": [{"column": "price", "relation": "less_than", "condition": "10"}],
            }
        },
    )
    assert smart.status_code == 201, smart.content
    assert smart.json()["collection"]["product_ids"] is None
    bad = api.post(
        "collections.json",
        {
            "collection": {
                "title": "Bad",
                "collection_type": "automatic",
                "rules": [{"column": "colour", "relation": "equals", "condition": "x"}],
            }
        },
    )
    assert bad.status_code == 422
    listed = api.get("collections.json").json()["collections"]
    assert [c["title"] for c in listed] == ["Picks", "Cheap"]
    cid = manual.json()["collection"]["id"]
    changed = api.put(f"collections/{cid}.json", {"collection": {"title": "Our picks"}})
    assert changed.json()["collection"]["title"] == "Our picks"
    assert api.delete(f"collections/{cid}.json").status_code == 200


def test_stock_set_and_adjust_never_below_reserved(shop_a, api):
    product = _product(shop_a)
    variant = product.variants.get() if False else None
    with schema_context(shop_a.schema_name):
        variant = product.variants.get()
        stock_set(variant=variant, on_hand=5)
        stock_reserve(token="cart-1", lines=[(variant, 3)])
    response = api.post(
        "inventory_levels/set.json", {"inventory_item_id": variant.pk, "on_hand": 2}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "on_hand"
    response = api.post(
        "inventory_levels/adjust.json",
        {"inventory_item_id": variant.pk, "available_adjustment": -3},
    )
    assert response.status_code == 422
    response = api.post(
        "inventory_levels/set.json", {"inventory_item_id": variant.pk, "on_hand": 9}
    )
    assert response.status_code == 200, response.content
    assert response.json()["inventory_level"] | {"updated_at": None} == {
        "inventory_item_id": variant.pk,
        "location_id": response.json()["inventory_level"]["location_id"],
        "on_hand": 9,
        "reserved": 3,
        "available": 6,
        "updated_at": None,
    }
    response = api.post(
        "inventory_levels/adjust.json",
        {"inventory_item_id": variant.pk, "available_adjustment": 4, "reason": "received"},
    )
    assert response.json()["inventory_level"]["on_hand"] == 13
    levels = api.get("inventory_levels.json", {"inventory_item_ids": str(variant.pk)}).json()
    assert [x["on_hand"] for x in levels["inventory_levels"]] == [13]
    with schema_context(shop_a.schema_name):
        assert StockLevel.objects.get(variant=variant).on_hand == 13
        assert ModelLogEntry.objects.filter(user__last_name="(app)").exists()
    assert api.get("locations.json").json()["locations"][0]["is_default"] is True

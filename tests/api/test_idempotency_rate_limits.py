"""Idempotency keys (a retried POST never doubles) and the leaky bucket per token."""

from __future__ import annotations

from decimal import Decimal

from django.test import override_settings
from django_tenants.utils import schema_context

from catalog.models import Product
from orders.models import Refund
from tests.api.conftest import ApiClient, make_app
from tests.orders.conftest import paid_order, variant_with_stock


def test_same_key_same_body_replays_the_first_response(shop_a, api):
    body = {"product": {"title": "Once"}}
    first = api.post("products.json", body, headers={"Idempotency-Key": "k-1"})
    again = api.post("products.json", body, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert again["Location"] == first["Location"]
    with schema_context(shop_a.schema_name):
        assert Product.objects.filter(title="Once").count() == 1


def test_same_key_different_body_is_422(shop_a, api):
    api.post("products.json", {"product": {"title": "A"}}, headers={"Idempotency-Key": "k-2"})
    response = api.post(
        "products.json", {"product": {"title": "B"}}, headers={"Idempotency-Key": "k-2"}
    )
    assert response.status_code == 422
    assert response.json()["type"] == "urn:souk:problem:idempotency-key-reused"
    with schema_context(shop_a.schema_name):
        assert not Product.objects.filter(title="B").exists()


def test_keys_are_per_app(shop_a, api):
    _app, other = make_app(shop_a, name="Other")
    body = {"product": {"title": "Twice"}}
    api.post("products.json", body, headers={"Idempotency-Key": "shared"})
    ApiClient(shop_a, other).post("products.json", body, headers={"Idempotency-Key": "shared"})
    with schema_context(shop_a.schema_name):
        assert Product.objects.filter(title="Twice").count() == 2


def test_a_retried_refund_is_made_once(shop_a, api):
    with schema_context(shop_a.schema_name):
        variant = variant_with_stock(sku="SHIRT", on_hand=10)
        order = paid_order(lines=[(variant, 2, Decimal("10.00"))])
    for _ in range(3):
        response = api.post(
            f"orders/{order.pk}/refunds.json", {"amount": "3.00"}, headers={"Idempotency-Key": "r"}
        )
        assert response.status_code == 200
    with schema_context(shop_a.schema_name):
        assert Refund.objects.filter(order_id=order.pk).count() == 1


def test_a_refused_request_is_replayed_refused(shop_a, api):
    body = {"product": {"title": ""}}
    first = api.post("products.json", body, headers={"Idempotency-Key": "bad"})
    again = api.post("products.json", body, headers={"Idempotency-Key": "bad"})
    assert first.status_code == again.status_code == 422


# A drain slow enough that no bucket empties between two requests, however slow the
# machine; the shop has no plan, so the default rate applies.
SLOW = {"API_RATE_LIMIT_BURST": 3, "API_RATE_LIMIT_DEFAULT_RATE": 0.001}


def test_leaky_bucket_refuses_with_retry_after(shop_a, api, redis_url):
    with override_settings(API_RATE_LIMIT_REDIS_URL=redis_url, **SLOW):
        responses = [api.get("shop.json") for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert responses[0]["X-RateLimit-Limit"] == "3"
    assert int(responses[0]["X-RateLimit-Remaining"]) == 2
    assert responses[3]["Content-Type"] == "application/problem+json"
    assert int(responses[3]["Retry-After"]) >= 1
    # A wrong offset or a time out of range is bad input, not a server error.
    response = api.get("products.json", {"updated_at_min": "0261-06-08T23:41:57-23:59"})
    assert response.status_code in (200, 422)
    # Each token has its own bucket.
    _app, other = make_app(shop_a, name="Other")
    with override_settings(API_RATE_LIMIT_REDIS_URL=redis_url, **SLOW):
        assert ApiClient(shop_a, other).get("shop.json").status_code == 200


def test_keys_are_forgotten_after_24_hours(shop_a, api):
    from datetime import timedelta

    from django.utils import timezone

    from api.idempotency import idempotency_keys_purge
    from api.models import IdempotencyKey

    api.post("products.json", {"product": {"title": "Old"}}, headers={"Idempotency-Key": "old"})
    with schema_context(shop_a.schema_name):
        assert idempotency_keys_purge() == 0
        assert idempotency_keys_purge(now=timezone.now() + timedelta(hours=25)) == 1
        assert not IdempotencyKey.objects.exists()

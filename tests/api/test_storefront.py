"""Storefront API: a public token reads what the storefront shows; CORS for its origins."""

from __future__ import annotations

from django.test import Client
from django_tenants.utils import schema_context

from api.services import storefront_token_create, storefront_token_revoke
from catalog.services import product_create
from tests.conftest import host

SF = "/api/storefront/2026-12/"


def _token(shop, origins=("https://headless.example",)):
    with schema_context(shop.schema_name):
        return storefront_token_create(name="Headless", allowed_origins=origins)


def test_reads_only_active_products_with_the_token(shop_a, shop_b):
    token = _token(shop_a)
    with schema_context(shop_a.schema_name):
        product_create(title="Shown", status="active", variants=[{"price": "3"}])
        product_create(title="Draft", variants=[{"price": "3"}])
    client = Client(HTTP_HOST=host(shop_a))
    assert client.get(SF + "products.json").status_code == 401
    headers = {"HTTP_X_SOUK_STOREFRONT_ACCESS_TOKEN": token.token}
    response = client.get(SF + "products.json", **headers)
    assert response.status_code == 200
    assert [p["title"] for p in response.json()["products"]] == ["Shown"]
    assert client.get(SF + "products/shown.json", **headers).status_code == 200
    assert client.get(SF + "shop.json", **headers).json()["name"] == "Alpha Goods"
    # Another shop's token is nothing here; a revoked one neither.
    other = _token(shop_b)
    assert (
        client.get(
            SF + "products.json", HTTP_X_SOUK_STOREFRONT_ACCESS_TOKEN=other.token
        ).status_code
        == 401
    )
    with schema_context(shop_a.schema_name):
        storefront_token_revoke(token=token)
    assert client.get(SF + "products.json", **headers).status_code == 401


def test_cors_for_the_tokens_origins_only(shop_a):
    token = _token(shop_a)
    client = Client(HTTP_HOST=host(shop_a))
    preflight = client.options(SF + "products.json", HTTP_ORIGIN="https://headless.example")
    assert preflight["Access-Control-Allow-Origin"] == "https://headless.example"
    assert "X-Souk-Storefront-Access-Token" in preflight["Access-Control-Allow-Headers"]
    stranger = client.options(SF + "products.json", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in stranger
    response = client.get(
        SF + "shop.json",
        HTTP_ORIGIN="https://headless.example",
        HTTP_X_SOUK_STOREFRONT_ACCESS_TOKEN=token.token,
    )
    assert response["Access-Control-Allow-Origin"] == "https://headless.example"

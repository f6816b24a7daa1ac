"""Tokens, scopes, versions and shops: every Admin API endpoint, from its OpenAPI entry.

For each operation the document lists (with its ``x-souk-scope``): no token → 401, a
token of another shop → 401, a token without the scope → 403, a token with only that
scope → past authentication (whatever the request then makes of the empty body).
"""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context

from api.admin_api.api import admin_api
from api.models import App
from api.services import app_token_revoke, app_token_rotate
from tests.api.conftest import ApiClient, make_app

OPERATIONS = [
    (method.upper(), path, op["x-souk-scope"])
    for path, ops in admin_api.get_openapi_schema(path_prefix="")["paths"].items()
    for method, op in ops.items()
]


def _call(client: ApiClient, method: str, path: str):
    url = re.sub(r"\{[^}]+\}", "1", path)
    return {
        "GET": client.get,
        "POST": client.post,
        "PUT": client.put,
        "DELETE": client.delete,
    }[method](url)


def test_every_operation_declares_a_scope():
    assert len(OPERATIONS) >= 10
    assert all(scope for _m, _p, scope in OPERATIONS)


def test_every_operation_refuses_a_missing_token_a_foreign_token_and_a_missing_scope(
    shop_a, shop_b
):
    _app, foreign = make_app(shop_b)
    _app, unrelated = make_app(shop_a, scopes=["read_webhooks"], name="Hooks only")
    anonymous, other_shop, no_scope = (
        ApiClient(shop_a, None),
        ApiClient(shop_a, foreign),
        ApiClient(shop_a, unrelated),
    )
    for method, path, _scope in OPERATIONS:
        assert _call(anonymous, method, path).status_code == 401, (method, path)
        assert _call(other_shop, method, path).status_code == 401, (method, path)
        response = _call(no_scope, method, path)
        assert response.status_code == 403, (method, path)
        assert response.json()["type"] == "urn:souk:problem:scope-missing"


@pytest.mark.parametrize(("method", "path", "scope"), OPERATIONS)
def test_each_operation_is_allowed_with_its_own_scope(shop_a, method, path, scope):
    _app, token = make_app(shop_a, scopes=[scope], name=f"Only {scope}")
    response = _call(ApiClient(shop_a, token), method, path)
    assert response.status_code not in (401, 403, 500), response.content


def test_write_scope_implies_read(shop_a):
    _app, token = make_app(shop_a, scopes=["write_products"])
    assert ApiClient(shop_a, token).get("products.json").status_code == 200


def test_token_is_stored_hashed_with_a_recognisable_prefix(shop_a, full_app):
    app, token = full_app
    assert token.startswith("souk_at_") and len(token) > 40
    with schema_context(shop_a.schema_name):
        row = App.objects.get(pk=app.pk)
    assert token not in (row.token_digest, row.token_prefix)
    assert token.startswith(row.token_prefix)
    assert row.token_last_used_at is None
    ApiClient(shop_a, token).get("products.json")
    with schema_context(shop_a.schema_name):
        assert App.objects.get(pk=app.pk).token_last_used_at is not None


def test_rotate_and_revoke(shop_a, full_app):
    app, old = full_app
    with schema_context(shop_a.schema_name):
        new = app_token_rotate(app=app)
    assert ApiClient(shop_a, old).get("products.json").status_code == 401
    assert ApiClient(shop_a, new).get("products.json").status_code == 200
    with schema_context(shop_a.schema_name):
        app_token_revoke(app=App.objects.get(pk=app.pk))
    response = ApiClient(shop_a, new).get("products.json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_shopify_style_access_token_header_is_accepted(shop_a, full_app):
    client = ApiClient(shop_a, None)
    response = client.get("products.json", headers={"X-Souk-Access-Token": full_app[1]})
    assert response.status_code == 200


def test_version_header_and_unknown_version(api):
    response = api.get("products.json")
    assert response["X-Souk-Api-Version"] == "2026-12"
    response = api.get("/api/admin/2025-01/products.json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["supported_versions"] == ["2026-12"]
    response = api.get("/api/storefront/1999-01/products.json")
    assert response.status_code == 404
    assert response.json()["type"] == "urn:souk:problem:unknown-version"


def test_bad_input_is_a_problem_naming_the_field(api):
    response = api.get("products.json", {"limit": 251})
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "urn:souk:problem:validation"
    assert body["errors"][0]["field"] == "limit"
    response = api.get("products.json", {"page_info": "garbage!"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page_info"
    response = api.client.post(
        api.url("products.json"),
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.token}",
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_nul_characters_are_bad_input_not_a_server_error(api):
    response = api.post("customers.json", {"customer": {"email": "a\x00@example.com"}})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert api.get("products.json", {"title": "x\x00"}).status_code == 422

"""API fixtures: a shop with an app token, and a client that sends it to the shop's host."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from api.scopes import SCOPES
from api.services import app_create
from tests.conftest import host

V = "2026-12"


class ApiClient:
    """Requests to one shop's Admin API with one token (JSON in, JSON out)."""

    def __init__(self, shop, token: str | None):
        self.client = Client(HTTP_HOST=host(shop))
        self.token = token

    def _headers(self, headers):
        out = {}
        if self.token:
            out["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        for k, v in (headers or {}).items():
            out["HTTP_" + k.upper().replace("-", "_")] = v
        return out

    def url(self, path: str) -> str:
        return path if path.startswith("/api/") else f"/api/admin/{V}/{path.lstrip('/')}"

    def get(self, path, params=None, headers=None):
        return self.client.get(self.url(path), params or {}, **self._headers(headers))

    def post(self, path, body=None, headers=None):
        return self.client.post(
            self.url(path),
            json.dumps(body or {}),
            content_type="application/json",
            **self._headers(headers),
        )

    def put(self, path, body=None, headers=None):
        return self.client.put(
            self.url(path),
            json.dumps(body or {}),
            content_type="application/json",
            **self._headers(headers),
        )

    def delete(self, path, headers=None):
        return self.client.delete(self.url(path), **self._headers(headers))


def make_app(shop, scopes=SCOPES, name="Acme ERP"):
    with schema_context(shop.schema_name):
        return app_create(name=name, scopes=scopes)


@pytest.fixture
def full_app(shop_a):
    return make_app(shop_a)


@pytest.fixture
def api(shop_a, full_app):
    return ApiClient(shop_a, full_app[1])

"""Demo data fixtures: shop A's schema for the generators, its host for page reads."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

HOST_A = "alpha.souk.test"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Form throttles and catalogue versions live in the cache, which outlives a
    rolled-back test."""
    from django.core.cache import caches

    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def alpha(shop_a):
    """Run the test body inside shop A's schema."""
    with schema_context(shop_a.schema_name):
        yield shop_a


@pytest.fixture
def in_a(shop_a):
    return lambda: schema_context(shop_a.schema_name)


@pytest.fixture
def get(client, shop_a):
    """GET on shop A's host."""
    return lambda url, **params: client.get(url, params, HTTP_HOST=HOST_A)

"""Notifications fixtures: shop A's schema and the orders tests' order helpers."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tests.orders.conftest import ALPHA, BETA, login, paid_order, place  # noqa: F401


@pytest.fixture
def alpha(shop_a):
    with schema_context(shop_a.schema_name):
        yield shop_a


@pytest.fixture
def owner_client(client, shop_a):
    return login(client, ALPHA, "owner-alpha@example.com")

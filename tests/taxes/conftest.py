"""Tax fixtures: shop A's schema and its logged-in owner."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tests.catalog.conftest import ALPHA, login


@pytest.fixture
def alpha(shop_a):
    with schema_context(shop_a.schema_name):
        yield shop_a


@pytest.fixture
def owner_client(client, shop_a):
    return login(client, ALPHA, "owner-alpha@example.com")

"""Cart tests run inside shop A's schema."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context


@pytest.fixture
def shop(shop_a):
    with schema_context(shop_a.schema_name):
        yield shop_a

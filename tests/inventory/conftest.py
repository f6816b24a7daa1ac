"""Inventory tests run inside shop A's schema."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tests.inventory.factories import create_variant


@pytest.fixture
def shop(shop_a):
    """Shop A, with the connection in its schema for the whole test."""
    with schema_context(shop_a.schema_name):
        yield shop_a


@pytest.fixture
def make_variant(shop):
    return create_variant

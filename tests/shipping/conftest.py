"""Shipping fixtures: shop A's schema and its logged-in owner."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from shipping.models import ShippingZone
from shipping.services import shipping_zone_delete
from tests.catalog.conftest import ALPHA, login


@pytest.fixture
def alpha(shop_a):
    """Shop A's schema, without the two zones every shop starts with (a domestic one
    and the rest of world: tests/shipping/test_defaults.py): these tests build their own."""
    with schema_context(shop_a.schema_name):
        for zone in ShippingZone.objects.all():
            shipping_zone_delete(zone=zone)
        yield shop_a


@pytest.fixture
def owner_client(client, shop_a):
    return login(client, ALPHA, "owner-alpha@example.com")

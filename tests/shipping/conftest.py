"""Shipping fixtures: shop A's schema and its logged-in owner (``tests.support.admin_forms``)."""

import pytest
from django_tenants.utils import schema_context

from shipping.models import ShippingZone
from shipping.services import shipping_zone_delete
from tests.support.admin_forms import owner_client  # noqa: F401  (fixture)


@pytest.fixture
def alpha(shop_a):
    """Shop A's schema, without the two zones every shop starts with (a domestic one
    and the rest of world: tests/shops/test_ready_to_sell.py): these tests build their own."""
    with schema_context(shop_a.schema_name):
        for zone in ShippingZone.objects.all():
            shipping_zone_delete(zone=zone)
        yield shop_a

"""Discount fixtures: shop A's schema, a small catalog, cart lines."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from catalog.services import collection_create, collection_set_products, product_create
from discounts.types import DiscountLine
from tests.catalog.conftest import ALPHA, login


@pytest.fixture
def alpha(shop_a):
    with schema_context(shop_a.schema_name):
        yield shop_a


def line(variant_id: int, product_id: int, quantity: int, unit_price) -> DiscountLine:
    return DiscountLine(
        variant_id=variant_id,
        product_id=product_id,
        quantity=quantity,
        unit_price=Decimal(str(unit_price)),
    )


@pytest.fixture
def catalog(alpha):
    """A shirt (in the manual collection "Sale"), a mug, and a hat tagged summer."""
    shirt = product_create(title="Shirt", status="active", variants=[{"price": "30.00"}])
    mug = product_create(title="Mug", status="active", variants=[{"price": "10.00"}])
    hat = product_create(
        title="Hat", status="active", tags=["summer"], variants=[{"price": "20.00"}]
    )
    sale = collection_create(title="Sale")
    collection_set_products(collection=sale, products=[shirt])
    summer = collection_create(
        title="Summer", kind="automatic", rules=[("tag", "equals", "summer")]
    )

    def variant(product):
        return product.variants.get()

    return {
        "shirt": line(variant(shirt).pk, shirt.pk, 1, "30.00"),
        "mug": line(variant(mug).pk, mug.pk, 2, "10.00"),
        "hat": line(variant(hat).pk, hat.pk, 1, "20.00"),
        "sale": sale,
        "summer": summer,
    }


@pytest.fixture
def owner_client(client, shop_a):
    """Shop A's owner, logged in to A's admin."""
    return login(client, ALPHA, "owner-alpha@example.com")

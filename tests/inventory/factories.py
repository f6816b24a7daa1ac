"""Stock test data, made straight through the ORM in the current schema.

Variants come from the catalog's models directly (not catalog factories or services)
so these tests depend only on ``catalog.Variant``'s foreign key and policy field.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import factory

from inventory.models import Location

_handles = itertools.count(1)


def create_variant(*, title: str = "Linen shirt", sku: str = "", policy: str = "deny"):
    """A product with one variant."""
    from catalog.models import Product, Variant

    n = next(_handles)
    product = Product.objects.create(title=title, handle=f"product-{n}", status="active")
    return Variant.objects.create(
        product=product, price=Decimal("25.00"), sku=sku, inventory_policy=policy
    )


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Store {n}")
    city = "Lisbon"
    country = "PT"

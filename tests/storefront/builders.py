"""Catalog rows for storefront tests, made directly with the ORM.

Call these inside ``schema_context(shop.schema_name)``. Prices are given per variant;
the product's denormalised ``min_price``/``max_price``, ``option_values`` and
``in_stock`` are set from them, and an active product gets ``published_at``, as
``catalog.services`` would.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from django.contrib.postgres.search import SearchVector
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from catalog.models import (
    Collection,
    CollectionProduct,
    CollectionRule,
    Product,
    ProductImage,
    Variant,
)
from catalog.services import product_stock_refresh
from inventory.models import StockLevel
from inventory.services import location_default

_n = itertools.count(1)
# Units per variant when a spec gives no ``stock``. None (no stock row: a "deny"
# variant is then sold out) keeps what other apps' tests built on; the storefront's
# own tests set 5 (tests/storefront/conftest.py), so "in stock only" keeps them.
DEFAULT_STOCK: int | None = None


def product(
    title: str = "",
    *,
    handle: str = "",
    status: str = "active",
    variants: list[dict] | None = None,
    option_names: tuple[str, ...] = (),
    **fields,
) -> Product:
    """A product and its variants (``[{"price": "10", "option1": "S", ...}]``).

    Each variant gets ``stock`` units (default ``DEFAULT_STOCK``; ``None``: no stock
    row) at the default location, and the product's ``in_stock`` is set from them.
    """
    n = next(_n)
    variants = variants if variants is not None else [{"price": "10.00"}]
    prices = [Decimal(str(v["price"])) for v in variants]
    names = dict(zip(("option1_name", "option2_name", "option3_name"), option_names, strict=False))
    options = {v.get(f"option{i}") for v in variants for i in (1, 2, 3)} - {None, ""}
    if status == "active":
        fields.setdefault("published_at", timezone.now())
    made = Product.objects.create(
        title=title or f"Product {n}",
        handle=handle or f"product-{n}",
        status=status,
        min_price=min(prices) if prices else None,
        max_price=max(prices) if prices else None,
        option_values=sorted(options),
        **names,
        **fields,
    )
    location = None
    for position, spec in enumerate(variants):
        spec = dict(spec)
        stock = spec.pop("stock", DEFAULT_STOCK)
        variant = Variant.objects.create(product=made, position=position, **spec)
        if stock is not None:
            location = location or location_default()
            StockLevel.objects.create(variant=variant, location=location, on_hand=stock)
    product_stock_refresh(products=[made])
    made.refresh_from_db(fields=["in_stock"])
    return made


def sized(title: str = "", *, sizes=("S", "M", "L"), base="10.00", **fields) -> Product:
    """A product with one option (Size), prices rising by 1 per size."""
    variants = [
        {
            "option1": size,
            "price": Decimal(base) + i,
            "sku": f"{fields.get('handle', title)}-{size}",
        }
        for i, size in enumerate(sizes)
    ]
    return product(title, variants=variants, option_names=("Size",), **fields)


def image(of: Product, *, alt_text: str = "", position: int = 0) -> ProductImage:
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    picture = get_image_model().objects.create(
        title=f"{of.title} picture", file=get_test_image_file(size=(64, 64))
    )
    return ProductImage.objects.create(
        product=of, image=picture, alt_text=alt_text, position=position
    )


def collection(title: str, *, handle: str = "", products=(), **fields) -> Collection:
    made = Collection.objects.create(title=title, handle=handle or title.lower(), **fields)
    for position, p in enumerate(products):
        CollectionProduct.objects.create(collection=made, product=p, position=position)
    return made


def rule(of: Collection, field: str, relation: str, value: str) -> CollectionRule:
    return CollectionRule.objects.create(collection=of, field=field, relation=relation, value=value)


def index_for_search(*products: Product) -> None:
    """Fill ``search_vector`` as catalog.services does (title over vendor and type)."""
    for p in products:
        Product.objects.filter(pk=p.pk).update(
            search_vector=SearchVector("title", weight="A", config="simple")
            + SearchVector(
                Concat("vendor", Value(" "), "product_type"), weight="C", config="simple"
            )
        )

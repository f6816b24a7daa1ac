"""The shape of a demo catalogue: plain data, turned into rows by ``demo.catalog_seed``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProductSpec:
    """One demo product.

    ``options`` are ``(name, [(value, price difference), ...])``; every combination is a
    variant priced ``price`` plus the differences of its values. ``sku`` is the
    product's SKU stem (variant SKUs add a code per value) and, being unique, is also
    how a collection's ``products`` name their members. ``colours`` maps values of an
    option to the colour the picture of those variants is drawn in: each gets its own
    image, linked to its variants.
    """

    title: str
    sku: str
    price: float
    product_type: str
    vendor: str
    tags: list[str]
    description: str
    drawing: str = "tag"
    palette: str = "generic"
    options: list[tuple[str, list[tuple[str, float]]]] = field(default_factory=list)
    colours: dict[str, str] = field(default_factory=dict)
    status: str = "active"
    weight_grams: int = 0
    compare_at: float | None = None


@dataclass(frozen=True)
class CollectionSpec:
    """A manual collection lists ``products`` (by SKU stem); an automatic one has rules."""

    title: str
    description: str = ""
    rules: list[tuple[str, str, str]] = field(default_factory=list)
    match: str = "all"
    products: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Catalog:
    name: str
    products: list[ProductSpec]
    collections: list[CollectionSpec]

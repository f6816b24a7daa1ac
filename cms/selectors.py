"""Catalog reads for the blocks of a page, in a fixed number of queries.

A page may show several product grids, a featured collection and a featured
product. Asking each block for its own products would cost queries per block and
per product (images, renditions, variants, stock). Instead the page reads every
product and collection its blocks name from the body's raw JSON first, loads them
all at once (``page_catalog``), and each block picks its rows from that. A page
costs the same number of queries with 3 products or 30
(``tests/cms/test_query_counts.py``).

Only active products and published collections are shown: a block that names a
product since archived simply shows one product fewer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Value

from catalog.models import Collection, Product, Variant
from inventory.selectors import available_quantities
from storefront.selectors.collections import all_products, collection_products
from storefront.selectors.listings import for_cards

CONTINUE_SELLING = Variant.InventoryPolicy.CONTINUE
# Block types that read the catalog, by their name in a page's stream.
PRODUCT_GRID = "product_grid"
FEATURED_COLLECTION = "featured_collection"
FEATURED_PRODUCT = "featured_product"
DEFAULT_COUNT = 4


def _list_ids(raw) -> list[int]:
    """Ids from a ListBlock's raw value, in either of Wagtail's list formats."""
    ids = []
    for item in raw or []:
        value = item.get("value") if isinstance(item, dict) else item
        if isinstance(value, int):
            ids.append(value)
    return ids


def _id(raw) -> int | None:
    return raw if isinstance(raw, int) else None


@dataclass
class _Wanted:
    products: list[int] = field(default_factory=list)
    collections: dict[int, int] = field(default_factory=dict)  # id -> most products shown
    newest: int = 0  # most of the shop's newest products a grid shows

    def collection(self, pk: int | None, count) -> None:
        if pk is not None:
            count = count if isinstance(count, int) and count > 0 else DEFAULT_COUNT
            self.collections[pk] = max(count, self.collections.get(pk, 0))


def wanted_from_blocks(blocks: Iterable[tuple[str, dict]]) -> _Wanted:
    """What the given ``(block type, raw value)`` pairs show, read from JSON only."""
    wanted = _Wanted()
    for kind, raw in blocks:
        if not isinstance(raw, dict):
            continue
        if kind == PRODUCT_GRID:
            chosen = _list_ids(raw.get("products"))
            collection = _id(raw.get("collection"))
            if chosen:
                wanted.products.extend(chosen)
            elif collection is not None:
                wanted.collection(collection, raw.get("count"))
            else:
                count = raw.get("count")
                count = count if isinstance(count, int) and count > 0 else DEFAULT_COUNT
                wanted.newest = max(wanted.newest, count)
        elif kind == FEATURED_COLLECTION:
            wanted.collection(_id(raw.get("collection")), raw.get("count"))
        elif kind == FEATURED_PRODUCT:
            pk = _id(raw.get("product"))
            if pk is not None:
                wanted.products.append(pk)
    return wanted


def stream_blocks(*streams) -> list[tuple[str, dict]]:
    """``(type, raw value)`` of every top-level block of the given StreamValues."""
    pairs = []
    for stream in streams:
        if stream is None:
            continue
        for item in stream.raw_data:
            pairs.append((item.get("type"), item.get("value")))
    return pairs


@dataclass
class PageCatalog:
    """The products and collections a page shows, loaded once for all its blocks."""

    products: dict[int, Product] = field(default_factory=dict)
    collections: dict[int, Collection] = field(default_factory=dict)
    collection_product_ids: dict[int, list[int]] = field(default_factory=dict)
    newest_ids: list[int] = field(default_factory=list)

    def chosen(self, ids: Iterable[int]) -> list[Product]:
        return [self.products[pk] for pk in ids if pk in self.products]

    def in_collection(self, pk: int | None, count: int) -> list[Product]:
        return self.chosen(self.collection_product_ids.get(pk, [])[:count])

    def newest_products(self, count: int) -> list[Product]:
        return self.chosen(self.newest_ids[:count])

    def product(self, pk: int | None) -> Product | None:
        return self.products.get(pk)

    def collection(self, pk: int | None) -> Collection | None:
        return self.collections.get(pk)


def _collection_product_ids(collections: list[Collection], wanted: _Wanted) -> dict[int, list]:
    """The first products of each collection, in its own order: one UNION ALL query."""
    parts = [
        collection_products(c)
        .annotate(shelf=Value(c.pk))
        .values_list("shelf", "pk")[: wanted.collections[c.pk]]
        for c in collections
    ]
    result: dict[int, list[int]] = {c.pk: [] for c in collections}
    if not parts:
        return result
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for shelf, pk in query:
        result[shelf].append(pk)
    return result


def _mark_availability(products: Iterable[Product]) -> None:
    """Set ``cms_variants``, ``cms_available`` and ``cms_buy_variant`` on each product.

    A variant can be bought when it has stock or sells on when out of stock (the
    cart's own rule, ``cart.availability``); a product when any variant can.
    """
    variants = [v for p in products for v in p.variants.all()]
    stock = available_quantities(variants)
    for product in products:
        rows = list(product.variants.all())
        for variant in rows:
            variant.cms_available = (
                variant.inventory_policy == CONTINUE_SELLING or stock.get(variant.pk, 0) > 0
            )
        buyable = [v for v in rows if v.cms_available]
        product.cms_variants = rows
        product.cms_available = bool(buyable)
        product.cms_buy_variant = buyable[0] if buyable else (rows[0] if rows else None)


def page_catalog(blocks: Iterable[tuple[str, dict]]) -> PageCatalog:
    """Load everything the given blocks show: at most nine queries, whatever the count.

    Collections and their rules (2), the products of every collection (1), the
    shop's newest products for grids that name none (1), the products with images,
    card renditions and variants (4), stock (1).
    """
    wanted = wanted_from_blocks(blocks)
    catalog = PageCatalog()
    if wanted.collections:
        found = (
            Collection.objects.published()
            .prefetch_related("rules")
            .in_bulk(list(wanted.collections))
        )
        catalog.collections = found
        catalog.collection_product_ids = _collection_product_ids(list(found.values()), wanted)
    if wanted.newest:
        catalog.newest_ids = list(all_products().values_list("pk", flat=True)[: wanted.newest])
    ids = set(wanted.products) | set(catalog.newest_ids)
    for shelf in catalog.collection_product_ids.values():
        ids.update(shelf)
    if ids:
        products = for_cards(Product.objects.active().filter(pk__in=ids)).prefetch_related(
            Prefetch("variants", queryset=Variant.objects.order_by("position", "id"))
        )
        catalog.products = {p.pk: p for p in products}
        _mark_availability(list(catalog.products.values()))
    return catalog

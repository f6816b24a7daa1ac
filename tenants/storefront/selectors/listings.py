"""Listings: shopper filters and sorts, product cards, option facets and cached counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet
from django.utils.functional import cached_property

from catalog.models import Variant
from catalog.versions import catalog_version
from storefront.keyset import Ordering, SortKey
from storefront.selectors.availability import available_variant_condition
from storefront.selectors.renditions import CARD_RENDITION, with_renditions


class Sort:
    """Shopper-facing sort orders (the ``?sort=`` values)."""

    FEATURED = "featured"
    PRICE_ASC = "price-asc"
    PRICE_DESC = "price-desc"
    NEWEST = "newest"
    # By ``Product.units_sold``, refreshed from the order lines every few minutes
    # (``storefront.tasks.catalog_sales_refresh``).
    BEST_SELLING = "best-selling"


@dataclass(frozen=True)
class ListingFilters:
    """What a shopper narrowed a listing to; ``None``/empty means "no filter"."""

    available: bool = False
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    options: Sequence[str] = ()

    @property
    def active(self) -> bool:
        return bool(
            self.available
            or self.min_price is not None
            or self.max_price is not None
            or self.options
        )


def filter_products(products: QuerySet, filters: ListingFilters) -> QuerySet:
    """Keep products with at least one variant matching every filter at once.

    One variant must satisfy price, option and availability together: a product
    with a red variant at 50 and a blue one at 10 is not "red under 20". That needs
    the variants (an ``EXISTS``), but each filter also has a necessary condition on
    the product's own denormalised columns (``option_values`` overlaps, price range
    reaches the bounds) which the indexes serve and which narrows the products the
    ``EXISTS`` is tried on. An option filter alone is exact on ``option_values``,
    availability alone on ``in_stock`` (kept by the inventory services), and neither
    reads the variants.
    """
    if not filters.active:
        return products
    if filters.available:
        # Exact for "in stock" alone; with a price or option filter the EXISTS below
        # also asks that the in-stock variant be the one matching them.
        products = products.filter(in_stock=True)
    values = list(filters.options)
    if values:
        products = products.filter(option_values__overlap=values)
    if filters.min_price is not None:
        products = products.filter(max_price__gte=filters.min_price)
    if filters.max_price is not None:
        products = products.filter(min_price__lte=filters.max_price)
    if (
        filters.min_price is None
        and filters.max_price is None
        and not (values and filters.available)
    ):
        return products
    condition = Q(product=OuterRef("pk"))
    if filters.available:
        condition &= available_variant_condition()
    if filters.min_price is not None:
        condition &= Q(price__gte=filters.min_price)
    if filters.max_price is not None:
        condition &= Q(price__lte=filters.max_price)
    if values:
        condition &= Q(option1__in=values) | Q(option2__in=values) | Q(option3__in=values)
    return products.filter(Exists(Variant.objects.filter(condition)))


_ID = SortKey("id", "int")
# The storefront's orders. Each ends with a unique key and runs in one direction, so
# a "next page" cursor is one row comparison (storefront.keyset), and each has its
# index: "newest" ``product_status_published`` (every active product has
# ``published_at``: catalog.services keeps it), price ``product_status_price_id`` and
# ``product_status_price_id_desc``, best selling ``product_status_sold``.
NEWEST = Ordering((SortKey("published_at", "datetime", nullable=True), _ID), descending=True)
ORDERINGS = {
    Sort.NEWEST: NEWEST,
    Sort.PRICE_ASC: Ordering(
        (SortKey("min_price", "decimal", nullable=True), _ID), descending=False
    ),
    Sort.PRICE_DESC: Ordering(
        (SortKey("min_price", "decimal", nullable=True), _ID), descending=True
    ),
    Sort.BEST_SELLING: Ordering((SortKey("units_sold", "int"), _ID), descending=True),
}
# A manual collection in the merchant's order: annotations made by collection_products.
FEATURED_MANUAL = Ordering(
    (SortKey("listing_position", "int"), SortKey("listing_membership", "int")), descending=False
)
NEWEST_ORDER = tuple(NEWEST.order_by())


def listing_ordering(sort: str, *, manual: bool = False) -> Ordering:
    """The order of a listing under ``sort``; ``featured`` is the listing's own order."""
    if sort in ORDERINGS:
        return ORDERINGS[sort]
    return FEATURED_MANUAL if manual else NEWEST


def sort_products(products: QuerySet, sort: str, *, manual: bool = False) -> QuerySet:
    """Order a listing by ``listing_ordering`` (its keys are what cursors hold).

    Price ties are broken by id, not by date: a cursor needs a unique last key in the
    same direction. Best-selling reads the denormalised, indexed ``units_sold``, never
    an aggregate over order lines per page view.
    """
    return products.order_by(*listing_ordering(sort, manual=manual).order_by())


# Columns no product card shows, left out of listing queries: the search vector and
# the description are two thirds of a product row, and a deep page (``OFFSET``
# 4,800) sorts every skipped row with all its columns; with them the sort of an
# automatic collection spilled to disk (docs/benchmarks-catalog.md). A theme whose
# cards show the description pays one query per card: it should not.
CARD_DEFERRED = ("search_vector", "description")


def for_cards(products: QuerySet) -> QuerySet:
    """Products ready for product cards: images and their card renditions."""
    return with_renditions(products.for_listing(), CARD_RENDITION).defer(*CARD_DEFERRED)


# Cached aggregates of a listing live until the catalogue changes (the version is in
# the key); the timeout only bounds how long an unused entry occupies the cache.
LISTING_CACHE_TIMEOUT = 60 * 60 * 24


def _listing_cache_key(listing: str, what: str, *parts) -> str:
    return ":".join(["storefront", what, str(catalog_version()), listing, *map(str, parts)])


def option_values(products: QuerySet, *, listing: str | None = None) -> list[str]:
    """Every option value (any option) of the given products' variants, sorted.

    Read from the products' denormalised ``option_values`` (one query, no variant
    read), yet still proportional to the listing's size: 100,000 products cost
    ~100 ms. So with ``listing`` (a stable name of the unfiltered listing, e.g.
    ``collection:12``) the result is cached per catalogue version, which every
    catalogue write changes: the facet costs one cache read except on the first
    view after a write. This is what a Shopify-scale storefront does with facets
    (precomputed, not aggregated per page view).
    """
    key = _listing_cache_key(listing, "options") if listing else None
    if key is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    rows = (
        products.order_by()
        .annotate(value=Func(F("option_values"), function="unnest"))
        .values_list("value", flat=True)
        .distinct()
    )
    values = sorted(set(rows), key=str.casefold)
    if key is not None:
        cache.set(key, values, LISTING_CACHE_TIMEOUT)
    return values


class ListingPaginator(Paginator):
    """``Paginator`` whose ``COUNT(*)`` is cached per catalogue version and listing.

    Counting 95,000 active products reads the whole status index (~20-50 ms);
    pages of the same listing and filters share one count until the catalogue
    changes. Without ``cache_key`` it is Django's paginator.
    """

    def __init__(self, *args, cache_key: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cache_key = cache_key

    @cached_property
    def count(self) -> int:
        if self.cache_key is None:
            return super().count
        found = cache.get(self.cache_key)
        if found is None:
            found = super().count
            cache.set(self.cache_key, found, LISTING_CACHE_TIMEOUT)
        return found


def listing_count_key(listing: str, filters: ListingFilters) -> str:
    """The cache key of a listing's count under these filters (sorting never changes it)."""
    return _listing_cache_key(
        listing,
        "count",
        int(filters.available),
        filters.min_price,
        filters.max_price,
        "|".join(sorted(filters.options)),
    )

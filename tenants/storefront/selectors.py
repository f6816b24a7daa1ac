"""Catalog reads for the storefront, each costing a fixed number of queries.

The catalog app owns the models and their basic querysets (``active()``,
``for_listing()``, ``for_detail()``, ``search()``); what lives here is what only the
storefront needs: which products a collection holds, shopper filters and sorts, the
renditions a page shows, availability and the sitemap. Multi-valued conditions
(variants, rules on variant prices) are written as ``Exists``/``pk__in`` subqueries so
that a product is never listed twice and ``COUNT`` stays right for pagination.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Exists, F, Func, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from wagtail.images import get_image_model

from catalog.models import Collection, Product, ProductImage, Variant
from catalog.selectors import automatic_condition
from catalog.versions import catalog_version

# Rendition filter specs used by the base theme's templates. They are prefetched
# with the images so that ``{% image %}`` costs no query per picture; a theme that
# uses other specs still works, at one query per picture.
CARD_RENDITION = "fill-600x600"
PRODUCT_RENDITION = "fill-900x900"
THUMB_RENDITION = "fill-160x160"


class Sort:
    """Shopper-facing sort orders (the ``?sort=`` values)."""

    FEATURED = "featured"
    PRICE_ASC = "price-asc"
    PRICE_DESC = "price-desc"
    NEWEST = "newest"
    # There are no orders yet: best-selling falls back to newest until the orders
    # app records sales (then: order by units sold over a recent window).
    BEST_SELLING = "best-selling"


def _with_renditions(products: QuerySet, *specs: str) -> QuerySet:
    """Prefetch the given renditions of every product image: one query for all."""
    rendition_model = get_image_model().get_rendition_model()
    return products.prefetch_related(
        Prefetch(
            "images__image__renditions",
            queryset=rendition_model.objects.filter(filter_spec__in=specs),
        )
    )


# -- availability ----------------------------------------------------------------


def variant_availability(variants: Iterable[Variant]) -> dict[int, bool]:
    """Whether each variant can be bought now, by id.

    Inventory (stock per location) is being built separately and plugs in here:
    a variant will be available when it has stock or its policy is ``continue``.
    Until then stock is unknown, so every variant counts as available — the
    ``continue`` branch is kept explicit so the rule's shape is already right.
    """
    availability = {}
    for variant in variants:
        if variant.inventory_policy == Variant.InventoryPolicy.CONTINUE:
            availability[variant.pk] = True
        else:
            availability[variant.pk] = True  # stock unknown until inventory lands
    return availability


def available_variant_condition() -> Q:
    """The database twin of ``variant_availability`` (for ``?available=1``).

    Inventory will replace this with ``stock > 0 OR inventory_policy = 'continue'``;
    for now every variant is available, so a product is available when it has one.
    """
    return Q()


# -- listings --------------------------------------------------------------------


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
    ``EXISTS`` is tried on. An option filter alone is exact on ``option_values``
    and never reads the variants.
    """
    if not filters.active:
        return products
    values = list(filters.options)
    if values:
        products = products.filter(option_values__overlap=values)
    if filters.min_price is not None:
        products = products.filter(max_price__gte=filters.min_price)
    if filters.max_price is not None:
        products = products.filter(min_price__lte=filters.max_price)
    if not (filters.available or filters.min_price is not None or filters.max_price is not None):
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


# The storefront's "newest" order, served by the ``product_status_published`` index:
# every active product has ``published_at`` (catalog.services keeps it), the id
# breaks ties between products published in the same transaction.
NEWEST_ORDER = (F("published_at").desc(nulls_last=True), F("id").desc())


def sort_products(products: QuerySet, sort: str) -> QuerySet:
    """Order a listing; unknown or ``featured`` sorts keep the listing's own order.

    Price sorts walk ``product_status_price`` / ``product_status_price_desc`` on
    ``min_price`` (ties, newest first, are sorted per price by an incremental sort).
    Best-selling is newest until orders record units sold per product (a
    denormalised, indexed ``units_sold`` kept by the orders service would then be
    sorted like ``min_price``, never an aggregate over order lines per page view).
    """
    if sort == Sort.PRICE_ASC:
        return products.order_by(F("min_price").asc(nulls_last=True), *NEWEST_ORDER)
    if sort == Sort.PRICE_DESC:
        return products.order_by(F("min_price").desc(nulls_last=True), *NEWEST_ORDER)
    if sort in (Sort.NEWEST, Sort.BEST_SELLING):
        return products.order_by(*NEWEST_ORDER)
    return products


# Columns no product card shows, left out of listing queries: the search vector and
# the description are two thirds of a product row, and a deep page (``OFFSET``
# 4,800) sorts every skipped row with all its columns; with them the sort of an
# automatic collection spilled to disk (docs/benchmarks-catalog.md). A theme whose
# cards show the description pays one query per card: it should not.
CARD_DEFERRED = ("search_vector", "description")


def for_cards(products: QuerySet) -> QuerySet:
    """Products ready for product cards: images and their card renditions."""
    return _with_renditions(products.for_listing(), CARD_RENDITION).defer(*CARD_DEFERRED)


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


# -- collections -----------------------------------------------------------------


def collection_for_page(handle: str) -> Collection:
    """A published collection with its rules (one query for them), or 404."""
    collection = Collection.objects.published().prefetch_related("rules").filter(handle=handle)
    found = collection.first()
    if found is None:
        raise Http404
    return found


def collection_products(collection: Collection) -> QuerySet:
    """The active products a collection holds, in its own order.

    Manual: membership order. Automatic: the rules, all or any of them, as filters
    on the product table itself (``catalog.selectors.automatic_condition``), newest
    first: no join, so ``COUNT`` and the sorts use the product indexes.
    """
    products = Product.objects.active()
    if collection.kind == Collection.Kind.MANUAL:
        return products.filter(memberships__collection=collection).order_by(
            "memberships__position", "memberships__id"
        )
    condition = automatic_condition(collection)
    if condition is None:
        return products.none()
    return products.filter(condition).order_by(*NEWEST_ORDER)


def all_products() -> QuerySet:
    """``/collections/all/``: every active product, newest first."""
    return Product.objects.active().order_by(*NEWEST_ORDER)


def search_products(query: str) -> QuerySet:
    return Product.objects.active().search(query)


# -- product page ----------------------------------------------------------------


def product_for_page(handle: str) -> Product:
    """An active product with variants, images, renditions and the images' variants.

    Five queries at most, whatever the number of variants or images; 404 for a
    draft, archived or unknown handle.
    """
    products = _with_renditions(
        Product.objects.active().for_detail(), PRODUCT_RENDITION, THUMB_RENDITION
    ).prefetch_related(Prefetch("images__variants", queryset=Variant.objects.only("id")))
    product = products.filter(handle=handle).first()
    if product is None:
        raise Http404
    return product


def images_for_variant(
    images: Sequence[ProductImage], variant: Variant | None
) -> list[ProductImage]:
    """The product's images with the chosen variant's own image first."""
    if variant is None:
        return list(images)
    own = [img for img in images if any(v.pk == variant.pk for v in img.variants.all())]
    return own[:1] + [img for img in images if img not in own[:1]]


# -- sitemap ---------------------------------------------------------------------


@dataclass(frozen=True)
class SitemapEntry:
    path: str
    lastmod: datetime | None


def sitemap_entries(request) -> list[SitemapEntry]:
    """Published pages, the all-products page, published collections, active products.

    Three or four queries whatever the catalogue's size. Paths only: the view makes
    them absolute on the request's host, never on the Wagtail Site's hostname.
    """
    from django.urls import reverse
    from wagtail.models import Page

    entries: list[SitemapEntry] = []
    for page in Page.objects.live().public().filter(depth__gt=1).order_by("path"):
        parts = page.get_url_parts(request)
        if parts is not None:
            entries.append(SitemapEntry(parts[2], page.last_published_at))
    entries.append(SitemapEntry(reverse("storefront:collection_all"), None))
    for handle, updated in (
        Collection.objects.published().order_by("title", "id").values_list("handle", "updated_at")
    ):
        entries.append(SitemapEntry(reverse("storefront:collection", args=[handle]), updated))
    for handle, updated in (
        Product.objects.active().order_by("-created_at", "-id").values_list("handle", "updated_at")
    ):
        entries.append(SitemapEntry(reverse("storefront:product", args=[handle]), updated))
    return entries

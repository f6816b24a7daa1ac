"""Catalog reads for the storefront, each costing a fixed number of queries.

The catalog app owns the models and their basic querysets (``active()``,
``for_listing()``, ``for_detail()``, ``search()``); what lives here is what only the
storefront needs: which products a collection holds, shopper filters and sorts, the
renditions a page shows, availability and the sitemap. Multi-valued conditions
(variants, rules on variant prices) are written as ``Exists``/``pk__in`` subqueries so
that a product is never listed twice and ``COUNT`` stays right for pagination.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import reduce

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from wagtail.images import get_image_model

from catalog.models import Collection, Product, ProductImage, Variant
from catalog.querysets import rule_condition

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
    with a red variant at 50 and a blue one at 10 is not "red under 20".
    """
    if not filters.active:
        return products
    condition = Q(product=OuterRef("pk"))
    if filters.available:
        condition &= available_variant_condition()
    if filters.min_price is not None:
        condition &= Q(price__gte=filters.min_price)
    if filters.max_price is not None:
        condition &= Q(price__lte=filters.max_price)
    if filters.options:
        values = list(filters.options)
        condition &= Q(option1__in=values) | Q(option2__in=values) | Q(option3__in=values)
    return products.filter(Exists(Variant.objects.filter(condition)))


def sort_products(products: QuerySet, sort: str) -> QuerySet:
    """Order a listing; unknown or ``featured`` sorts keep the listing's own order."""
    if sort == Sort.PRICE_ASC:
        return products.order_by(F("min_price").asc(nulls_last=True), "-created_at", "-id")
    if sort == Sort.PRICE_DESC:
        return products.order_by(F("min_price").desc(nulls_last=True), "-created_at", "-id")
    if sort in (Sort.NEWEST, Sort.BEST_SELLING):
        return products.order_by(
            Coalesce("published_at", "created_at").desc(), "-created_at", "-id"
        )
    return products


def for_cards(products: QuerySet) -> QuerySet:
    """Products ready for product cards: images and their card renditions."""
    return _with_renditions(products.for_listing(), CARD_RENDITION)


def option_values(products: QuerySet) -> list[str]:
    """Every option value (any option) of the given products' variants, sorted.

    One query whatever the number of products; feeds the ``?option=`` filter.
    """
    # ``order_by()``: Variant's default ordering would otherwise join the DISTINCT
    # (``position``, ``id``), making it return every variant instead of each value once.
    rows = (
        Variant.objects.filter(product__in=products.order_by().values("pk"))
        .order_by()
        .values_list("option1", "option2", "option3")
        .distinct()
    )
    values = {value for row in rows for value in row if value}
    return sorted(values, key=str.casefold)


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

    Manual: membership order. Automatic: the rules, all or any of them; a rule
    that cannot match (``rule_condition`` returns ``None``) makes an "all"
    collection empty and is skipped by an "any" one. Rules on variant prices join
    the variants, so the match is a ``pk__in`` subquery: each product once.
    """
    products = Product.objects.active()
    if collection.kind == Collection.Kind.MANUAL:
        return products.filter(memberships__collection=collection).order_by(
            "memberships__position", "memberships__id"
        )
    conditions = [rule_condition(rule) for rule in collection.rules.all()]
    if collection.match == Collection.Match.ANY:
        conditions = [c for c in conditions if c is not None]
        combine = operator.or_
    else:
        combine = operator.and_
    if not conditions or any(c is None for c in conditions):
        return products.none()
    matching = Product.objects.filter(reduce(combine, conditions)).values("pk")
    return products.filter(pk__in=matching).order_by("-created_at", "-id")


def all_products() -> QuerySet:
    """``/collections/all/``: every active product, newest first."""
    return Product.objects.active().order_by("-created_at", "-id")


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

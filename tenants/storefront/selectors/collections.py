"""Which products a listing page holds: a collection (manual or by rules), every
product, a search."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import Http404

from catalog.models import Collection, Product
from catalog.selectors import automatic_condition
from storefront.selectors.listings import FEATURED_MANUAL, NEWEST_ORDER


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
        # Named so that the featured order's cursor can read them off each row.
        return (
            products.filter(memberships__collection=collection)
            .annotate(
                listing_position=F("memberships__position"),
                listing_membership=F("memberships__id"),
            )
            .order_by(*FEATURED_MANUAL.order_by())
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

"""Reads that need more than one model: what a collection page lists."""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from catalog.models import Collection, Product
from catalog.querysets import rule_condition


def collection_products(collection: Collection, *, include_inactive: bool = False):
    """The products a collection's page shows, as a Product queryset.

    Manual: the chosen products in the merchant's order. Automatic: active products
    matching all (or any) of the rules, newest first. A price rule joins the variants,
    so matches are narrowed with ``pk IN (subquery)`` instead of DISTINCT, which
    would forbid ordering by anything not selected. ``include_inactive`` shows a
    manual collection's drafts and archived members too (the admin's view of it).
    """
    products = Product.objects.all()
    if not include_inactive:
        products = products.active()
    if collection.kind == Collection.Kind.MANUAL:
        return products.filter(memberships__collection=collection).order_by(
            "memberships__position", "memberships__id"
        )
    conditions = [rule_condition(rule) for rule in collection.rules.all()]
    if not conditions or (collection.match == Collection.Match.ALL and None in conditions):
        return products.none()
    conditions = [c for c in conditions if c is not None]
    if not conditions:
        return products.none()
    combine = and_ if collection.match == Collection.Match.ALL else or_
    matching = Product.objects.filter(reduce(combine, conditions)).values("pk")
    return products.filter(pk__in=matching)

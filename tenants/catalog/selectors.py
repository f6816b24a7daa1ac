"""Reads that need more than one model (what a collection page lists), and the
catalogue figures platform apps read: ``product_count`` and ``has_products`` are the
named seam through which ``billing.limits`` and ``accounts.shop_admin`` reach this
app (``.importlinter``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import reduce
from operator import and_, or_

from django.db.models import Exists, OuterRef, Q

from catalog.models import Collection, Product, Variant


def automatic_condition(collection: Collection) -> Q | None:
    """The product filter of an automatic collection's rules; ``None``: matches nothing.

    Every rule is a condition on the product row itself (price rules are ``EXISTS``
    over the variants), so the filter needs no join and no ``pk IN (subquery)``:
    counting a 12,000-product collection is one index scan, not a hash join
    (docs/benchmarks-catalog.md). A rule that cannot match makes an "all" collection
    empty and is skipped by an "any" one. Reads ``collection.rules.all()`` (prefetch
    it to save the query).
    """
    conditions = [rule_condition(rule) for rule in collection.rules.all()]
    if not conditions or (collection.match == Collection.Match.ALL and None in conditions):
        return None
    conditions = [c for c in conditions if c is not None]
    if not conditions:
        return None
    return reduce(and_ if collection.match == Collection.Match.ALL else or_, conditions)


def collection_products(collection: Collection, *, include_inactive: bool = False):
    """The products a collection's page shows, as a Product queryset.

    Manual: the chosen products in the merchant's order. Automatic: active products
    matching all (or any) of the rules (``automatic_condition``). ``include_inactive``
    shows a manual collection's drafts and archived members too (the admin's view of
    it).
    """
    products = Product.objects.all()
    if not include_inactive:
        products = products.active()
    if collection.kind == Collection.Kind.MANUAL:
        return products.filter(memberships__collection=collection).order_by(
            "memberships__position", "memberships__id"
        )
    condition = automatic_condition(collection)
    if condition is None:
        return products.none()
    return products.filter(condition)


def rule_condition(rule) -> Q | None:
    """The product filter for one automatic-collection rule (None if it cannot match)."""
    field, relation, value = rule.field, rule.relation, rule.value.strip()
    if field == "price":
        try:
            amount = Decimal(value)
        except InvalidOperation:
            return None
        lookups = {
            "equals": "price",
            "not_equals": "price",
            "greater_than": "price__gt",
            "less_than": "price__lt",
        }
        if relation not in lookups:
            return None
        # EXISTS, not a join over ``variants``: the product row stays single, so the
        # condition combines with the others without DISTINCT or ``pk IN``.
        has = Exists(Variant.objects.filter(product=OuterRef("pk"), **{lookups[relation]: amount}))
        return ~Q(has) if relation == "not_equals" else Q(has)
    if field == "tag":
        if relation == "equals":
            return Q(tags__contains=[value])
        if relation == "not_equals":
            return ~Q(tags__contains=[value])
        return None
    column = {"type": "product_type", "vendor": "vendor", "title": "title"}[field]
    if relation == "equals":
        return Q(**{f"{column}__iexact": value})
    if relation == "not_equals":
        return ~Q(**{f"{column}__iexact": value})
    if relation == "contains":
        return Q(**{f"{column}__icontains": value})
    return None


def product_count() -> int:
    """Products in the current shop's schema, any status (the plan's product limit)."""
    return Product.objects.count()


def has_products() -> bool:
    """Whether the current shop has any product (the admin's "first steps")."""
    return Product.objects.exists()

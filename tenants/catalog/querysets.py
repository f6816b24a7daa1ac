"""Reads of the catalog, written so a listing costs a fixed number of queries."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q


class ProductQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status="active")

    def for_listing(self):
        """Product cards: the first image, no per-row queries."""
        from catalog.models import ProductImage

        return self.prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.select_related("image"))
        )

    def for_detail(self):
        from catalog.models import ProductImage, Variant

        return self.prefetch_related(
            Prefetch("variants", queryset=Variant.objects.order_by("position", "id")),
            Prefetch("images", queryset=ProductImage.objects.select_related("image")),
        )

    def search(self, query: str, *, prefix: bool = False):
        """Full-text search over title, tags, SKUs, vendor and type, best match first.

        ``prefix`` makes every word match as a prefix (``shi`` finds ``shirt``), for
        the admin's search-as-you-type; the storefront keeps websearch syntax
        (quotes, ``-word``). Prefix words are letters and digits only, so no tsquery
        operator from the user reaches PostgreSQL.
        """
        query = (query or "").strip()
        if not query:
            return self.none()
        sq = SearchQuery(query, config="simple", search_type="websearch")
        words = re.findall(r"[^\W_]+", query) if prefix else []
        if words:
            # Either the query as written (so "TSH-RED-M" matches that SKU as
            # PostgreSQL's parser split it) or every word as a prefix.
            sq |= SearchQuery(
                " & ".join(f"{w}:*" for w in words), config="simple", search_type="raw"
            )
        return (
            self.filter(search_vector=sq)
            .annotate(rank=SearchRank(models.F("search_vector"), sq))
            .order_by("-rank", "-created_at", "-id")
        )


class VariantQuerySet(models.QuerySet):
    def with_product(self):
        return self.select_related("product")


class CollectionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


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
        from catalog.models import Variant

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

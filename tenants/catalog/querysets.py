"""Reads of the catalog, written so a listing costs a fixed number of queries.

``catalog.models`` imports these querysets for its managers, so the related models
are read from the relations (``_related``), never imported from there.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import Prefetch


def _related(queryset: models.QuerySet, name: str) -> type[models.Model]:
    """The model at the other end of the relation ``name`` of the queryset's model."""
    return queryset.model._meta.get_field(name).related_model


class ProductQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status="active")

    def for_listing(self):
        """Product cards: the first image, no per-row queries."""
        ProductImage = _related(self, "images")
        return self.prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.select_related("image"))
        )

    def for_detail(self):
        ProductImage, Variant = _related(self, "images"), _related(self, "variants")
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

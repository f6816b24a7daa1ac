"""Reads of the catalog, written so a listing costs a fixed number of queries.

``catalog.models`` imports these querysets for its managers, so the related models
are read from the relations (``_related``), never imported from there.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch

from catalog.search import (
    SIMPLE,
    Matches,
    PrefixQuery,
    Rank,
    Similarity,
    SimilarWords,
    TsQueryOr,
    WebSearchQuery,
    WordSimilarity,
    fuzzy_text,
    search_config,
)


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

    def _ranked(self, condition, rank, candidates: int | None):
        """Rows meeting ``condition``, best ``rank`` first; with ``candidates``, only
        the first that many found (in index order) are ranked.

        Ranking reads every match's vector or title: thousands of rows when a word is
        common (``ke``), too slow for a keystroke. The cap bounds that cost; among
        rows that all hold the words the ranks are close anyway.
        """
        if candidates is None:
            found = self.filter(condition)
        else:
            found = self.filter(pk__in=self.filter(condition).order_by().values("pk")[:candidates])
        return found.annotate(rank=rank).order_by("-rank", "-created_at", "-id")

    def search(
        self,
        query: str,
        *,
        prefix: bool = False,
        config: str | None = None,
        candidates: int | None = None,
    ):
        """Full-text search over title, tags, SKUs, vendor and type, best match first.

        Accents never matter and words are stemmed in ``config`` (the shop's
        language by default); see ``catalog.search``. The storefront takes websearch
        syntax (quotes, ``-word``), which never raises whatever the input.
        ``prefix`` also matches every word as a prefix (``shi`` finds ``shirt``), for
        the admin's search-as-you-type and the storefront's suggestions;
        ``candidates`` caps how many matches are ranked (``_ranked``).
        """
        query = (query or "").strip()
        if not query:
            return self.none()
        config = config or search_config()
        tsquery = WebSearchQuery(query, config=config)
        if prefix:
            # Every word as a prefix also finds it as written (fewer terms for the
            # index to walk than adding the query as written too).
            tsquery = TsQueryOr(tsquery, PrefixQuery(query))
        elif config != SIMPLE:
            # As written too: a stop word ("the"), a SKU, a word the stemmer mangles.
            tsquery = TsQueryOr(tsquery, WebSearchQuery(query, config=SIMPLE))
        vector = models.F("search_vector")
        return self._ranked(Matches(vector, tsquery), Rank(vector, tsquery), candidates)

    def similar_titles(self, query: str, *, candidates: int | None = None):
        """Products whose title is like ``query`` letter by letter (typos), closest first.

        Needs the session's word-similarity threshold set
        (``catalog.selectors.product_search`` does it): the index-served operator reads it.
        """
        text = fuzzy_text(query)
        column = models.F("search_text")
        # Likeness within a word first; that of the whole title breaks the many ties
        # (a short word shares its few trigrams with many longer ones).
        rank = WordSimilarity(text, column) + Similarity(text, column)
        return self._ranked(SimilarWords(text, column), rank, candidates)


class VariantQuerySet(models.QuerySet):
    def with_product(self):
        return self.select_related("product")


class CollectionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

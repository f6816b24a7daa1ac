"""Search suggestions as a shopper types: a few products and collections, cheaply.

Called on every keystroke (after a short pause) by the search box's typeahead, and by
anyone who wants to, with anything in ``q``: so the query is cut down before it
reaches the database (``suggestion_query``), at most ``SUGGESTED_PRODUCTS`` +
``SUGGESTED_COLLECTIONS`` rows come back, and only catalogue columns are read, never
anything about the shopper, so a response can be cached and shared.

Products: every word as a prefix (``cre shi`` finds ``Crème shirt``), accents
ignored, best match first, through the search vector's GIN index
(``ProductQuerySet.search``); when nothing matches a query of a word or three, titles
that look like it (``hoodei``), through the trigram index. Collections: published
ones whose title holds every word, accents ignored; a shop has few, so no index.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import F, Value
from django.db.models.functions import Lower, StrIndex

from catalog.models import Collection, Product
from catalog.search import Unaccent, is_short
from catalog.selectors import products_like

SUGGESTED_PRODUCTS = 6
SUGGESTED_COLLECTIONS = 3
# What is looked at of ``q``: a typeahead query is a few words; the rest of a long
# or hostile one is dropped rather than refused, so the box never errors.
MAX_QUERY_CHARS = 64
MAX_QUERY_WORDS = 5
# One letter matches too much to be worth a round trip.
MIN_QUERY_CHARS = 2
# Matches ranked at most per keystroke (``ProductQuerySet._ranked``): a two-letter
# prefix can match a third of a large catalogue.
CANDIDATES = 200
# Likeness needs a few letters: "ja" is like every word that starts with them.
MIN_LIKENESS_CHARS = 4
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Suggestions:
    query: str
    products: list[dict] = field(default_factory=list)
    collections: list[dict] = field(default_factory=list)


def suggestion_query(raw: str) -> str:
    """``raw`` without control characters (NUL among them), at most
    ``MAX_QUERY_WORDS`` words and ``MAX_QUERY_CHARS`` characters; "" if too short
    or nothing in it is a letter or a digit."""
    raw = raw[: MAX_QUERY_CHARS * 4]
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in raw)
    words = _SPACE.split(text.strip())[:MAX_QUERY_WORDS]
    query = " ".join(words)[:MAX_QUERY_CHARS].strip()
    if len(query) < MIN_QUERY_CHARS or not re.search(r"[^\W_]", query):
        return ""
    return query


def search_suggestions(raw: str) -> Suggestions:
    """Products and collections for the typeahead: two queries, four when no product
    has the words and the products come by likeness."""
    query = suggestion_query(raw)
    if not query:
        return Suggestions(query="")
    active = Product.objects.active()
    products = _top(active.search(query, prefix=True, candidates=CANDIDATES))
    if not products and is_short(query) and len(query) >= MIN_LIKENESS_CHARS:
        products = _top(products_like(active, query, candidates=CANDIDATES))
    return Suggestions(query=query, products=products, collections=_collections(query))


def _top(products) -> list[dict]:
    return list(products.values("title", "handle", "min_price", "max_price")[:SUGGESTED_PRODUCTS])


def _collections(query: str) -> list[dict]:
    """Published collections whose title holds every word, earliest match first."""
    words = re.findall(r"[^\W_]+", query)
    if not words:
        return []
    title = Lower(Unaccent(F("title")))
    # Where each word starts in the title (0: not in it), found by strpos, not LIKE,
    # so nothing in a word is a wildcard.
    at = {f"at_{i}": StrIndex(title, Lower(Unaccent(Value(w)))) for i, w in enumerate(words)}
    return list(
        Collection.objects.published()
        .annotate(**at)
        .filter(**{f"{name}__gt": 0 for name in at})
        .order_by("at_0", "title", "id")
        .values("title", "handle")[:SUGGESTED_COLLECTIONS]
    )

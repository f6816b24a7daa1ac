"""How the catalogue is searched: what is stored per product, and how a query reads it.

Three things make a shopper's words find a product:

* **Accents do not matter.** Both the stored document and every query go through
  PostgreSQL's ``unaccent`` (``crème`` and ``creme`` are one word).
* **Words are stemmed in the shop's language** (``running shoes`` finds ``Run shoe``):
  the text search configuration is chosen from ``shops.selectors.shop_language`` by
  ``search_config``. Each searchable field is stored twice, stemmed and as written
  (the ``simple`` configuration), so an exact word outranks a word that only shares its
  stem, stop words (``the``) still match a title, and the admin's prefix search still
  finds ``runn`` in ``Running``. SKUs are stored as written only.
* **Typos in short queries** (``tshrit``, ``hoodei``): when full text finds nothing,
  ``search_text`` (the title, lowercased, unaccented, with ``T-shirt`` also written
  ``tshirt``) is compared by trigram word similarity (``pg_trgm``), through a GIN
  trigram index.

Both columns are written by ``catalog.services.product_refresh_derived`` (and, for
generated catalogues, ``demo.catalog_generator``) from the SQL below: there is no
trigger and no function of our own, because the shop template clone copies neither
(``shops.cloning``). The two extensions live in ``public`` (migration
``catalog.0005``), on every shop's search path. The stored vector is in the language
the shop had when the product was last written: a shop that changes its language
re-runs ``catalog.services.catalog_search_reindex``.
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Lower

from shops.selectors import shop_language

# Language (the part of a BCP 47 tag before any region) -> the PostgreSQL text search
# configuration that ships with PostgreSQL 15 for it. Anything else is searched with
# ``simple``: accents and typos still work, only stemming does not.
SEARCH_CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
SIMPLE = "simple"

# Typo tolerance is for a word or three: longer queries that find nothing by full
# text are rarely typos, and comparing them by trigrams would only add noise.
FUZZY_MAX_WORDS = 3
FUZZY_MAX_CHARS = 40
# Word similarity a title must reach (share of the query's trigrams found, in order, in
# some stretch of the title). A swapped pair of letters costs a short word most of its
# trigrams: ``jakcet`` -> ``jacket`` is 0.29, ``tshrit`` -> ``tshirt`` 0.43, ``hoodei``
# -> ``hoodie`` 0.57. Low as it is, it only applies when full text found nothing,
# and the closest titles come first.
FUZZY_THRESHOLD = 0.25


def search_config(language: str | None = None) -> str:
    """The text search configuration for ``language`` (the shop's, by default)."""
    language = (language or shop_language() or "").lower().replace("_", "-")
    return SEARCH_CONFIGS.get(language.split("-")[0], SIMPLE)


def _weighted(expression: str, weight: str, config: str) -> str:
    """``expression`` (SQL text, unaccented) as a vector in ``config`` and as written."""
    configs = [config] if config == SIMPLE else [config, SIMPLE]
    return " || ".join(
        f"setweight(to_tsvector('{c}'::regconfig, {expression}), '{weight}')" for c in configs
    )


def search_vector_sql(
    *, title: str, tags: str, skus: str, vendor: str, product_type: str, config: str
) -> str:
    """SQL for a product's ``search_vector`` from SQL expressions for its fields.

    Title weighs most (A), then tags and SKUs (B), then vendor and type (C). The
    configuration is interpolated, so it must be one of ours, never input.
    """
    config = _checked(config)

    def text(sql: str) -> str:
        return f"unaccent(COALESCE({sql}, ''))"

    return " || ".join(
        [
            _weighted(text(title), "A", config),
            _weighted(text(f"array_to_string({tags}, ' ')"), "B", config),
            f"setweight(to_tsvector('simple'::regconfig, {text(skus)}), 'B')",
            _weighted(text(f"{vendor} || ' ' || {product_type}"), "C", config),
        ]
    )


def search_text_sql(title: str) -> str:
    """SQL for a product's ``search_text``: its title lowercased and unaccented, and
    once more with letters joined across ``-``, ``'`` and ``.`` (``t-shirt tshirt``),
    since trigrams never cross a hyphen and shoppers often leave it out."""
    plain = f"lower(unaccent(COALESCE({title}, '')))"
    return (
        f"{plain} || CASE WHEN {plain} ~ '\\w[-''’.]\\w' "
        f"THEN ' ' || regexp_replace({plain}, '(\\w)[-''’.](?=\\w)', '\\1', 'g') ELSE '' END"
    )


# --- Queries ----------------------------------------------------------------------


class Unaccent(Func):
    function = "unaccent"
    output_field = models.TextField()


class WebSearchQuery(Func):
    """``websearch_to_tsquery``: quotes and ``-word`` work, and no input raises."""

    function = "websearch_to_tsquery"
    template = "%(function)s(%(config)s::regconfig, %(expressions)s)"
    output_field = models.Field()  # tsquery

    def __init__(self, text, *, config: str):
        super().__init__(Unaccent(Value(text)), config=f"'{_checked(config)}'")


class PrefixQuery(Func):
    """Every word of ``text`` as a prefix (``cre shi`` -> ``cre:* & shi:*``), in ``simple``.

    Unaccent first, then keep letters and digits only, in SQL: ``unaccent`` can turn
    a letter into a tsquery operator (``ː`` -> ``:``), so the words are cut from its
    output, never from the input. Nothing left gives NULL, which matches nothing.
    """

    template = (
        "to_tsquery('simple'::regconfig, regexp_replace(NULLIF(btrim(regexp_replace("
        "unaccent(%(expressions)s), '[^[:alnum:]]+', ' ', 'g')), ''), ' ', ':* & ', 'g') || ':*')"
    )
    output_field = models.Field()

    def __init__(self, text):
        super().__init__(Value(text))


class TsQueryOr(Func):
    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = models.Field()


class Matches(Func):
    """``vector @@ query``."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = models.BooleanField()


class Rank(Func):
    function = "ts_rank"
    output_field = models.FloatField()


class WordSimilarity(Func):
    function = "word_similarity"
    output_field = models.FloatField()


class Similarity(Func):
    function = "similarity"
    output_field = models.FloatField()


class SimilarWords(Func):
    """``query <% text``: some stretch of ``text`` is like the query (by trigrams).

    The operator, unlike ``word_similarity() >= x``, is served by the trigram index;
    its threshold is the session's ``pg_trgm.word_similarity_threshold``
    (``fuzzy_threshold_sql``).
    """

    arg_joiner = " <%% "  # psycopg reads a lone % as a placeholder
    template = "(%(expressions)s)"
    output_field = models.BooleanField()


def fuzzy_threshold_sql() -> tuple[str, list]:
    return "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [
        str(FUZZY_THRESHOLD)
    ]


def fuzzy_text(query: str) -> Func:
    """The query as ``search_text`` is written: lowercased, unaccented."""
    return Lower(Unaccent(Value(query)))


def is_short(query: str) -> bool:
    words = re.findall(r"[^\W_]+", query)
    return 0 < len(words) <= FUZZY_MAX_WORDS and len(query) <= FUZZY_MAX_CHARS


def _checked(config: str) -> str:
    if config != SIMPLE and config not in SEARCH_CONFIGS.values():
        raise ValueError(f"Unknown text search configuration {config!r}")
    return config

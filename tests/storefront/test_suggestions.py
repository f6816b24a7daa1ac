"""``/search/suggest/``: a few products and collections as the shopper types, as JSON
that any cache may keep, whatever is sent in ``q``."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from storefront.selectors.suggestions import (
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    SUGGESTED_COLLECTIONS,
    SUGGESTED_PRODUCTS,
    suggestion_query,
)
from tests.storefront import builders

pytestmark = pytest.mark.django_db

URL = "/search/suggest/"


@pytest.fixture
def wardrobe(in_a):
    with in_a():
        made = [
            builders.product("Crème linen T-shirt", handle="creme-tee"),
            builders.product(
                "Zip hoodie",
                handle="zip-hoodie",
                option_names=("Size",),
                variants=[
                    {"price": "40.00", "sku": "ZH-S", "option1": "S"},
                    {"price": "45.00", "sku": "ZH-M", "option1": "M"},
                ],
            ),
            builders.product("Run shoe", handle="run-shoe"),
            builders.product("Hoodie draft", handle="draft-hoodie", status="draft"),
        ]
        builders.index_for_search(*made)
        builders.collection("Été essentials", handle="ete", products=made[:1])
        builders.collection("Hoodies and more", handle="hoodies", products=made[1:2])
        builders.collection("Hidden hoodies", handle="hidden", is_published=False)


def suggest(get, q):
    response = get(URL, q=q)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_the_json_names_products_and_collections_with_their_urls(get, wardrobe):
    data = suggest(get, "hoodie")
    assert data == {
        "query": "hoodie",
        "products": [
            {"title": "Zip hoodie", "url": "/products/zip-hoodie/", "price": "From $40.00"}
        ],
        "collections": [{"title": "Hoodies and more", "url": "/collections/hoodies/"}],
        "search_url": "/search/?q=hoodie",
    }


def test_every_word_is_a_prefix_and_accents_never_matter(get, wardrobe):
    for q in ("cre", "CRÈM", "lin t-sh", "creme li"):
        assert [p["title"] for p in suggest(get, q)["products"]] == ["Crème linen T-shirt"], q
    assert [c["title"] for c in suggest(get, "ete")["collections"]] == ["Été essentials"]
    assert [p["title"] for p in suggest(get, "running")["products"]] == ["Run shoe"]


def test_a_typo_still_suggests_the_product(get, wardrobe):
    assert [p["title"] for p in suggest(get, "hoodei")["products"]] == ["Zip hoodie"]


def test_drafts_and_unpublished_collections_are_never_suggested(get, wardrobe):
    data = suggest(get, "hoodie")
    assert "Hoodie draft" not in json.dumps(data) and "Hidden" not in json.dumps(data)


def test_at_most_a_few_of_each(get, in_a):
    with in_a():
        made = [builders.product(f"Mug {i}") for i in range(SUGGESTED_PRODUCTS + 4)]
        builders.index_for_search(*made)
        for i in range(SUGGESTED_COLLECTIONS + 2):
            builders.collection(f"Mugs {i}", handle=f"mugs-{i}")
    data = suggest(get, "mug")
    assert len(data["products"]) == SUGGESTED_PRODUCTS
    assert len(data["collections"]) == SUGGESTED_COLLECTIONS


@pytest.mark.parametrize(
    "q",
    [
        "",
        "h",
        "   ",
        "!!!",
        "%_%",
        "\x00",
        "hoodie\x00",
        "ː‖½",
        "x" * 10_000,
        "hoodie " * 500,
        "'); drop table catalog_product; --",
        "hoodie' OR 1=1 --",
        "(((:*&|!",
        "\\",
    ],
)
def test_any_input_gets_an_answer_of_the_same_shape(get, wardrobe, q):
    data = suggest(get, q)
    assert set(data) == {"query", "products", "collections", "search_url"}
    assert len(data["query"]) <= MAX_QUERY_CHARS
    assert "\x00" not in data["query"]


def test_the_query_is_cut_down_before_the_database_sees_it():
    assert suggestion_query("a b c d e f g h") == " ".join("abcde")[:MAX_QUERY_CHARS]
    assert len(suggestion_query("x" * 10_000)) == MAX_QUERY_CHARS
    assert suggestion_query("  tee\x00shirt\t ") == "tee shirt"
    assert suggestion_query("!!") == "" and suggestion_query("é") == ""
    assert len(suggestion_query("word " * 100).split()) == MAX_QUERY_WORDS


def test_the_answer_may_be_cached_by_anyone(get, wardrobe):
    response = get(URL, q="hoodie")
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert not response.cookies
    assert "private" not in response["Cache-Control"]


def test_only_get_and_head(client, wardrobe):
    assert client.post(URL, {"q": "hoodie"}, HTTP_HOST="alpha.souk.test").status_code == 405


def _queries(get, q) -> int:
    get(URL, q=q)
    with CaptureQueriesContext(connection) as captured:
        get(URL, q=q)
    return len(captured)


def test_suggestions_cost_the_same_few_queries_however_many_match(get, in_a, wardrobe):
    with in_a():
        made = [builders.product(f"Lamp {i}") for i in range(40)]
        builders.index_for_search(*made)
    # SET search_path, products, collections.
    assert _queries(get, "run") == _queries(get, "lamp") == 3
    # No product has the words: the threshold, then products by likeness.
    assert _queries(get, "hoodei") == _queries(get, "lampp") == 5
    assert _queries(get, "!!") == 0 + _queries(get, "")


def test_the_shops_page_cache_keeps_them_until_the_catalogue_changes(
    get, in_a, wardrobe, settings, django_capture_on_commit_callbacks
):
    from catalog.services import product_create

    settings.STOREFRONT_PAGE_CACHE = True
    assert get(URL, q="lamp")["X-Souk-Page-Cache"] == "miss"
    hit = get(URL, q="lamp")
    assert hit["X-Souk-Page-Cache"] == "hit" and json.loads(hit.content)["products"] == []
    with in_a(), django_capture_on_commit_callbacks(execute=True):
        product_create(title="Desk lamp", status="active", variants=[{"price": "9.00"}])
    fresh = get(URL, q="lamp")
    assert fresh["X-Souk-Page-Cache"] == "miss"
    assert [p["title"] for p in json.loads(fresh.content)["products"]] == ["Desk lamp"]

"""Search results: full text over active products, paginated, friendly when empty."""

import pytest

from tests.storefront import builders
from tests.storefront.test_collection_page import titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def teas(in_a):
    with in_a():
        made = [
            builders.product("Green tea", vendor="Leafy"),
            builders.product("Black tea", vendor="Leafy"),
            builders.product("Coffee beans", vendor="Roasty"),
            builders.product("Draft tea", status="draft"),
        ]
        builders.index_for_search(*made)


def test_empty_query_shows_a_prompt(get, teas):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = get("/search/", **params)
        assert response.status_code == 200
        html = response.content.decode()
        assert "What are you looking for?" in html
        assert "product-card" not in html
        assert '<label for="search-q">' in html


def test_finds_active_products_only(get, teas):
    response = get("/search/", q="tea")
    assert sorted(titles(response)) == ["Black tea", "Green tea"]
    assert "2 results for “tea”" in response.content.decode()


def test_searches_vendor(get, teas):
    assert titles(get("/search/", q="roasty")) == ["Coffee beans"]


def test_no_match_says_so(get, teas):
    html = get("/search/", q="zebra").content.decode()
    assert "Nothing matched" in html


@pytest.mark.parametrize(
    "q", ["\x00", "tea\x00", "x" * 5000, "'); drop table x; --", '"unclosed', "-", "&|!:*()"]
)
def test_odd_queries_never_break(get, teas, q):
    assert get("/search/", q=q).status_code == 200


def test_search_results_are_paginated(get, in_a):
    with in_a():
        made = [builders.product(f"Mug {i}") for i in range(26)]
        builders.index_for_search(*made)
    first, second = get("/search/", q="mug"), get("/search/", q="mug", page="2")
    assert len(titles(first)) == 24 and len(titles(second)) == 2
    assert 'href="?q=mug&amp;page=2"' in first.content.decode()
    assert get("/search/", q="mug", page="zzz").status_code == 200


def test_query_is_escaped_in_the_page(get, teas):
    html = get("/search/", q="<b>tea</b>").content.decode()
    assert "<b>tea</b>" not in html and "&lt;b&gt;tea&lt;/b&gt;" in html

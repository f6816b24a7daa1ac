"""Listings and the product page cost a fixed number of queries, whatever their size.

Each page is requested once first: that request makes the image renditions (a
one-off cost per image, as in production). The cache is then emptied, so the
counted request cannot be saved by Wagtail's rendition cache: renditions must come
from the one prefetch query, not one query per picture.
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.storefront import builders

pytestmark = pytest.mark.django_db

# Ceilings include the SET search_path; the real guarantee is that small and large
# pages cost the same.
MAX_LISTING_QUERIES = 8
MAX_PRODUCT_QUERIES = 6


def _queries(get, url, **params) -> int:
    assert get(url, **params).status_code == 200  # warm-up: renditions are made
    caches["default"].clear()
    with CaptureQueriesContext(connection) as captured:
        assert get(url, **params).status_code == 200
    return len(captured)


def _shelf(handle, n, *, images=True):
    products = []
    for i in range(n):
        p = builders.sized(f"{handle} {i}", handle=f"{handle}-{i}", sizes=("S", "M"))
        if images:
            builders.image(p, alt_text=f"Photo {i}")
        products.append(p)
    builders.index_for_search(*products)
    builders.collection(handle.title(), handle=handle, products=products)
    auto = builders.collection(f"Auto {handle}", handle=f"auto-{handle}", kind="automatic")
    builders.rule(auto, "title", "contains", handle)


@pytest.mark.parametrize(
    "params",
    [{}, {"sort": "price-desc", "available": "1", "min_price": "1", "option": "M"}],
)
@pytest.mark.parametrize("kind", ["", "auto-"])
def test_collection_page_costs_the_same_for_3_or_30_products(
    get, in_a, django_assert_max_num_queries, params, kind
):
    with in_a():
        _shelf("few", 3)
        _shelf("many", 30)
    few = _queries(get, f"/collections/{kind}few/", **params)
    many = _queries(get, f"/collections/{kind}many/", **params)
    assert few == many
    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        get(f"/collections/{kind}many/", **params)


@pytest.mark.parametrize("sort", ["price-asc", "newest", "best-selling"])
def test_a_cursor_page_costs_what_page_one_costs(get, in_a, monkeypatch, sort):
    import html
    import re

    from storefront import pagination

    monkeypatch.setattr(pagination, "NUMBERED_PAGES", 1)
    with in_a():
        _shelf("many", 60)
    first = get("/collections/all/", sort=sort).content.decode()
    link = html.unescape(re.search(r'rel="next" href="\?([^"]+)"', first).group(1))
    assert "after=" in link
    params = dict(pair.split("=", 1) for pair in link.split("&"))
    from urllib.parse import unquote

    params = {k: unquote(v) for k, v in params.items()}
    assert _queries(get, "/collections/all/", **params) == _queries(
        get, "/collections/all/", sort=sort
    )
    assert _queries(get, "/collections/all/", **params) <= MAX_LISTING_QUERIES


def test_all_products_and_search_cost_the_same_for_more_products(get, in_a):
    with in_a():
        _shelf("few", 3)
    few_all, few_search = _queries(get, "/collections/all/"), _queries(get, "/search/", q="few")
    with in_a():
        _shelf("more", 30)
    assert _queries(get, "/collections/all/") == few_all
    assert _queries(get, "/search/", q="more") == few_search <= MAX_LISTING_QUERIES


def _product(handle, n_variants, n_images):
    p = builders.product(
        handle,
        handle=handle,
        option_names=("Number",),
        variants=[
            {"option1": str(i), "price": f"{i + 1}.00", "sku": f"{handle}-{i}"}
            for i in range(n_variants)
        ],
    )
    for i in range(n_images):
        builders.image(p, position=i)


def test_product_page_costs_the_same_for_2_or_50_variants(get, in_a, django_assert_max_num_queries):
    with in_a():
        _product("small", 2, 1)
        _product("large", 50, 6)
    small = _queries(get, "/products/small/")
    large = _queries(get, "/products/large/", option1="37")
    assert small == large
    with django_assert_max_num_queries(MAX_PRODUCT_QUERIES):
        get("/products/large/")


def test_sitemap_costs_the_same_for_more_products(get, in_a):
    with in_a():
        _shelf("few", 2, images=False)
    few = _queries(get, "/sitemap.xml")
    with in_a():
        _shelf("many", 40, images=False)
    assert _queries(get, "/sitemap.xml") == few

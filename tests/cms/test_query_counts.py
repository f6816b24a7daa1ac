"""A page of catalog blocks costs the same number of queries for 3 products or 12."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cms.conftest import block, publish
from tests.storefront import builders

pytestmark = pytest.mark.django_db

# Measured 23: SET search_path, the Site, Wagtail's page routing and view
# restrictions (7), the catalog for all blocks (``cms.selectors.page_catalog``: 8),
# storefront settings and menus (2), and Wagtail converting the chooser values of
# each catalog block type once for the whole stream (4). The guarantee that matters
# is the equality above: 3 or 12 products, same count.
MAX_QUERIES = 24


def _landing(in_a, home_a, slug, n):
    from cms.models import LandingPage

    with in_a():
        products = []
        for i in range(n):
            p = builders.sized(f"{slug} {i}", handle=f"{slug}-{i}", sizes=("S", "M"))
            builders.image(p, alt_text=f"Photo {i}")
            products.append(p)
        shelf = builders.collection(slug.title(), handle=f"{slug}-shelf", products=products)
        other = builders.collection(f"{slug} two", handle=f"{slug}-two", products=products[::-1])
        body = [
            block("hero", heading=f"{slug} hero"),
            block("product_grid", heading="Chosen", products=[p.pk for p in products]),
            block("product_grid", heading="Shelf", collection=shelf.pk, count=n),
            block("featured_collection", collection=other.pk, count=n),
            block("featured_product", product=products[0].pk),
        ]
        publish(home_a, LandingPage(title=slug, slug=slug, body=body))


def _queries(get, url) -> tuple[int, str]:
    assert get(url).status_code == 200  # warm-up: renditions are made once
    caches["default"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_catalog_blocks_cost_the_same_for_3_or_12_products(
    in_a, home_a, get, django_assert_max_num_queries
):
    _landing(in_a, home_a, "few", 3)
    _landing(in_a, home_a, "many", 12)
    few, _ = _queries(get, "/few/")
    many, html = _queries(get, "/many/")
    assert few == many
    assert html.count("cms-product-card") >= 12 * 3
    with django_assert_max_num_queries(MAX_QUERIES):
        get("/many/")


def test_a_grid_of_the_newest_products_costs_the_same_for_3_or_12(in_a, home_a, get):
    """A new shop's home page: a product grid naming no product or collection shows
    the newest active products, loaded with the rest of the page's catalog."""
    from cms.models import LandingPage

    with in_a():
        publish(
            home_a,
            LandingPage(
                title="New", slug="new", body=[block("product_grid", heading="New", count=12)]
            ),
        )
        for i in range(3):
            builders.image(builders.sized(f"Early {i}", handle=f"early-{i}"), alt_text="x")
    few, html = _queries(get, "/new/")
    assert html.count('<li class="cms-product-card') == 3
    with in_a():
        for i in range(9):
            builders.image(builders.sized(f"Late {i}", handle=f"late-{i}"), alt_text="x")
    many, html = _queries(get, "/new/")
    assert html.count('<li class="cms-product-card') == 12
    assert few == many
    assert html.index("Late 8") < html.index("Early 0")  # newest first

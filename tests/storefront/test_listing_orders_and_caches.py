"""Listing sorts on their indexed columns, and the cached option choices and counts.

The option choices and the total of a listing are cached per catalogue version
(``catalog.versions``), so these tests write through ``catalog.services`` and run
the on-commit callbacks, as a committed write would.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import Product
from catalog.services import product_create, product_set_status, variant_update
from tests.storefront import builders
from tests.storefront.test_collection_page import titles

pytestmark = pytest.mark.django_db


def _published(product, days_ago):
    when = timezone.now() - timedelta(days=days_ago)
    Product.objects.filter(pk=product.pk).update(published_at=when, created_at=when)


@pytest.fixture
def ties(in_a):
    """Two products at 10.00 (older, newer), one at 5.00, one without a price."""
    with in_a():
        older = builders.product("Older ten", handle="older", variants=[{"price": "10.00"}])
        newer = builders.product("Newer ten", handle="newer", variants=[{"price": "10.00"}])
        five = builders.product("Five", handle="five", variants=[{"price": "5.00"}])
        unpriced = builders.product("Unpriced", handle="unpriced", variants=[])
        for days, p in ((3, older), (1, newer), (2, five), (0, unpriced)):
            _published(p, days)
        auto = builders.collection("Auto", handle="auto", kind="automatic", match="any")
        builders.rule(auto, "price", "greater_than", "4")
        builders.rule(auto, "title", "equals", "Unpriced")


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # Equal prices: by id in the sort's direction (a cursor needs a unique last
        # key, storefront.keyset); no price: last in both directions.
        ("price-asc", ["Five", "Older ten", "Newer ten", "Unpriced"]),
        ("price-desc", ["Newer ten", "Older ten", "Five", "Unpriced"]),
        ("newest", ["Unpriced", "Newer ten", "Five", "Older ten"]),
        # Nothing sold: equal units, so by id, the last made first.
        ("best-selling", ["Unpriced", "Five", "Newer ten", "Older ten"]),
    ],
)
@pytest.mark.parametrize("url", ["/collections/all/", "/collections/auto/"])
def test_sort_orders(get, ties, url, sort, expected):
    assert titles(get(url, sort=sort)) == expected


def test_automatic_default_is_newest_and_price_rules_match_each_product_once(get, ties, in_a):
    with in_a():
        builders.sized("Many prices", base="6.00")  # 6, 7 and 8: three matching variants
    shown = titles(get("/collections/auto/"))
    assert shown == ["Many prices", "Unpriced", "Newer ten", "Five", "Older ten"]


def test_products_published_together_are_ordered_by_id(get, in_a):
    with in_a():
        made = [builders.product(f"Same {i}", handle=f"same-{i}") for i in range(3)]
        same = timezone.now() - timedelta(days=1)
        Product.objects.filter(pk__in=[p.pk for p in made]).update(published_at=same)
    assert titles(get("/collections/all/")) == ["Same 2", "Same 1", "Same 0"]


def _options(response) -> list[str]:
    return re.findall(r'<label for="id_option_\d+">(.*?)</label>', response.content.decode())


def test_option_choices_follow_a_renamed_value(get, in_a, django_capture_on_commit_callbacks):
    with in_a(), django_capture_on_commit_callbacks(execute=True):
        product_create(title="Tee", options=[("Size", ["S", "M"])], status="active")
    assert _options(get("/collections/all/")) == ["M", "S"]
    with in_a(), django_capture_on_commit_callbacks(execute=True):
        variant = Product.objects.get(title="Tee").variants.get(option1="M")
        variant_update(variant=variant, option1="XL")
    assert _options(get("/collections/all/")) == ["S", "XL"]
    assert titles(get("/collections/all/", option="XL")) == ["Tee"]
    assert titles(get("/collections/all/", option="S")) == ["Tee"]


def test_a_second_view_reads_choices_and_count_from_the_cache(get, in_a):
    with in_a():
        builders.sized("Tee", handle="tee")
    get("/collections/all/", sort="price-asc")
    with CaptureQueriesContext(connection) as first:
        get("/collections/all/", sort="price-desc")  # other sort: same choices and count
    with CaptureQueriesContext(connection) as second:
        get("/collections/all/", sort="price-desc")
    sql = " ".join(q["sql"] for q in first.captured_queries).lower()
    assert "unnest" not in sql and "count(*)" not in sql
    assert len(second) == len(first)


def test_the_count_follows_a_status_change(get, in_a, django_capture_on_commit_callbacks):
    with in_a(), django_capture_on_commit_callbacks(execute=True):
        made = [product_create(title=f"P{i}", status="active") for i in range(25)]
    assert len(titles(get("/collections/all/", page="2"))) == 1
    with in_a(), django_capture_on_commit_callbacks(execute=True):
        product_set_status(products=[made[0]], status="archived")
    # With a stale count (25) page 2 would exist and be empty; it is now page 1.
    assert len(titles(get("/collections/all/", page="2"))) == 24


def test_cached_choices_never_cross_shops(client, in_a, shop_b):
    from django_tenants.utils import schema_context

    with in_a():
        builders.sized("Alpha tee", handle="tee", sizes=("S",))
    with schema_context(shop_b.schema_name):
        builders.sized("Beta tee", handle="tee", sizes=("XXL",))
    alpha = client.get("/collections/all/", HTTP_HOST="alpha.souk.test")
    beta = client.get("/collections/all/", HTTP_HOST="beta.souk.test")
    assert _options(alpha) == ["S"] and titles(alpha) == ["Alpha tee"]
    assert _options(beta) == ["XXL"] and titles(beta) == ["Beta tee"]

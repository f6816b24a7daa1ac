"""Collection pages: membership and rules, sorting, filters, pagination, bad input."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import Collection, CollectionProduct, Product
from tests.storefront import builders

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<span class="product-card__title">(.*?)</span>', html)


def _age(product, days):
    """Created and published ``days`` ago (the newest sort reads ``published_at``)."""
    then = timezone.now() - timedelta(days=days)
    Product.objects.filter(pk=product.pk).update(created_at=then, published_at=then)


@pytest.fixture
def shelf(in_a):
    """Three active products (and a draft) in a manual collection, in a chosen order."""
    with in_a():
        cheap = builders.sized("Cheap", handle="cheap", base="5.00", sizes=("S",))
        mid = builders.sized("Mid", handle="mid", base="20.00", sizes=("M", "L"))
        dear = builders.product(
            "Dear",
            handle="dear",
            option_names=("Colour",),
            variants=[{"option1": "Red", "price": "90.00"}, {"option1": "Blue", "price": "15.00"}],
        )
        draft = builders.product("Draft", handle="draft", status="draft")
        for days, p in ((3, cheap), (1, mid), (2, dear)):
            _age(p, days)
        builders.collection("Shelf", handle="shelf", products=[mid, cheap, draft, dear])


def test_manual_collection_lists_active_members_in_membership_order(get, shelf):
    response = get("/collections/shelf/")
    assert titles(response) == ["Mid", "Cheap", "Dear"]
    html = response.content.decode()
    assert "<h1>Shelf</h1>" in html
    assert '<link rel="canonical" href="http://alpha.souk.test/collections/shelf/">' in html


def test_unknown_or_unpublished_collection_is_404(get, in_a):
    with in_a():
        builders.collection("Secret", handle="secret", is_published=False)
    assert get("/collections/secret/").status_code == 404
    assert get("/collections/nope/").status_code == 404


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price-asc", ["Cheap", "Dear", "Mid"]),  # from 5, from 15, from 20
        ("price-desc", ["Mid", "Dear", "Cheap"]),
        ("newest", ["Mid", "Dear", "Cheap"]),
        ("best-selling", ["Dear", "Mid", "Cheap"]),  # nothing sold: the last made first
        ("featured", ["Mid", "Cheap", "Dear"]),
    ],
)
def test_sorting(get, shelf, sort, expected):
    assert titles(get("/collections/shelf/", sort=sort)) == expected


def test_price_filter_needs_one_variant_in_range(get, shelf):
    # Dear has a 15.00 variant: it is in 10-16 although its highest price is 90.
    assert titles(get("/collections/shelf/", min_price="10", max_price="16")) == ["Dear"]
    assert titles(get("/collections/shelf/", min_price="21")) == ["Mid", "Dear"]
    assert titles(get("/collections/shelf/", max_price="5")) == ["Cheap"]


def test_option_filter(get, shelf):
    assert titles(get("/collections/shelf/", option="Red")) == ["Dear"]
    response = get("/collections/shelf/", option=["S", "L"])
    assert titles(response) == ["Mid", "Cheap"]
    html = response.content.decode()
    # Every option value is offered as a labelled checkbox.
    for value in ("S", "M", "L", "Red", "Blue"):
        assert re.search(rf'<label for="id_option_\d+">{value}</label>', html)


def test_available_filter_keeps_products_that_can_be_bought(get, shelf, in_a):
    with in_a():
        empty = builders.product("No variants", handle="no-variants", variants=[])
        shelf_id = Collection.objects.get(handle="shelf").pk
        CollectionProduct.objects.create(collection_id=shelf_id, product=empty, position=9)
    assert "No variants" in titles(get("/collections/shelf/"))
    assert titles(get("/collections/shelf/", available="1")) == ["Mid", "Cheap", "Dear"]


def test_filters_combine_on_one_variant(get, shelf):
    # Dear is Red at 90 and Blue at 15: no red variant under 20.
    assert titles(get("/collections/shelf/", option="Red", max_price="20")) == []


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "cheapest"},
        {"min_price": "abc"},
        {"min_price": "-5"},
        {"max_price": "1e400"},
        {"max_price": "NaN"},
        {"min_price": "99999999999999999"},
        {"option": "Purple"},
        {"option": "\x00"},
        {"sort": "\x00"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"page": "\x00"},
        {"available": "maybe"},
    ],
)
def test_bad_parameters_never_break_the_page(get, shelf, params):
    response = get("/collections/shelf/", **params)
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Cheap", "Dear", "Mid"]


def test_bad_filter_is_explained_and_the_good_ones_still_apply(get, shelf):
    response = get("/collections/shelf/", min_price="abc", max_price="6")
    assert titles(response) == ["Cheap"]
    html = response.content.decode()
    assert "could not be used and were ignored" in html
    assert "Lowest price: Enter a number." in html


def test_inverted_price_range_is_explained(get, shelf):
    html = get("/collections/shelf/", min_price="50", max_price="10").content.decode()
    assert "The highest price must not be below the lowest." in html


def test_pagination_24_per_page(get, in_a):
    with in_a():
        made = [builders.product(f"Item {i:02d}", handle=f"item-{i:02d}") for i in range(30)]
        builders.collection("Big", handle="big", products=made)
    first = get("/collections/big/")
    second = get("/collections/big/", page="2")
    assert titles(first) == [f"Item {i:02d}" for i in range(24)]
    assert titles(second) == [f"Item {i:02d}" for i in range(24, 30)]
    assert "Page 1 of 2" in first.content.decode()
    assert 'rel="next" href="?page=2"' in first.content.decode()
    html = second.content.decode()
    assert 'rel="prev" href="?page=1"' in html
    assert '<link rel="canonical" href="http://alpha.souk.test/collections/big/?page=2">' in html
    # Sort and filters are kept when paging.
    sorted_page = get("/collections/big/", sort="price-asc").content.decode()
    assert 'href="?sort=price-asc&amp;page=2"' in sorted_page


def test_automatic_collection_all_rules(get, in_a):
    with in_a():
        summer_tee = builders.product("Summer tee", tags=["summer"], vendor="Acme")
        builders.product("Summer hat", tags=["summer"], vendor="Other")
        builders.product("Winter tee", tags=["winter"], vendor="Acme")
        builders.product("Draft summer", tags=["summer"], vendor="Acme", status="draft")
        c = builders.collection("Acme summer", handle="acme-summer", kind="automatic")
        builders.rule(c, "tag", "equals", "summer")
        builders.rule(c, "vendor", "equals", "acme")
    assert titles(get("/collections/acme-summer/")) == [summer_tee.title]


def test_automatic_collection_any_rule_with_price_lists_each_product_once(get, in_a):
    with in_a():
        builders.sized("Three sizes", sizes=("S", "M", "L"), base="50.00")
        builders.product("Tagged", tags=["sale"], variants=[{"price": "1.00"}])
        builders.product("Neither", variants=[{"price": "2.00"}])
        c = builders.collection("Deals", handle="deals", kind="automatic", match="any")
        builders.rule(c, "price", "greater_than", "40")
        builders.rule(c, "tag", "equals", "sale")
        builders.rule(c, "price", "greater_than", "not a number")  # cannot match: skipped
    response = get("/collections/deals/", sort="price-asc")
    assert titles(response) == ["Tagged", "Three sizes"]
    assert "2 products" in response.content.decode()


def test_automatic_collection_without_usable_rules_is_empty(get, in_a):
    with in_a():
        builders.product("Anything")
        c = builders.collection("Broken", handle="broken", kind="automatic")
        builders.rule(c, "price", "equals", "oops")
        builders.collection("No rules", handle="no-rules", kind="automatic")
    assert titles(get("/collections/broken/")) == []
    assert titles(get("/collections/no-rules/")) == []


def test_all_products_collection(get, shelf):
    response = get("/collections/all/")
    assert titles(response) == ["Mid", "Dear", "Cheap"]
    assert "All products" in response.content.decode()


def test_cards_link_to_products_and_show_price_ranges(get, shelf):
    html = get("/collections/shelf/").content.decode()
    assert 'href="/products/mid/"' in html
    assert "From</span> <span" in html and "$20.00" in html
    assert "image-placeholder" in html  # no images: a neutral block

"""Cursor pages of a listing: every product once, whatever the ties and the changes.

Pages are made tiny (3 products, one numbered page) so that a handful of products
spans many cursor pages; the code reads both numbers at request time.
"""

import html
import re
from decimal import Decimal

import pytest

from catalog.models import Product
from storefront import pagination
from tests.storefront import builders
from tests.storefront.test_collection_page import titles

pytestmark = pytest.mark.django_db

SORTS = ["price-asc", "price-desc", "newest", "best-selling"]


@pytest.fixture(autouse=True)
def tiny_pages(monkeypatch):
    monkeypatch.setattr(pagination, "PER_PAGE", 3)
    monkeypatch.setattr(pagination, "NUMBERED_PAGES", 1)


@pytest.fixture
def ties(in_a):
    """Eleven products: three at 5.00, four at 10.00, two at 15.00, two unpriced;
    everything published at the same instant (ties on the date too)."""
    with in_a():
        made = []
        for n, price in enumerate(["5", "10", "5", "15", "10", None, "5", "10", "15", None, "10"]):
            variants = [{"price": price}] if price else []
            made.append(builders.product(f"Item {n:02}", handle=f"item-{n}", variants=variants))
        Product.objects.update(published_at=made[0].published_at)
        Product.objects.filter(pk__in=[made[1].pk, made[3].pk]).update(units_sold=7)
    return made


def _link(response, rel):
    found = re.search(rf'rel="{rel}" href="([^"]+)"', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def _get_link(client, path, link):
    return client.get(path + link, HTTP_HOST="alpha.souk.test")


def _walk(client, path, first, rel="next"):
    """Titles page by page, following ``rel`` links from the response ``first``."""
    pages, response = [], first
    while True:
        pages.append(titles(response))
        link = _link(response, rel)
        if link is None:
            return pages
        assert len(pages) < 20, "the walk does not end"
        response = _get_link(client, path, link)


@pytest.mark.parametrize("sort", SORTS)
def test_walking_next_then_previous_shows_every_product_once(client, get, ties, sort, monkeypatch):
    monkeypatch.setattr(pagination, "PER_PAGE", 100)
    whole = titles(get("/collections/all/", sort=sort))
    monkeypatch.setattr(pagination, "PER_PAGE", 3)
    assert len(whole) == 11

    forward = _walk(client, "/collections/all/", get("/collections/all/", sort=sort))
    assert [t for page in forward for t in page] == whole
    assert [len(p) for p in forward] == [3, 3, 3, 2]

    # From the last page back: the same pages in reverse, the first one whole.
    last = _get_link(client, "/collections/all/", _link_to_last(client, get, sort))
    backward = _walk(client, "/collections/all/", last, rel="prev")
    assert backward == list(reversed(forward))


def _link_to_last(client, get, sort):
    response, link = get("/collections/all/", sort=sort), None
    while (following := _link(response, "next")) is not None:
        link, response = following, _get_link(client, "/collections/all/", following)
    return link


def test_the_unpriced_tail_follows_the_priced_products_both_ways(client, get, ties, monkeypatch):
    """The NULL prices sort last: a page crossing into them is topped up, and going
    back from there continues with the dearest priced products."""
    monkeypatch.setattr(pagination, "PER_PAGE", 4)
    pages = _walk(client, "/collections/all/", get("/collections/all/", sort="price-asc"))
    item = "Item {:02}".format
    assert pages == [
        [item(0), item(2), item(6), item(1)],  # 5, 5, 5, 10
        [item(4), item(7), item(10), item(3)],  # 10, 10, 10, 15
        [item(8), item(5), item(9)],  # 15, then the two without a price
    ]
    last = _get_link(client, "/collections/all/", _link_to_last(client, get, "price-asc"))
    assert _walk(client, "/collections/all/", last, rel="prev") == list(reversed(pages))


def test_products_changing_between_requests_are_neither_repeated_nor_skipped(
    client, get, ties, in_a
):
    """Cursors hold sort values, not row numbers: products added or removed behind
    the cursor do not shift what comes after it."""
    first = get("/collections/all/", sort="price-asc")
    second = _get_link(client, "/collections/all/", _link(first, "next"))
    seen = titles(first) + titles(second)  # the three 5.00 items, then 10.00 items
    with in_a():
        builders.product("Cheaper newcomer", handle="cheap-new", variants=[{"price": "1"}])
        builders.product("Dear newcomer", handle="dear-new", variants=[{"price": "12"}])
        Product.objects.filter(handle="item-8").delete()  # a 15.00 not yet seen
        Product.objects.filter(handle="item-0").update(min_price=Decimal("2"))  # seen
    third = _get_link(client, "/collections/all/", _link(second, "next"))
    after = [t for page in _walk(client, "/collections/all/", third) for t in page]
    shown = seen + after
    assert len(shown) == len(set(shown))
    assert "Cheaper newcomer" not in shown  # added before the cursor
    assert "Dear newcomer" in after and "Item 08" not in shown
    everyone = {f"Item {n:02}" for n in range(11)} - {"Item 08"}
    assert everyone <= set(shown)


def _tamper(cursor: str) -> str:
    body, _, signature = cursor.rpartition(":")
    return f"{body[:-1]}{'A' if body[-1] != 'A' else 'B'}:{signature}"


def test_bad_cursors_show_the_first_page_with_a_note(client, get, ties):
    good = _link(get("/collections/all/", sort="price-asc"), "next")
    cursor = re.search(r"after=([^&]+)", good).group(1)
    from urllib.parse import unquote

    cursor = unquote(cursor)
    page_one = titles(get("/collections/all/", sort="price-asc"))
    for params in (
        {"sort": "price-asc", "after": "garbage"},
        {"sort": "price-asc", "after": _tamper(cursor)},
        {"sort": "price-asc", "before": "x" * 5000},
        {"sort": "price-asc", "after": "\x00"},
        {"sort": "price-asc", "after": cursor + "0"},
        {"sort": "newest", "after": cursor},  # another sort's cursor
    ):
        response = get("/collections/all/", **params)
        assert response.status_code == 200, params
        body = response.content.decode()
        assert "That page link is out of date or damaged" in body, params
        assert '<meta name="robots" content="noindex, follow">' in body
        expected = page_one if params["sort"] == "price-asc" else titles(get("/collections/all/"))
        assert titles(response) == expected, params
    ok = get("/collections/all/", sort="price-asc", after=cursor)
    assert "out of date" not in ok.content.decode()


def test_a_page_has_one_url_whatever_the_time(client, get, ties, monkeypatch):
    """No timestamp in a cursor: the page cache and crawlers see one URL per page."""
    import time

    first = _link(get("/collections/all/", sort="price-asc"), "next")
    monkeypatch.setattr(time, "time", lambda: 4_000_000_000.0)
    assert _link(get("/collections/all/", sort="price-asc"), "next") == first


def test_a_cursor_is_bound_to_its_listing(client, get, ties, in_a):
    with in_a():
        builders.collection("Some", handle="some", products=Product.objects.all()[:5])
    link = _link(get("/collections/all/", sort="price-asc"), "next")
    response = client.get("/collections/some/" + link, HTTP_HOST="alpha.souk.test")
    assert "That page link is out of date or damaged" in response.content.decode()


def test_links_keep_sort_and_filters_and_cursor_pages_are_noindex(client, get, ties):
    params = {"sort": "price-desc", "min_price": "1", "available": "1"}
    first = get("/collections/all/", **params)
    body = first.content.decode()
    assert '<link rel="canonical" href="http://alpha.souk.test/collections/all/">' in body
    assert "noindex" not in body
    link = _link(first, "next")
    assert link.startswith("?sort=price-desc&min_price=1&available=1&after=")
    second = _get_link(client, "/collections/all/", link)
    body = second.content.decode()
    assert '<meta name="robots" content="noindex, follow">' in body
    assert 'rel="canonical"' not in body
    assert _link(second, "prev").startswith("?sort=price-desc&min_price=1&available=1&before=")
    assert _link(second, "next").startswith("?sort=price-desc&min_price=1&available=1&after=")
    # The numbered first page stays reachable from a cursor page.
    assert 'href="?sort=price-desc&amp;min_price=1&amp;available=1&amp;page=1"' in body


def test_numbered_pages_first_then_cursors_and_old_deep_page_numbers_still_work(
    client, get, ties, monkeypatch
):
    monkeypatch.setattr(pagination, "NUMBERED_PAGES", 2)
    first = get("/collections/all/", sort="price-asc")
    assert _link(first, "next") == "?sort=price-asc&page=2"
    second = get("/collections/all/", sort="price-asc", page="2")
    assert "after=" in _link(second, "next") and _link(second, "prev") == "?sort=price-asc&page=1"
    # Old links to pages 3 and 4 (beyond the numbered ones): the same products as
    # the cursor pages, reached by OFFSET; their neighbours beyond page 2 are cursors.
    third = get("/collections/all/", sort="price-asc", page="3")
    by_cursor = _get_link(client, "/collections/all/", _link(second, "next"))
    assert titles(third) == titles(by_cursor)
    assert _link(third, "prev") == "?sort=price-asc&page=2" and "after=" in _link(third, "next")
    assert '<link rel="canonical" href="http://alpha.souk.test/collections/all/?page=3">' in (
        third.content.decode()
    )
    fourth = get("/collections/all/", sort="price-asc", page="4")
    back = _get_link(client, "/collections/all/", _link(fourth, "prev"))
    assert "before=" in _link(fourth, "prev") and titles(back) == titles(third)


def test_manual_collection_featured_order_pages_by_cursor(client, get, in_a):
    with in_a():
        made = [builders.product(f"Pick {n}", handle=f"pick-{n}") for n in range(7)]
        builders.collection("Picks", handle="picks", products=list(reversed(made)))
    pages = _walk(client, "/collections/picks/", get("/collections/picks/"))
    assert [t for p in pages for t in p] == [f"Pick {n}" for n in reversed(range(7))]


def test_a_cursor_past_the_end_shows_the_first_page(client, get, ties, in_a):
    last_link = _link_to_last(client, get, "price-asc")
    with in_a():
        Product.objects.filter(min_price__isnull=True).delete()
        Product.objects.filter(min_price=Decimal("15")).delete()
    response = _get_link(client, "/collections/all/", last_link)
    assert response.status_code == 200
    assert titles(response) == titles(get("/collections/all/", sort="price-asc"))

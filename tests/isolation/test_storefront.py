"""Shop B's storefront never serves, finds or lists shop A's catalogue."""

from xml.etree import ElementTree as ET

import pytest
from django_tenants.utils import schema_context

from tests.storefront import builders


@pytest.fixture
def a_catalog(shop_a, shop_b):
    """A has a product and a collection; B has a product of its own."""
    with schema_context(shop_a.schema_name):
        secret = builders.product("Alpha secret kettle", handle="secret-kettle")
        builders.index_for_search(secret)
        builders.collection("Alpha picks", handle="alpha-picks", products=[secret])
    with schema_context(shop_b.schema_name):
        mine = builders.product("Beta kettle", handle="beta-kettle")
        builders.index_for_search(mine)


def test_a_product_and_collection_404_on_b(client, a_catalog):
    for url in ("/products/secret-kettle/", "/collections/alpha-picks/"):
        assert client.get(url, HTTP_HOST="alpha.souk.test").status_code == 200
        response = client.get(url, HTTP_HOST="beta.souk.test")
        assert response.status_code == 404
        assert "Alpha" not in response.content.decode()


def test_b_search_and_listing_never_show_a_products(client, a_catalog):
    found_on_a = client.get("/search/", {"q": "kettle"}, HTTP_HOST="alpha.souk.test")
    assert "Alpha secret kettle" in found_on_a.content.decode()
    for url, params in (("/search/", {"q": "kettle"}), ("/collections/all/", {})):
        html = client.get(url, params, HTTP_HOST="beta.souk.test").content.decode()
        assert "Beta kettle" in html
        assert "Alpha secret kettle" not in html and "secret-kettle" not in html


def test_b_sitemap_never_lists_a_urls(client, a_catalog):
    response = client.get("/sitemap.xml", HTTP_HOST="beta.souk.test")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    urls = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "http://beta.souk.test/products/beta-kettle/" in urls
    assert all(u.startswith("http://beta.souk.test/") for u in urls)
    assert not any("secret-kettle" in u or "alpha-picks" in u for u in urls)


def test_a_variant_id_means_nothing_on_b(client, a_catalog, shop_a):
    with schema_context(shop_a.schema_name):
        from catalog.models import Variant

        a_variant = Variant.objects.get(product__handle="secret-kettle").pk
    # Same id space in every schema: B's product must not pick up A's variant data.
    response = client.get(
        "/products/beta-kettle/", {"variant": str(a_variant)}, HTTP_HOST="beta.souk.test"
    )
    assert response.status_code == 200
    assert "Alpha" not in response.content.decode()


def test_a_page_cursor_from_a_means_nothing_on_b(client, shop_a, shop_b, monkeypatch):
    """Cursors are signed for one shop's schema (storefront.keyset): one made by A and
    replayed on B's same listing is refused like a forged one, and B shows its own
    first page — never a position computed from A's products."""
    import html
    import re

    from storefront import pagination

    monkeypatch.setattr(pagination, "PER_PAGE", 2)
    monkeypatch.setattr(pagination, "NUMBERED_PAGES", 1)
    for shop, prefix in ((shop_a, "Alpha"), (shop_b, "Beta")):
        with schema_context(shop.schema_name):
            for n in range(5):
                builders.product(f"{prefix} item {n}", handle=f"item-{n}")
    page_one = client.get("/collections/all/", HTTP_HOST="alpha.souk.test").content.decode()
    link = html.unescape(re.search(r'rel="next" href="([^"]+)"', page_one).group(1))
    assert "after=" in link
    on_a = client.get("/collections/all/" + link, HTTP_HOST="alpha.souk.test").content.decode()
    assert "That page link is out of date" not in on_a and "Alpha item" in on_a

    on_b = client.get("/collections/all/" + link, HTTP_HOST="beta.souk.test")
    body = on_b.content.decode()
    assert on_b.status_code == 200
    assert "That page link is out of date or damaged" in body
    assert "Alpha" not in body
    b_first = client.get("/collections/all/", HTTP_HOST="beta.souk.test").content.decode()
    cards = r'<span class="product-card__title">(.*?)</span>'
    assert re.findall(cards, body) == re.findall(cards, b_first)

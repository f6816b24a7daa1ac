"""sitemap.xml, robots.txt and the themed 404."""

from xml.etree import ElementTree as ET

import pytest
from wagtail.models import Page

from tests.storefront import builders

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


@pytest.fixture
def catalog(in_a):
    with in_a():
        builders.product("Live", handle="live")
        builders.product("Draft", handle="draft-one", status="draft")
        builders.product("Gone", handle="gone", status="archived")
        builders.collection("Shown", handle="shown")
        builders.collection("Hidden", handle="hidden", is_published=False)
        home = Page.objects.get(depth=2)
        about = Page(title="About", slug="about")
        home.add_child(instance=about)
        about.save_revision().publish()
        unpublished = Page(title="Later", slug="later", live=False)
        home.add_child(instance=unpublished)


def test_sitemap_lists_published_things_with_absolute_urls(get, catalog):
    urls = sitemap_urls(get("/sitemap.xml"))
    base = "http://alpha.souk.test"
    assert urls == [
        f"{base}/",
        # The policy pages every shop starts with (cms.legal).
        f"{base}/refund-policy/",
        f"{base}/privacy-policy/",
        f"{base}/terms-of-service/",
        f"{base}/about/",
        f"{base}/collections/all/",
        f"{base}/collections/shown/",
        f"{base}/products/live/",
    ]


def test_sitemap_uses_the_requests_host(client, catalog, shop_a):
    from django.db import connection

    from shops.models import Domain
    from shops.routing import directory

    connection.set_schema_to_public()
    # Primary: a shop's other domains 301 to its primary one (shops.routing).
    Domain.objects.create(
        domain="shop.example.com", tenant=shop_a, is_primary=True, verified_at="2024-01-01T00:00Z"
    )
    directory.invalidate()
    response = client.get("/sitemap.xml", HTTP_HOST="shop.example.com")
    assert all(u.startswith("http://shop.example.com/") for u in sitemap_urls(response))


def test_sitemap_has_lastmod_dates(get, catalog):
    root = ET.fromstring(get("/sitemap.xml").content)  # noqa: S314
    lastmods = [e.text for e in root.findall("s:url/s:lastmod", NS)]
    assert lastmods and all(len(d) == 10 and d[4] == "-" for d in lastmods)


def test_robots_txt_points_at_the_sitemap(get, shop_a):
    body = get("/robots.txt").content.decode()
    assert "Sitemap: http://alpha.souk.test/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_unknown_url_gets_the_themed_404_with_search(get, shop_a):
    response = get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "Alpha Goods" in html
    assert 'role="search"' in html and "storefront.css" in html

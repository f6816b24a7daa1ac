"""The page cache cannot be poisoned or split through the request's Host.

A page prints absolute URLs (canonical, og:url, og:image, JSON-LD, sitemap, feeds,
e-mailed links). They come from the shop's primary domain, never from the Host the
request named: ``Host: alpha.souk.test:1337`` must not store a page (or send a mail)
whose links carry ``:1337``. And the cache key cannot be split by port, letter case
or a trailing dot in Host: those requests get the page everyone else gets.
"""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import pytest
from django.core import mail
from django.test import Client
from django_tenants.utils import schema_context
from wagtail.models import Site

from catalog.services import product_create
from storefront.page_cache import STATUS_HEADER
from tests.cms.conftest import image, publish
from tests.storefront import builders

pytestmark = pytest.mark.django_db

HOST = "alpha.souk.test"
POISONED = ("alpha.souk.test:1337", "ALPHA.Souk.Test.", "alpha.souk.test.:1337")


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.STOREFRONT_PAGE_CACHE = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def pages(shop_a, commit):
    """A product with a picture, an About page with a sharing image, a blog with a feed."""
    from cms.models import BlogIndexPage, BlogPage, HomePage, StandardPage, StorefrontSettings

    with schema_context(shop_a.schema_name), commit():
        tee = product_create(
            title="Alpha tee", handle="tee", options=[("Size", ["S"])], status="active"
        )
        builders.image(tee)
        home = HomePage.objects.get()
        settings = StorefrontSettings.for_site(Site.objects.get())
        settings.default_seo_image = image("Share", size=(1400, 800))
        settings.save()
        publish(home, StandardPage(title="About", slug="about"))
        journal = publish(home, BlogIndexPage(title="Journal", slug="journal"))
        publish(journal, BlogPage(title="First", slug="first"))


def _get(path, host=HOST):
    return Client().get(path, HTTP_HOST=host)


def _absolute_urls(html: str) -> list[str]:
    return re.findall(r"https?://[^\"'<>\s]+", html)


def _own_urls(html: str) -> list[str]:
    """The absolute URLs of the shop's own pages and media (not schema.org's)."""
    return [u for u in _absolute_urls(html) if "souk.test" in u.lower()]


@pytest.mark.parametrize("host", POISONED)
@pytest.mark.parametrize("path", ["/products/tee/", "/about/", "/collections/all/"])
def test_a_forged_host_never_reaches_the_page_or_the_cache(pages, host, path):
    forged = _get(path, host)
    assert forged.status_code == 200
    urls = _own_urls(forged.content.decode())
    assert urls, "the page prints absolute URLs"
    assert all(u.startswith(f"http://{HOST}/") for u in urls), urls
    # The next anonymous visitor on the right host gets the same clean page.
    clean = _get(path)
    assert clean[STATUS_HEADER] == "hit"
    assert all(u.startswith(f"http://{HOST}/") for u in _own_urls(clean.content.decode()))


def test_canonical_og_and_json_ld_name_the_primary_domain(pages):
    html = _get("/products/tee/", "alpha.souk.test:1337").content.decode()
    assert f'<link rel="canonical" href="http://{HOST}/products/tee/">' in html
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["url"] == f"http://{HOST}/products/tee/"
    assert all(u.startswith(f"http://{HOST}/media/") for u in data["image"])
    about = _get("/about/", "alpha.souk.test:1337").content.decode()
    assert f'<meta property="og:url" content="http://{HOST}/about/">' in about
    assert f'property="og:image" content="http://{HOST}/media/' in about


@pytest.mark.parametrize("host", POISONED)
def test_case_port_and_trailing_dot_share_one_cache_entry(pages, host):
    assert _get("/about/")[STATUS_HEADER] == "miss"
    assert _get("/about/", host)[STATUS_HEADER] == "hit"


def test_sitemap_robots_and_feed_name_the_primary_domain(pages):
    forged = "alpha.souk.test:1337"
    root = ET.fromstring(_get("/sitemap.xml", forged).content)  # noqa: S314 - our own output
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(u.startswith(f"http://{HOST}/") for u in locs)
    assert f"Sitemap: http://{HOST}/sitemap.xml" in _get("/robots.txt", forged).content.decode()
    feed = _get("/journal/feed/", forged).content.decode()
    assert ":1337" not in feed
    assert f"http://{HOST}/journal/first/" in feed


def test_scheme_and_dev_port_come_from_settings(pages, settings):
    """PLATFORM_SCHEME always; PLATFORM_PORT only on <sub>.<PLATFORM_DOMAIN> hosts."""
    settings.PLATFORM_SCHEME = "https"
    settings.PLATFORM_PORT = "8000"
    html = _get("/about/", "alpha.souk.test:1337").content.decode()
    assert f'<link rel="canonical" href="https://{HOST}:8000/about/">' in html


def test_a_custom_primary_domain_is_used_without_the_dev_port(pages, shop_a, settings):
    from django.db import connection

    from shops.models import Domain
    from shops.routing import directory

    settings.PLATFORM_PORT = "8000"
    connection.set_schema_to_public()
    Domain.objects.create(
        domain="shop.example.com", tenant=shop_a, is_primary=True, verified_at="2024-01-01T00:00Z"
    )
    directory.invalidate()
    html = _get("/about/", "shop.example.com:1337").content.decode()
    assert '<link rel="canonical" href="http://shop.example.com/about/">' in html
    # The admin stays on the platform subdomain; its links name the primary domain.
    body = _get("/robots.txt", "SHOP.example.com.").content.decode()
    assert "Sitemap: http://shop.example.com/sitemap.xml" in body


def test_password_reset_mail_links_to_the_primary_domain(shop_a):
    from accounts.models import User

    with schema_context(shop_a.schema_name):
        User.objects.create_user(email="shopper@example.com", password="x-pass-12345")
    client = Client()
    response = client.post(
        "/account/password-reset/",
        {"email": "shopper@example.com"},
        HTTP_HOST="alpha.souk.test:1337",
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert ":1337" not in message.body
    assert f"http://{HOST}/account/" in message.body

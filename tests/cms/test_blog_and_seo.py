"""Blog index, posts, tags and RSS; SEO tags and the sitemap."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree as ET

import pytest

from tests.cms.conftest import image, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(in_a, home_a):
    from cms.models import BlogIndexPage, BlogPage

    with in_a():
        index = publish(home_a, BlogIndexPage(title="Journal", slug="journal", intro="News"))
        cover = image("Cover")
        first = BlogPage(
            title="First harvest",
            slug="first-harvest",
            date=date(2026, 5, 1),
            author="Mina",
            intro="The beans are in.",
            cover_image=cover,
            search_description="Our first harvest of the year",
        )
        first.tags.add("coffee", "news")
        publish(index, first)
        second = BlogPage(title="Brewing guide", slug="brewing", date=date(2026, 6, 1))
        second.tags.add("guides")
        publish(index, second)
        draft = BlogPage(title="Unfinished thoughts", slug="unfinished", live=False)
        index.add_child(instance=draft)
    return {"index": index, "first": first, "second": second}


def test_blog_index_lists_live_posts_newest_first(blog, get):
    html = get("/journal/").content.decode()
    assert html.index("Brewing guide") < html.index("First harvest")
    assert "Unfinished thoughts" not in html
    assert "Mina" in html and 'href="/journal/feed/"' in html


def test_blog_index_filters_by_tag(blog, get):
    html = get("/journal/", tag="coffee").content.decode()
    assert "First harvest" in html and "Brewing guide" not in html


def test_blog_post_shows_date_author_and_tags(blog, get):
    html = get("/journal/first-harvest/").content.decode()
    assert "Mina" in html and "2026-05-01" in html
    assert "?tag=coffee" in html and "?tag=news" in html
    assert '<meta property="og:type" content="article">' in html
    assert 'property="og:image" content="http://alpha.souk.test/' in html  # the cover


def test_rss_feed_has_live_posts_with_absolute_links(blog, get):
    response = get("/journal/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own output
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Brewing guide", "First harvest"]
    assert items[1].findtext("link") == "http://alpha.souk.test/journal/first-harvest/"
    assert {c.text for c in items[1].findall("category")} == {"coffee", "news"}


def test_seo_title_description_and_open_graph(in_a, home_a, get):
    from wagtail.models import Site

    from cms.models import StandardPage, StorefrontSettings

    with in_a():
        fallback = image("Default share", size=(1400, 800))
        settings = StorefrontSettings.for_site(Site.objects.get())
        settings.default_seo_image = fallback
        settings.save()
        publish(
            home_a,
            StandardPage(
                title="About",
                slug="about",
                seo_title="About our roastery",
                search_description="Who roasts your coffee",
            ),
        )
    html = get("/about/").content.decode()
    assert "<title>About our roastery</title>" in html
    assert '<meta name="description" content="Who roasts your coffee">' in html
    assert '<meta property="og:title" content="About our roastery">' in html
    assert '<meta property="og:description" content="Who roasts your coffee">' in html
    assert '<meta property="og:url" content="http://alpha.souk.test/about/">' in html
    assert '<link rel="canonical" href="http://alpha.souk.test/about/">' in html
    # No picture of its own: the shop's default sharing image, as a 1200x630 crop.
    assert 'property="og:image" content="http://alpha.souk.test/media/' in html
    assert 'og:image:width" content="1200"' in html


def test_sitemap_lists_pages_and_blog_posts_but_not_drafts(blog, in_a, home_a, get):
    from cms.models import StandardPage

    with in_a():
        publish(home_a, StandardPage(title="About", slug="about"))
    xml = get("/sitemap.xml").content.decode()
    for path in ("/about/", "/journal/", "/journal/first-harvest/", "/journal/brewing/"):
        assert f"<loc>http://alpha.souk.test{path}</loc>" in xml
    assert "unfinished" not in xml

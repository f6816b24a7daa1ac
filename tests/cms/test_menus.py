"""Header and footer menus: links to pages, collections, products and URLs, one level deep."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.cms.conftest import HOST_A, publish
from tests.storefront import builders

pytestmark = pytest.mark.django_db


def _item(children=(), **value):
    return {"type": "item", "value": {**value, "children": list(children)}}


def _menus(in_a, home_a, extra=0):
    from wagtail.models import Site

    from cms.models import NavigationSettings, StandardPage

    with in_a():
        about = publish(home_a, StandardPage(title="About us", slug="about"))
        mug = builders.product("Enamel Mug", handle="enamel-mug")
        kitchen = builders.collection("Kitchen", handle="kitchen", products=[mug])
        nav = NavigationSettings.for_site(Site.objects.get())
        header = [
            _item(
                [
                    {"collection": kitchen.pk},
                    {"label": "The mug", "product": mug.pk},
                    *[{"label": f"Extra {i}", "url": f"/x/{i}/"} for i in range(extra)],
                ],
                label="Shop",
                url="/collections/all/",
            ),
            _item(page=about.pk),
            _item(label="Journal", url="https://blog.example.com/"),
        ]
        nav.header_menu = header
        nav.footer_menu = [
            _item(
                [{"page": about.pk}, {"label": "Email us", "url": "mailto:hi@example.com"}],
                label="Help",
            ),
        ]
        nav.save()
    return about


def _render(in_a, template, path="/"):
    request = RequestFactory().get(path, HTTP_HOST=HOST_A)
    with in_a():
        return render_to_string(template, {"request": request}, request=request)


def test_header_menu_renders_links_and_a_dropdown(in_a, home_a):
    _menus(in_a, home_a)
    html = _render(in_a, "cms/partials/header_menu.html", path="/about/")
    assert "<summary>Shop</summary>" in html
    assert 'href="/collections/all/"' in html
    assert '<a href="/collections/kitchen/">Kitchen</a>' in html  # label from the collection
    assert '<a href="/products/enamel-mug/">The mug</a>' in html
    assert '<a href="/about/" aria-current="page">About us</a>' in html
    assert '<a href="https://blog.example.com/">Journal</a>' in html


def test_footer_menu_renders_columns(in_a, home_a):
    _menus(in_a, home_a)
    html = _render(in_a, "cms/partials/footer_menu.html")
    assert 'cms-footer-menu__heading">Help</h2>' in html
    assert '<a href="mailto:hi@example.com">Email us</a>' in html
    assert '<a href="/about/">About us</a>' in html


def test_header_menu_shows_on_cms_pages(in_a, home_a, get):
    _menus(in_a, home_a)
    assert "<summary>Shop</summary>" in get("/about/").content.decode()


def test_a_deleted_page_drops_out_of_the_menu(in_a, home_a):
    about = _menus(in_a, home_a)
    with in_a():
        about.delete()
    html = _render(in_a, "cms/partials/header_menu.html")
    assert "About us" not in html and "Journal" in html


def test_menu_costs_the_same_queries_for_few_or_many_links(in_a, home_a, shop_b):
    _menus(in_a, home_a)

    def count():
        caches["storefront"].clear()  # cold: the menu is resolved from the database
        with CaptureQueriesContext(connection) as captured:
            _render(in_a, "cms/partials/header_menu.html")
        return len(captured)

    count()  # warm-up: Wagtail caches the site's root paths
    few = count()
    with in_a():
        from cms.models import NavigationSettings

        nav = NavigationSettings.objects.get()
        raw = list(nav.header_menu.raw_data)
        raw[0]["value"]["children"] += [{"label": f"More {i}", "url": f"/m/{i}/"} for i in range(9)]
        nav.header_menu = raw
        nav.save()
    assert count() == few


def test_menu_link_validation_messages():
    from django.core.exceptions import ValidationError

    from cms.blocks import LinkBlock, MenuItemBlock

    link = LinkBlock()
    with pytest.raises(ValidationError) as none_chosen:
        link.clean(link.to_python({"label": "Nowhere"}))
    assert "Choose where this link goes" in str(none_chosen.value.block_errors)
    # one target is fine
    link.clean(link.to_python({"url": "/collections/all/"}))
    with pytest.raises(ValidationError) as bad_url:
        link.clean(link.to_python({"url": "javascript:alert(1)"}))
    assert "full web address" in str(bad_url.value.block_errors)
    # A footer column heading may link nowhere when it has links under it.
    item = MenuItemBlock()
    item.clean(item.to_python({"label": "Help", "children": [{"url": "/faq/"}]}))


def test_a_link_with_two_targets_is_refused(in_a, home_a):
    from django.core.exceptions import ValidationError

    from cms.blocks import LinkBlock

    link = LinkBlock()
    with in_a(), pytest.raises(ValidationError) as two_chosen:
        link.clean(link.to_python({"url": "/a/", "page": home_a.pk}))
    assert "only one" in str(two_chosen.value.block_errors)


def test_site_settings_partials_render_the_shops_details(in_a):
    from wagtail.models import Site

    from cms.models import StorefrontSettings
    from tests.cms.conftest import image

    with in_a():
        settings = StorefrontSettings.for_site(Site.objects.get())
        settings.announcement = "Free shipping over 50"
        settings.announcement_link = "/collections/all/"
        settings.contact_email = "hi@alpha.test"
        settings.contact_phone = "+44 20 7946 0958"
        settings.address = "1 Quay St\nPort"
        settings.instagram = "https://instagram.com/alpha"
        settings.logo = image("Alpha logo", size=(300, 100))
        settings.favicon = image("Alpha icon", size=(64, 64))
        settings.save()

    def render(name):
        request = RequestFactory().get("/", HTTP_HOST=HOST_A)
        with in_a():
            from django.template import engines

            engine = engines["django"]
            template = engine.from_string(f'{{% include "{name}.html" %}}')
            return template.render({"request": request}, request)

    bar = render("cms/partials/announcement_bar")
    assert '<a href="/collections/all/">Free shipping over 50</a>' in bar
    details = render("cms/partials/contact_details")
    assert 'href="mailto:hi@alpha.test"' in details and 'href="tel:+442079460958"' in details
    assert "1 Quay St<br>Port" in details
    assert 'href="https://instagram.com/alpha"' in render("cms/partials/social_links")
    assert 'class="brand__logo"' in render("partials/brand")

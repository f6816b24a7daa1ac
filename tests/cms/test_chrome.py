"""Menus and storefront settings on every storefront page: cached per shop, dropped on save."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cms.conftest import HOST_B
from tests.cms.test_menus import _menus
from tests.storefront import builders

pytestmark = pytest.mark.django_db


def _storefront_settings(in_a, **values):
    from wagtail.models import Site

    from cms.models import StorefrontSettings

    with in_a():
        settings = StorefrontSettings.for_site(Site.objects.get())
        for name, value in values.items():
            setattr(settings, name, value)
        settings.save()


def test_menus_announcement_and_contact_show_on_catalog_pages_too(in_a, home_a, get):
    _menus(in_a, home_a)
    _storefront_settings(in_a, announcement="Free shipping over 50", contact_email="hi@alpha.test")
    for url in ("/collections/all/", "/products/enamel-mug/", "/cart/", "/search/"):
        html = get(url).content.decode()
        assert "<summary>Shop</summary>" in html, url  # header menu
        assert 'cms-footer-menu__heading">Help</h2>' in html, url  # footer menu
        assert "Free shipping over 50" in html, url
        assert 'href="mailto:hi@alpha.test"' in html, url
        assert html.count("cms-announcement") == 1, url  # one announcement bar
        assert 'href="/search/"' in html, url  # Search stays in the main nav


def test_without_menus_the_default_links_remain(in_a, get):
    from wagtail.models import Site

    from cms.services import navigation_settings_update

    with in_a():  # a shop starts with menus (cms.shop_setup); the merchant empties them
        navigation_settings_update(site=Site.objects.get(), header_menu=[], footer_menu=[])
    html = get("/collections/all/").content.decode()
    assert 'class="cms-menu' not in html
    assert 'href="/collections/all/"' in html and 'href="/search/"' in html


def test_a_warm_page_costs_no_query_for_menus_and_settings(in_a, home_a, get):
    from django.core.cache import caches

    _menus(in_a, home_a)
    _storefront_settings(in_a, announcement="Hello", instagram="https://instagram.com/a")
    get("/collections/all/")  # warm-up: theme, menus, settings, routing

    def queries(sql_filter):
        with CaptureQueriesContext(connection) as captured:
            assert get("/collections/all/").status_code == 200
        return [q["sql"] for q in captured if sql_filter in q["sql"]]

    assert queries("cms_") == []  # no settings row, no menu
    caches["default"].clear()  # renditions etc.: the chrome stays warm
    assert queries("cms_") == []
    caches["storefront"].clear()
    assert len(queries("cms_")) == 2  # cold: storefront settings and menus, once


def test_saving_settings_or_menus_shows_at_once(in_a, home_a, get):
    from cms.models import NavigationSettings

    _storefront_settings(in_a, announcement="Old words")
    assert "Old words" in get("/collections/all/").content.decode()
    _storefront_settings(in_a, announcement="New words")
    html = get("/collections/all/").content.decode()
    assert "New words" in html and "Old words" not in html

    _menus(in_a, home_a)
    assert "<summary>Shop</summary>" in get("/collections/all/").content.decode()
    with in_a():
        nav = NavigationSettings.objects.get()
        nav.header_menu = []
        nav.save()
    assert "<summary>Shop</summary>" not in get("/collections/all/").content.decode()


def test_saving_through_the_admin_settings_form_drops_the_cached_copy(in_a, shop_a, client, get):
    from tests.cms.conftest import HOST_A, login

    _storefront_settings(in_a, announcement="Before")
    assert "Before" in get("/collections/all/").content.decode()
    login(client, shop_a, HOST_A)
    with in_a():
        from wagtail.models import Site

        site_pk = Site.objects.get().pk
    edit = client.get(f"/admin/settings/cms/storefrontsettings/{site_pk}/", HTTP_HOST=HOST_A)
    assert edit.status_code == 200
    form = edit.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("site",)}
    data["announcement"] = "After"
    response = client.post(
        f"/admin/settings/cms/storefrontsettings/{site_pk}/", data, HTTP_HOST=HOST_A
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = get("/collections/all/").content.decode()
    assert "After" in html and "Before" not in html


def test_one_shops_menus_and_settings_never_reach_another(in_a, home_a, shop_b, client, get):
    _menus(in_a, home_a)
    _storefront_settings(in_a, announcement="Alpha only", contact_email="hi@alpha.test")
    assert "Alpha only" in get("/collections/all/").content.decode()
    b = client.get("/collections/all/", HTTP_HOST=HOST_B).content.decode()
    assert "Alpha only" not in b and "hi@alpha.test" not in b
    assert "<summary>Shop</summary>" not in b


def test_logo_from_settings_is_the_header_brand(in_a, get):
    from tests.cms.conftest import image

    with in_a():
        builders.product("Thing", handle="thing")
        logo = image("Alpha logo", size=(300, 100))
    _storefront_settings(in_a, logo=logo)
    html = get("/products/thing/").content.decode()
    assert '<img class="brand__logo"' in html and 'alt="Alpha Goods"' in html


def test_a_renamed_collection_shows_in_the_menu_at_once(
    in_a, home_a, get, django_capture_on_commit_callbacks
):
    from catalog.models import Collection
    from catalog.services import collection_update

    _menus(in_a, home_a)
    assert ">Kitchen<" in get("/collections/all/").content.decode()
    with in_a(), django_capture_on_commit_callbacks(execute=True):
        collection_update(collection=Collection.objects.get(handle="kitchen"), title="Cookware")
    html = get("/collections/all/").content.decode()
    assert ">Cookware<" in html and ">Kitchen<" not in html


def test_saving_menus_purges_cached_pages(
    in_a, home_a, get, settings, django_capture_on_commit_callbacks
):
    from cms.models import NavigationSettings
    from storefront.page_cache import STATUS_HEADER

    settings.STOREFRONT_PAGE_CACHE = True
    _menus(in_a, home_a)
    get("/collections/all/")
    assert get("/collections/all/")[STATUS_HEADER] == "hit"
    with in_a(), django_capture_on_commit_callbacks(execute=True):
        nav = NavigationSettings.objects.get()
        nav.header_menu = []
        nav.save()
    response = get("/collections/all/")
    assert response[STATUS_HEADER] == "miss"
    assert "<summary>Shop</summary>" not in response.content.decode()

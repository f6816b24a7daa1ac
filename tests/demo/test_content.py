"""The demo content step composes a shop's storefront once, and leaves edits alone after."""

from __future__ import annotations

import io

import pytest

from tests.storefront import builders

pytestmark = pytest.mark.django_db


def test_seed_content_composes_pages_menus_and_settings_once(in_a, shop_a, get):
    from cms.models import BlogPage, NavigationSettings, StorefrontSettings
    from demo.content import seed_content

    demo = {"name": "Alpha Goods", "catalog": "harbour", "intro": "Hi", "owner_email": "o@a.test"}
    with in_a():
        mug = builders.product("Mug", handle="mug")
        builders.collection("Staff picks", handle="staff-picks", products=[mug])
        out = io.StringIO()
        seed_content(shop=shop_a, demo=demo, stdout=out)
        assert "blog with 3 posts" in out.getvalue()
        assert BlogPage.objects.live().count() == 3
        assert NavigationSettings.objects.get().header_menu
        assert StorefrontSettings.objects.get().announcement
        again = io.StringIO()
        seed_content(shop=shop_a, demo=demo, stdout=again)
        assert again.getvalue() == "" and BlogPage.objects.count() == 3
    home = get("/").content.decode()
    assert "Roasted on the quay" in home and "Staff picks" in home and "Mug" in home
    for path in ("/about/", "/journal/", "/faq/", "/contact/", "/journal/feed/"):
        assert get(path).status_code == 200, path

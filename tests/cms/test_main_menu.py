"""Top-level pages join the main menu on their first publication, unless unticked."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from cms.models import NavigationSettings, StandardPage
from cms.services import menu_page_join
from tests.cms.conftest import HOST_A, login, publish

pytestmark = pytest.mark.django_db


def _menu_pages():
    navigation = NavigationSettings.for_site(Site.objects.get())
    return [
        entry.value.get("page") and entry.value["page"].title for entry in navigation.header_menu
    ]


def test_a_published_top_level_page_joins_the_menu_once(in_a, home_a):
    with in_a():
        about = publish(home_a, StandardPage(title="About us", slug="about"))
        menu_page_join(page=about)
        assert _menu_pages() == [None, "About us"]  # after "Shop all" (a URL)
        # Republishing, by the hook or the service again, adds nothing.
        about.save_revision().publish()
        assert menu_page_join(page=StandardPage.objects.get(pk=about.pk)) is False
        assert _menu_pages() == [None, "About us"]


def test_an_unticked_or_nested_page_stays_out(in_a, home_a):
    with in_a():
        hidden = publish(home_a, StandardPage(title="Hidden", slug="hidden", show_in_menus=False))
        parent = publish(home_a, StandardPage(title="Guides", slug="guides", show_in_menus=False))
        nested = publish(parent, StandardPage(title="Care guide", slug="care"))
        assert menu_page_join(page=hidden) is False
        assert menu_page_join(page=nested) is False
        assert _menu_pages() == [None]


def test_a_page_taken_out_of_the_menu_is_not_put_back_on_republishing(in_a, home_a):
    from cms.services import navigation_settings_update

    with in_a():
        about = publish(home_a, StandardPage(title="About us", slug="about"))
        menu_page_join(page=about)
        site = Site.objects.get()
        raw = list(NavigationSettings.for_site(site).header_menu.raw_data)[:1]
        navigation_settings_update(site=site, header_menu=raw)
        about.save_revision().publish()
        about.refresh_from_db()
        assert menu_page_join(page=about) is False
        assert _menu_pages() == [None]


def test_new_pages_have_the_box_ticked_and_publishing_in_the_admin_adds_them(
    shop_a, client, in_a, home_a
):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    with in_a():
        assert StandardPage().show_in_menus is True
    login(client, shop_a, HOST_A)
    url = f"/admin/pages/add/cms/standardpage/{home_a.pk}/"
    form = client.get(url, HTTP_HOST=HOST_A).content.decode()
    assert "Add to the main menu" in form
    data = nested_form_data(
        {
            "title": "Our story",
            "slug": "our-story",
            "show_in_menus": "on",
            "intro": "",
            "body": streamfield([]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0},
        }
    )
    response = client.post(url, {**data, "action-publish": "publish"}, HTTP_HOST=HOST_A)
    assert response.status_code == 302, response.context["form"].errors
    with in_a():
        assert _menu_pages() == [None, "Our story"]
    page = client.get("/", HTTP_HOST=HOST_A).content.decode()
    assert 'href="/our-story/"' in page

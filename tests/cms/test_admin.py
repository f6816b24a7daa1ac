"""The shop admin's editors for every CMS page type, the settings and the newsletter open."""

from __future__ import annotations

import pytest

from tests.cms.conftest import HOST_A, login

pytestmark = pytest.mark.django_db

PAGE_TYPES = ["standardpage", "landingpage", "blogindexpage", "contactpage", "faqpage"]


@pytest.mark.parametrize("model", PAGE_TYPES)
def test_owner_can_open_the_add_form_of_each_page_type(client, shop_a, home_a, model):
    login(client, shop_a, HOST_A)
    response = client.get(f"/admin/pages/add/cms/{model}/{home_a.pk}/", HTTP_HOST=HOST_A)
    assert response.status_code == 200


def test_owner_can_edit_home_settings_and_menus(client, shop_a, home_a):
    login(client, shop_a, HOST_A)
    for url in (
        f"/admin/pages/{home_a.pk}/edit/",
        "/admin/settings/cms/storefrontsettings/",
        "/admin/settings/cms/navigationsettings/",
        "/admin/newsletter/",
        "/admin/snippets/choose/catalog/product/",
    ):
        response = client.get(url, HTTP_HOST=HOST_A, follow=True)
        assert response.status_code == 200, url


def test_blog_posts_only_go_under_a_blog(client, shop_a, home_a):
    login(client, shop_a, HOST_A)
    response = client.get(f"/admin/pages/add/cms/blogpage/{home_a.pk}/", HTTP_HOST=HOST_A)
    assert response.status_code in (302, 403)  # Wagtail sends the editor back with a message
    assert response.get("Location", "/admin/") == "/admin/"

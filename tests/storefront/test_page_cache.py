"""The per-shop page cache: hits cost no query, writes purge, nothing personal is shared.

Writes go through ``catalog.services`` / Wagtail publishing with their on-commit
callbacks run, as a committed write would.
"""

from __future__ import annotations

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django_tenants.utils import schema_context
from wagtail.models import Page

from catalog.models import Product
from catalog.services import product_create, product_update
from storefront.page_cache import STATUS_HEADER, storefront_cache_purge

pytestmark = pytest.mark.django_db

A, B = "alpha.souk.test", "beta.souk.test"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.STOREFRONT_PAGE_CACHE = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit():`` — run the on-commit callbacks of the writes inside."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def tee(shop_a, commit):
    with schema_context(shop_a.schema_name), commit():
        return product_create(
            title="Alpha tee", handle="tee", options=[("Size", ["S", "M"])], status="active"
        )


def _get(host, path, client=None):
    return (client or Client()).get(path, HTTP_HOST=host)


def test_second_anonymous_view_is_a_hit_without_any_query(tee, django_assert_num_queries):
    first = _get(A, "/products/tee/")
    assert first.status_code == 200 and first[STATUS_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = _get(A, "/products/tee/")
    assert second[STATUS_HEADER] == "hit"
    assert "Alpha tee" in second.content.decode()
    for path in ("/collections/all/", "/collections/all/?sort=price-asc", "/"):
        assert _get(A, path)[STATUS_HEADER] == "miss"
        with django_assert_num_queries(0):
            assert _get(A, path)[STATUS_HEADER] == "hit"


def test_a_product_edit_purges(tee, shop_a, commit):
    _get(A, "/products/tee/")
    _get(A, "/collections/all/")
    with schema_context(shop_a.schema_name), commit():
        product_update(product=Product.objects.get(pk=tee.pk), title="Renamed tee")
    for path in ("/products/tee/", "/collections/all/"):
        response = _get(A, path)
        assert response[STATUS_HEADER] == "miss"
        assert "Renamed tee" in response.content.decode()


def test_publishing_a_wagtail_page_purges(shop_a, commit):
    assert _get(A, "/")[STATUS_HEADER] == "miss"
    assert _get(A, "/")[STATUS_HEADER] == "hit"
    with schema_context(shop_a.schema_name), commit():
        home = Page.objects.get(depth=2).specific
        home.title = "Fresh home"
        home.save_revision().publish()
    response = _get(A, "/")
    assert response[STATUS_HEADER] == "miss" and "Fresh home" in response.content.decode()


def test_purge_function_for_menus_and_theme_settings(tee, shop_a, commit):
    _get(A, "/products/tee/")
    with schema_context(shop_a.schema_name), commit():
        storefront_cache_purge(reason="menu changed")
    assert _get(A, "/products/tee/")[STATUS_HEADER] == "miss"


def test_shops_never_share_pages_or_purges(tee, shop_b, commit):
    with schema_context(shop_b.schema_name), commit():
        product_create(title="Beta tee", handle="tee", status="active")
    alpha, beta = _get(A, "/products/tee/"), _get(B, "/products/tee/")
    assert beta[STATUS_HEADER] == "miss"  # A's entry for the same path is not B's
    assert "Beta tee" in beta.content.decode() and "Alpha tee" not in beta.content.decode()
    assert "Alpha tee" in alpha.content.decode()
    with commit():
        storefront_cache_purge(reason="A's menu", schema_name=_schema(A))
    assert _get(B, "/products/tee/")[STATUS_HEADER] == "hit"
    assert _get(A, "/products/tee/")[STATUS_HEADER] == "miss"


def _schema(host):
    from shops.models import Shop

    return Shop.objects.get(subdomain=host.split(".")[0]).schema_name


@pytest.mark.parametrize(
    "cookie", ["sessionid", "messages"], ids=["session (cart, login)", "messages"]
)
def test_shoppers_with_a_session_or_messages_are_never_served_from_the_cache(tee, cookie):
    _get(A, "/products/tee/")
    client = Client()
    client.cookies[cookie] = "something"
    response = _get(A, "/products/tee/", client)
    assert response.status_code == 200 and STATUS_HEADER not in response


def test_a_cart_makes_pages_personal(tee, shop_a):
    client = Client()
    with schema_context(shop_a.schema_name):
        variant = Product.objects.get(pk=tee.pk).variants.first()
    _get(A, "/products/tee/", client)  # CSRF cookie and token
    token = client.cookies["csrftoken"].value
    added = client.post(
        "/cart/add/",
        {"variant_id": variant.pk, "quantity": 1, "csrfmiddlewaretoken": token},
        HTTP_HOST=A,
    )
    assert added.status_code in (200, 302)
    assert "sessionid" in client.cookies
    assert STATUS_HEADER not in _get(A, "/products/tee/", client)


def test_responses_that_set_cookies_or_are_not_200_are_not_stored(tee):
    assert STATUS_HEADER not in _get(A, "/products/nope/")
    assert STATUS_HEADER not in _get(A, "/products/nope/")
    assert STATUS_HEADER not in _get(A, "/cart/")  # not a cached view


def _form_token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def test_each_visitor_gets_their_own_csrf_token_from_a_cached_page(tee):
    first, second = Client(), Client()
    assert _get(A, "/products/tee/", first)[STATUS_HEADER] == "miss"
    hit = _get(A, "/products/tee/", second)
    assert hit[STATUS_HEADER] == "hit"
    secret = second.cookies["csrftoken"].value
    assert _unmask_cipher_token(_form_token(hit)) == secret
    assert secret != first.cookies["csrftoken"].value
    assert "__souk_csrf_token__" not in hit.content.decode()


def test_publishing_theme_settings_or_switching_theme_purges(tee, shop_a, commit):
    from themes.services import theme_activate, theme_publish

    _get(A, "/products/tee/")
    assert _get(A, "/products/tee/")[STATUS_HEADER] == "hit"
    with schema_context(shop_a.schema_name), commit():
        theme_publish(theme="base", values={"color_primary": "#123456"})
    response = _get(A, "/products/tee/")
    assert response[STATUS_HEADER] == "miss" and "#123456" in response.content.decode()
    with schema_context(shop_a.schema_name), commit():
        theme_activate(theme="minimal")
    assert _get(A, "/products/tee/")[STATUS_HEADER] == "miss"

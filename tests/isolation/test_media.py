"""Shop B can neither read nor change shop A's media: through the ORM context, and over
HTTP through the development media view.

``config.urls_shop`` routes ``/media/`` only when DEBUG was on at import time, which it
is not in tests; so this module is also the URLconf of the HTTP tests: the shop URLs
plus that same route to the same view, behind the real host routing middleware.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import RequestFactory
from django.urls import include, path, re_path
from django_tenants.utils import schema_context

from storefront import views as storefront_views

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", storefront_views.media),
    path("", include("config.urls_shop")),
]

SECRET = b"alpha's supplier price list"
A_FILE = "private/price-list.txt"

ESCAPING_NAMES = [
    "../shop_alpha/private/price-list.txt",
    "../../shop_alpha/private/price-list.txt",
    "/shop_alpha/private/price-list.txt",
    "private/../../shop_alpha/private/price-list.txt",
]


@pytest.fixture
def media_root(settings, tmp_path):
    """Local folders in a private MEDIA_ROOT, whatever the environment configures."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "shops.storage.ShopFileSystemStorage"},
    }
    return settings.MEDIA_ROOT


@pytest.fixture
def a_file(media_root, shop_a, shop_b):
    with schema_context(shop_a.schema_name):
        assert default_storage.save(A_FILE, ContentFile(SECRET)) == A_FILE
    with schema_context(shop_b.schema_name):
        default_storage.save("own.txt", ContentFile(b"beta's own"))
    path = media_root / "shop_alpha" / A_FILE
    assert path.read_bytes() == SECRET
    return path


# --- ORM context (what code running for shop B can do) -----------------------------------


def test_shop_b_does_not_see_a_file_by_its_own_name(a_file, shop_b):
    with schema_context(shop_b.schema_name):
        assert not default_storage.exists(A_FILE)
        with pytest.raises(FileNotFoundError):
            default_storage.open(A_FILE)
        assert default_storage.listdir("") == ([], ["own.txt"])
        default_storage.delete(A_FILE)  # B's own (missing) file: a no-op
    assert a_file.read_bytes() == SECRET


@pytest.mark.parametrize("name", [*ESCAPING_NAMES, "ABSOLUTE_PATH_OF_A"])
def test_shop_b_cannot_reach_a_file_by_any_name(a_file, shop_b, name):
    if name == "ABSOLUTE_PATH_OF_A":
        name = str(a_file)
    with schema_context(shop_b.schema_name):
        for attempt in (
            lambda: default_storage.open(name),
            lambda: default_storage.exists(name),
            lambda: default_storage.delete(name),
            lambda: default_storage.save(name, ContentFile(b"replaced by beta")),
            lambda: default_storage.listdir("../shop_alpha"),
        ):
            with pytest.raises(SuspiciousFileOperation):
                attempt()
    assert a_file.read_bytes() == SECRET
    assert sorted(p.name for p in a_file.parent.iterdir()) == ["price-list.txt"]


# --- HTTP: the development media view behind host routing --------------------------------


@pytest.fixture
def media_route(settings):
    settings.DEBUG = True
    settings.ROOT_URLCONF = __name__


def test_shop_a_host_serves_its_file(a_file, media_route, client):
    response = client.get(f"/media/shop_alpha/{A_FILE}", HTTP_HOST="alpha.souk.test")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SECRET


@pytest.mark.parametrize(
    "url",
    [
        f"/media/{A_FILE}",
        f"/media/shop_alpha/{A_FILE}",
        f"/media/shop_beta/../shop_alpha/{A_FILE}",
        "/media/../shop_alpha/private/price-list.txt",
        "/media/%2e%2e/shop_alpha/private/price-list.txt",
        "/media/%2e%2e%2fshop_alpha%2fprivate%2fprice-list.txt",
        "/media//shop_alpha/private/price-list.txt",
        "/media/shop_alpha/private/price-list.txt",
        "/media/private/../../shop_alpha/private/price-list.txt",
        "/media/ABSOLUTE_PATH_OF_A",
    ],
)
def test_shop_b_host_never_serves_a_file(a_file, media_route, client, url):
    url = url.replace("/ABSOLUTE_PATH_OF_A", str(a_file))
    response = client.get(url, HTTP_HOST="beta.souk.test")
    assert response.status_code in (400, 404)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert SECRET not in body
    # B's host serves B's own files, so the 404s above are not a broken route.
    assert client.get("/media/shop_beta/own.txt", HTTP_HOST="beta.souk.test").status_code == 200


def test_unknown_host_serves_no_media(a_file, media_route, client):
    response = client.get(f"/media/{A_FILE}", HTTP_HOST="gamma.souk.test")
    assert response.status_code == 404
    assert SECRET not in response.content


# --- the view itself, as the shop URLconf routes it when DEBUG is on ---------------------


def call_media_view(shop, path):
    request = RequestFactory().get(f"/media/{path}", HTTP_HOST=f"{shop.subdomain}.souk.test")
    with schema_context(shop.schema_name):
        return storefront_views.media(request, path=path)


def test_media_view_serves_only_the_current_shops_folder(a_file, shop_a, shop_b, settings):
    settings.DEBUG = True
    response = call_media_view(shop_a, "shop_alpha/" + A_FILE)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SECRET
    with pytest.raises(Http404):
        call_media_view(shop_a, A_FILE)  # without the shop's prefix
    with pytest.raises(Http404):
        call_media_view(shop_b, A_FILE)
    with pytest.raises(Http404):
        call_media_view(shop_b, "shop_alpha/" + A_FILE)
    with pytest.raises(SuspiciousFileOperation):  # the handler turns it into a 400
        call_media_view(shop_b, "shop_beta/../shop_alpha/" + A_FILE)


def test_the_storage_url_is_what_the_view_serves(media_root, shop_a, media_route, client):
    """The URL the storage hands to templates must be the one that serves the file."""
    with schema_context(shop_a.schema_name):
        name = default_storage.save("products/mug.txt", ContentFile(b"mug"))
        url = default_storage.url(name)
    response = client.get(url, HTTP_HOST="alpha.souk.test")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"mug"


def test_media_view_serves_nothing_when_debug_is_off(a_file, shop_a, settings):
    """In production media comes from its own host, never from a shop's origin."""
    settings.DEBUG = False
    with pytest.raises(Http404):
        call_media_view(shop_a, A_FILE)

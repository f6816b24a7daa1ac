"""Pages and blocks for CMS tests, made with the ORM inside a shop's schema."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tests.support.shop_admin import shop_admin_login

HOST_A = "alpha.souk.test"
HOST_B = "beta.souk.test"
PASSWORD = "correct-horse-9"


def publish(parent, page):
    """Add ``page`` under ``parent`` and publish it, as the admin's Publish button does."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def block(kind: str, **value) -> dict:
    """One block in Wagtail's raw stream format."""
    return {"type": kind, "value": value}


def image(title: str = "Picture", size=(320, 200)):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    return get_image_model().objects.create(title=title, file=get_test_image_file(size=size))


def login(client, shop, host):
    """The shop's owner signed in to its admin by single sign-on."""
    shop_admin_login(client, host=host)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Form throttles count in the cache, which outlives a rolled-back test."""
    from django.core.cache import caches

    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def in_a(shop_a):
    return lambda: schema_context(shop_a.schema_name)


@pytest.fixture
def home_a(shop_a):
    from cms.models import HomePage

    with schema_context(shop_a.schema_name):
        return HomePage.objects.get()


@pytest.fixture
def get(client, shop_a):
    """GET on shop A's host."""
    return lambda url, **params: client.get(url, params, HTTP_HOST=HOST_A)

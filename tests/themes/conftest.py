"""Theme tests start and end with an empty cache.

The published theme of a shop is cached under its schema's prefix; the suite reuses
schema names (``shop_alpha`` in many tests, rolled back each time), so an entry left by
one test would describe another test's shop.
"""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.support.shop_admin import shop_admin_login


@pytest.fixture(autouse=True)
def _empty_theme_cache():
    cache.clear()
    yield
    cache.clear()


def login(subdomain: str) -> Client:
    """The shop's owner signed in to its admin by single sign-on."""
    return shop_admin_login(Client(HTTP_HOST=f"{subdomain}.souk.test"))


@pytest.fixture
def admin_a(shop_a):
    return login("alpha")


@pytest.fixture
def admin_b(shop_b):
    return login("beta")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``committed(service, **kwargs)``: call a service and run its on-commit work, as
    a real commit would (``db`` tests never commit)."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run

"""Fixtures shared by the whole suite.

Shops are made with the real provisioning service. A small pool of pre-cloned
schemas is made once per session; inside a ``db`` test everything — the rename of a
pool schema included — is rolled back afterwards, so most shops cost a rename. Tests that need
committed data (a worker, a browser, a server in another process) use
``committed_shop_factory``, which drops its schemas on teardown.
"""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from provisioning.services import shop_provision
from shops.routing import directory
from tests.support import services

_counter = itertools.count(1)


# Shops a test can make without cloning: each ``db`` test's transaction renames a
# pool schema and rolls the rename back, so the same few schemas serve every test.
TEST_SCHEMA_POOL = 4


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from shops.schema_pool import schema_pool_refill

    with django_db_blocker.unblock():
        schema_pool_refill(size=TEST_SCHEMA_POOL)


@pytest.fixture(autouse=True, scope="session")
def _routed_allowed_hosts(django_test_environment):
    """Django's test set-up copies ALLOWED_HOSTS into a plain list (adding
    'testserver'); put back the Domain-table-aware list production uses."""
    from django.conf import settings

    from shops.allowed_hosts import RoutedHosts

    settings.ALLOWED_HOSTS = RoutedHosts(list(settings.ALLOWED_HOSTS))


@pytest.fixture(autouse=True)
def _fresh_routing_directory():
    """Rolled-back shops must not linger in the in-process routing cache."""
    directory.invalidate()
    connection.set_schema_to_public()
    yield
    directory.invalidate()
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _fresh_shop_caches():
    """Rolled-back catalogue rows must not live on in the storefront's caches (facets,
    counts, pages), keyed by a catalogue version that a rolled-back write never
    bumped. Locmem caches in tests: clearing touches nothing outside this process."""
    from django.core.cache import caches

    for name in ("default", "platform"):
        caches[name].clear()
    yield


def _provision(subdomain=None, *, name=None, owner_email=None, owner_password="correct-horse-9"):
    n = next(_counter)
    subdomain = subdomain or f"shop{n:03d}"
    return shop_provision(
        name=name or subdomain.title(),
        subdomain=subdomain,
        owner_email=owner_email or f"owner-{subdomain}@example.com",
        owner_password=owner_password,
    )


@pytest.fixture
def shop_factory(db):
    return _provision


@pytest.fixture
def committed_shop_factory(transactional_db):
    made = []

    def make(*args, **kwargs):
        shop = _provision(*args, **kwargs)
        made.append(shop.schema_name)
        return shop

    yield make
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for schema in made:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def shop_a(shop_factory):
    return shop_factory("alpha", name="Alpha Goods")


@pytest.fixture
def shop_b(shop_factory):
    return shop_factory("beta", name="Beta Things")


def host(shop) -> str:
    return f"{shop.subdomain}.souk.test"


@pytest.fixture(scope="session")
def redis_url():
    with services.redis_server() as url:
        yield url


@pytest.fixture(scope="session")
def s3_endpoint():
    with services.moto_server() as url:
        yield url


@pytest.fixture
def in_shop():
    """``with in_shop(shop):`` — run ORM code in that shop's schema."""
    return lambda shop: schema_context(shop.schema_name)


@pytest.fixture(autouse=True)
def _fresh_storefront_chrome():
    """Menus and site settings are cached per schema name; rolled-back shops reuse names."""
    from django.core.cache import caches

    caches["storefront"].clear()
    yield
    caches["storefront"].clear()

import pytest
from django_tenants.utils import schema_context

HOST = "alpha.souk.test"


@pytest.fixture
def in_a(shop_a):
    """``with in_a():`` — make rows in shop A's schema."""
    return lambda: schema_context(shop_a.schema_name)


@pytest.fixture
def get(client, shop_a):
    """GET on shop A's host."""
    return lambda url, **params: client.get(url, params, HTTP_HOST=HOST)


@pytest.fixture(autouse=True)
def _stocked_by_default(monkeypatch):
    """Storefront tests' products have 5 units per variant unless a spec says otherwise."""
    from tests.storefront import builders

    monkeypatch.setattr(builders, "DEFAULT_STOCK", 5)

"""Catalog fixtures: shop A's schema, its owner logged in to A's admin, form posts."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tests.support.admin_forms import form_data  # noqa: F401  (catalog tests import it from here)
from tests.support.shop_admin import shop_admin_login

ALPHA = "alpha.souk.test"
BETA = "beta.souk.test"


@pytest.fixture
def alpha(shop_a):
    """Run the test body inside shop A's schema."""
    with schema_context(shop_a.schema_name):
        yield shop_a


def login(client, host, email):
    """``client`` signed in to the admin on ``host`` as the platform account
    ``email``, by single sign-on (shop staff have no password)."""
    return shop_admin_login(client, host=host, email=email)


@pytest.fixture
def owner_client(client, shop_a):
    return login(client, ALPHA, "owner-alpha@example.com")

"""Catalog fixtures: shop A's schema, its owner logged in to A's admin, form posts."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

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


def form_data(form) -> dict:
    """What a browser would post for ``form`` as rendered (with its formsets)."""
    data: dict = {}

    def add(f):
        for bound in f:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[bound.html_name] = value

    add(form)
    for formset in getattr(form, "formsets", {}).values():
        add(formset.management_form)
        for sub in formset.forms:
            add(sub)
    return data

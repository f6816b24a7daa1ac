"""Shop-admin forms posted as a browser would, and the audit entry they leave.

The write-path tests (``tests/<app>/test_admin_write_path.py``) post each admin form
over HTTP, starting from what the form renders, then check that the service ran and
left its entry in Wagtail's log. These are their shared steps and fixtures; a
``conftest.py`` takes the fixtures by importing them.
"""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from tests.support.shop_admin import shop_admin_login

ALPHA = "alpha.souk.test"
OWNER = "owner-alpha@example.com"


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


def admin_post(client, url: str, *, host: str = ALPHA, **fields):
    """Post the form at ``url`` with what it renders, changed by ``fields``."""
    data = {**form_data(client.get(url, HTTP_HOST=host).context["form"]), **fields}
    return client.post(url, data, HTTP_HOST=host)


def audit_entry(shop, action: str, obj) -> ModelLogEntry:
    """The one Wagtail log entry ``action`` for ``obj`` in ``shop``, with its user."""
    with schema_context(shop.schema_name):
        return ModelLogEntry.objects.for_instance(obj).select_related("user").get(action=action)


@pytest.fixture
def alpha(shop_a):
    """Run the test body inside shop A's schema."""
    with schema_context(shop_a.schema_name):
        yield shop_a


@pytest.fixture
def owner_client(client, shop_a):
    """``client`` signed in to shop A's admin as its owner (single sign-on)."""
    return shop_admin_login(client, host=ALPHA, email=OWNER)

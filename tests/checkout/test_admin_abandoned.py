"""Abandoned checkouts in the shop admin: the list, its query count, the setting, per shop."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from checkout.models import CheckoutSession
from checkout.services.recovery import checkout_settings
from tests.checkout.conftest import ready_checkout, shop_setup
from tests.orders.conftest import ALPHA, BETA, login

LIST = "/admin/abandoned-checkouts/"


@pytest.fixture
def owner_client(client, shop_a):
    return login(client, ALPHA, "owner-alpha@example.com")


def _abandon(n):
    for _ in range(n):
        ready_checkout()
    CheckoutSession.objects.update(updated_at=timezone.now() - timedelta(hours=2))


def test_list_setting_and_query_count(shop_a, owner_client):
    with schema_context(shop_a.schema_name):
        shop_setup()
        _abandon(3)

    def count():
        owner_client.get(LIST, HTTP_HOST=ALPHA)
        with CaptureQueriesContext(connection) as ctx:
            response = owner_client.get(LIST, HTTP_HOST=ALPHA)
        page = response.content.decode()
        assert response.status_code == 200 and "2 items · $20.00" in page
        return len(ctx.captured_queries), page.count('data-abandoned="ana@example.com"')

    few, rows = count()
    assert rows == 3
    with schema_context(shop_a.schema_name):
        _abandon(12)
    many, rows = count()
    assert rows == 15 and many == few

    saved = owner_client.post(
        f"{LIST}settings/",
        {"recovery_email_enabled": "on", "recovery_email_delay_minutes": "180"},
        HTTP_HOST=ALPHA,
    )
    assert saved.status_code == 302
    # Idle for two hours, the delay is now three: none is abandoned yet.
    assert 'data-abandoned="' not in owner_client.get(LIST, HTTP_HOST=ALPHA).content.decode()
    refused = owner_client.post(
        f"{LIST}settings/",
        {"recovery_email_enabled": "on", "recovery_email_delay_minutes": "1"},
        HTTP_HOST=ALPHA,
        follow=True,
    )
    assert "greater than or equal to 5" in refused.content.decode()
    with schema_context(shop_a.schema_name):
        assert checkout_settings().recovery_email_delay_minutes == 180


def test_another_shop_lists_none_of_them(shop_a, shop_b, client):
    with schema_context(shop_a.schema_name):
        shop_setup()
        _abandon(1)
    login(client, BETA, "owner-beta@example.com")
    page = client.get(LIST, HTTP_HOST=BETA).content.decode()
    assert "No abandoned checkouts." in page and "ana@example.com" not in page

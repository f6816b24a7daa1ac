"""Stripe Connect across shops: accounts, test mode and events stay with their shop."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from checkout import dispatch
from connect import services
from connect.events import event_apply
from connect.intake import event_receive
from connect.models import ConnectedAccount, ConnectEvent
from payments.providers import TestGateway, provider_for_shop
from tests.connect.conftest import (  # noqa: F401
    FULLY_ENABLED,
    _plans,
    connect_api,  # a fixture, reached through ``stripe_connect``
    connect_event,
    connected,
    localstripe,
    onboarding_done,
)


@pytest.fixture
def stripe_connect(request):
    """``connect_api`` (localstripe's base URL); a parameter named like the import would
    shadow it."""
    return request.getfixturevalue("connect_api")


def test_an_account_belongs_to_one_shop_only(stripe_connect, two_shops):
    from django.db import IntegrityError, transaction

    a, b = two_shops["a"], two_shops["b"]
    account_a = connected(a)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConnectedAccount.objects.create(shop=b, account_id=account_a.account_id)
    assert ConnectedAccount.objects.for_shop(b).count() == 0
    with schema_context(b.schema_name):
        assert ConnectedAccount.objects.for_shop(connection.tenant).count() == 0


def test_going_live_in_shop_a_leaves_shop_b_in_test_mode(stripe_connect, two_shops):
    a, b = two_shops["a"], two_shops["b"]
    account = connected(a)
    onboarding_done(stripe_connect, account.account_id, **FULLY_ENABLED)
    services.account_refresh(shop=a)
    services.test_mode_set(shop=a, on=False)
    with schema_context(b.schema_name):
        assert isinstance(provider_for_shop(), TestGateway)
    with schema_context(a.schema_name):
        assert provider_for_shop().account_id == account.account_id


def test_events_run_in_their_own_shops_schema_whatever_schema_is_current(
    stripe_connect, two_shops, monkeypatch, django_capture_on_commit_callbacks
):
    a, b = two_shops["a"], two_shops["b"]
    seen = []

    def handler(*, event):
        from accounts.models import User

        # A's schema has a shopper B's does not: the query answers for the schema run in.
        seen.append(
            (
                connection.schema_name,
                event["account"],
                User.objects.filter(email="shopper@alpha.test").exists(),
            )
        )

    monkeypatch.setitem(dispatch.STRIPE_EVENT_HANDLERS, "payment_intent.succeeded", handler)
    account_a, account_b = connected(a), connected(b)
    for current, account in ((a, account_b), (b, account_a)):
        with schema_context(current.schema_name), django_capture_on_commit_callbacks(execute=True):
            event_receive(event=connect_event(account.account_id, "payment_intent.succeeded"))
    assert seen == [
        (b.schema_name, account_b.account_id, False),
        (a.schema_name, account_a.account_id, True),
    ]
    assert set(ConnectEvent.objects.values_list("shop__subdomain", flat=True)) == {"alpha", "beta"}
    # Replayed from inside the wrong shop, an event still applies in its own.
    stored = ConnectEvent.objects.get(account=account_b.account_id)
    with schema_context(a.schema_name):
        event_apply(event_pk=stored.pk, replay=True)
    assert seen[-1] == (b.schema_name, account_b.account_id, False)

"""A double-clicked "Connect with Stripe": two requests at once, one account."""

from __future__ import annotations

import threading
import time

import pytest
import stripe
from django.db import connection

from connect import services
from connect import stripe_gateway as gateway
from connect.models import ConnectedAccount
from tests.connect.conftest import KEY


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_make_one_account(
    request, committed_shop_factory, settings, monkeypatch
):
    monkeypatch.setattr(stripe, "api_base", request.getfixturevalue("localstripe"))
    settings.STRIPE_SECRET_KEY = KEY
    shop = committed_shop_factory("twice", name="Twice")
    real_create = gateway.account_create
    stripe_calls = []

    def slow_create(**kwargs):
        stripe_calls.append(kwargs["shop_id"])
        time.sleep(0.3)  # both clicks are inside the service at the same time
        return real_create(**kwargs)

    monkeypatch.setattr(gateway, "account_create", slow_create)
    start = threading.Barrier(2)
    results, errors = [], []

    def click():
        try:
            start.wait()
            results.append(services.account_connect(shop=shop).account_id)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert len(results) == 2 and results[0] == results[1]
    assert ConnectedAccount.objects.filter(shop=shop).count() == 1
    assert stripe_calls == [shop.pk]  # the second click waited and found the account

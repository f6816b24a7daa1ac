"""Connect fixtures: localstripe with its Connect section, Stripe-signed Connect events.

The ``localstripe`` server (tests/billing/conftest.py) serves Stripe's account and
account-link routes through tests/support/localstripe_connect.py; what a merchant
does on Stripe's hosted onboarding is played by its test-only ``/_souk/accounts/{id}``
route. Connect-only events (``account.updated``, and the money events of a shop's
payments) are built as Stripe sends them and signed with Stripe's scheme.
"""

from __future__ import annotations

import json
import secrets
import time

import pytest
import requests
import stripe

from connect.models import ConnectedAccount
from connect.services import account_connect
from tests.accounts.conftest import account_factory, enter, member_of, owner_of  # noqa: F401
from tests.billing.conftest import _plans, localstripe, signature  # noqa: F401
from tests.console.conftest import anonymous, console, nobody, platform_admin  # noqa: F401

KEY = "sk_test_souk"
PLATFORM = "souk.test"
WEBHOOK_URL = "/connect/webhooks/stripe/"
CONNECT_SECRET = "whsec_test_souk_connect"


@pytest.fixture
def connect_api(localstripe, db, settings, monkeypatch):  # noqa: F811
    """Stripe (localstripe) configured for the platform, with a Connect webhook secret."""
    monkeypatch.setattr(stripe, "api_base", localstripe)
    settings.STRIPE_SECRET_KEY = KEY
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = CONNECT_SECRET
    return localstripe


def connected(shop) -> ConnectedAccount:
    """The shop's Express account, made through the real service and SDK."""
    return account_connect(shop=shop)


def onboarding_done(base: str, account_id: str, **changes) -> dict:
    """What the merchant's work on Stripe's hosted pages changes on the account."""
    response = requests.post(
        f"{base}/_souk/accounts/{account_id}",
        data=json.dumps(changes),
        headers={"Authorization": f"Bearer {KEY}"},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()


FULLY_ENABLED = {
    "charges_enabled": True,
    "payouts_enabled": True,
    "details_submitted": True,
    "requirements": {
        "currently_due": [],
        "eventually_due": [],
        "past_due": [],
        "disabled_reason": None,
    },
}


def connect_event(
    account_id: str | None,
    type_: str,
    obj: dict | None = None,
    *,
    event_id: str | None = None,
    livemode: bool = False,
) -> dict:
    """A Connect event as Stripe sends it: the connected account in ``account``."""
    event = {
        "id": event_id or f"evt_{secrets.token_hex(10)}",
        "object": "event",
        "api_version": "2025-03-31.basil",
        "created": int(time.time()),
        "livemode": livemode,
        "type": type_,
        "data": {"object": obj or {"id": f"obj_{secrets.token_hex(6)}", "object": "unknown"}},
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
    }
    if account_id is not None:
        event["account"] = account_id
    return event


def post_connect_event(client, event: dict | None, *, sig: str | None = None, raw=None):
    payload = raw if raw is not None else json.dumps(event)
    return client.post(
        WEBHOOK_URL,
        data=payload,
        content_type="application/json",
        HTTP_HOST=PLATFORM,
        HTTP_STRIPE_SIGNATURE=sig if sig is not None else signature(payload, secret=CONNECT_SECRET),
    )

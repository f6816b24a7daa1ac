"""Stripe Connect payment fixtures: localstripe, a shop's StripeProvider, Stripe-shaped events.

``localstripe`` is the billing fixture (tests/billing/conftest.py), shared by import.
``stripe_shop`` points the real ``stripe`` SDK at it and makes the current shop's
provider a ``StripeProvider`` on a connected account by patching ``provider_for_shop``
and ``provider_named`` (how those are built from the shop's ``ConnectedAccount`` is
tested in tests/connect/test_provider_for_shop.py). PaymentMethods are made
through the API exactly as Stripe.js makes them in the shopper's browser.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

import pytest
import requests
import stripe

from payments import providers
from payments.stripe_provider import StripeProvider
from tests.billing.conftest import event_for, localstripe  # noqa: F401  (shared fixture)

KEY = "sk_test_souk"
ACCOUNT = "acct_alpha"
FEE_PERCENT = Decimal("2.9")
CARD_OK = "4242424242424242"
CARD_DECLINED = "4000000000000002"
CARD_NO_FUNDS = "4000000000009995"
CARD_3DS = "4000002500003155"


@pytest.fixture
def stripe_api(localstripe, settings, monkeypatch):  # noqa: F811
    monkeypatch.setattr(stripe, "api_base", localstripe)
    settings.STRIPE_SECRET_KEY = KEY
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_souk"
    return localstripe


@pytest.fixture
def stripe_provider(stripe_api, monkeypatch):
    """The current shop's provider: a StripeProvider on ``acct_alpha`` with a 2.9 % fee."""
    provider = StripeProvider(account_id=ACCOUNT, application_fee_percent=FEE_PERCENT)
    monkeypatch.setattr(providers, "provider_for_shop", lambda: provider)
    # Refunds, voids and webhooks reach the provider that holds the money by name.
    monkeypatch.setattr(
        providers,
        "provider_named",
        lambda name, shop=None: provider if name == "stripe" else providers.TestGateway(),
    )
    return provider


def payment_method(number: str = CARD_OK, *, account: str = ACCOUNT) -> str:
    """What Stripe.js posts back: a PaymentMethod made on the connected account."""
    return stripe.PaymentMethod.create(
        api_key=KEY,
        stripe_account=account,
        type="card",
        card={"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
    ).id


def sepa_method(*, account: str = ACCOUNT) -> str:
    """A PaymentMethod whose payment stays ``processing`` for a moment (async in localstripe)."""
    return stripe.PaymentMethod.create(
        api_key=KEY,
        stripe_account=account,
        type="sepa_debit",
        sepa_debit={"iban": "DE89370400440532013000"},
    ).id


def intent(reference: str) -> dict:
    return stripe.PaymentIntent.retrieve(reference, api_key=KEY, stripe_account=ACCOUNT).to_dict()


def authenticate(reference: str, *, success: bool) -> None:
    """The shopper passes (or fails) 3-D Secure on their bank's page."""
    found = stripe.PaymentIntent.retrieve(reference, api_key=KEY)
    answer = requests.post(
        f"{stripe.api_base}/v1/payment_intents/{reference}/_authenticate",
        data={"client_secret": found.client_secret, "success": "true" if success else "false"},
        auth=(KEY, ""),
        timeout=5,
    )
    answer.raise_for_status()


def souk_requests(base: str, path: str = "/v1/payment_intents") -> list[dict]:
    """What was asked of localstripe at ``path`` (account, idempotency key, parameters)."""
    answer = requests.get(f"{base}/_souk/requests", auth=(KEY, ""), timeout=5)
    return [r for r in answer.json()["data"] if r["path"] == path]


def intent_event(obj: dict, type_: str, *, event_id: str | None = None) -> dict:
    """A Connect event around a PaymentIntent/Refund/Dispute, as Stripe sends it."""
    event = event_for(obj, type_, event_id=event_id or f"evt_{secrets.token_hex(8)}")
    event["account"] = ACCOUNT
    return event

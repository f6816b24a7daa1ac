"""Every call Souk makes to Stripe Connect's account API, in one place.

The platform's own key (``STRIPE_SECRET_KEY``, the one billing uses) creates and
reads connected accounts; the key, the plain-dict conversion and the "not
configured" error are billing's (``billing.stripe_gateway``), not repeated here.
Charges on a connected account are ``payments.stripe_provider``'s business.
"""

from __future__ import annotations

import stripe

from billing import stripe_gateway as billing_gateway
from billing.events import expected_livemode
from billing.stripe_gateway import StripeNotConfigured, configured

__all__ = [
    "StripeNotConfigured",
    "account_create",
    "account_link_create",
    "account_retrieve",
    "configured",
    "key_livemode",
]


def key_livemode() -> bool:
    """Whether the platform key is a live one (billing's ``expected_livemode``)."""
    return expected_livemode()


def account_create(*, shop_id: int, email: str, shop_name: str) -> dict:
    """An Express account for the shop; the key makes a retried click create one.

    Stripe keeps idempotency keys for 24 hours; after that the ``ConnectedAccount``
    row (written under the shop's row lock) is what stops a second account.
    """
    return billing_gateway.plain(
        stripe.Account.create(
            api_key=billing_gateway.api_key(),
            type="express",
            email=email or None,
            business_profile={"name": shop_name},
            capabilities={"card_payments": {"requested": True}, "transfers": {"requested": True}},
            metadata={"souk_shop_id": str(shop_id)},
            idempotency_key=f"souk-connect-account-{shop_id}",
        )
    )


def account_retrieve(account_id: str) -> dict:
    return billing_gateway.plain(
        stripe.Account.retrieve(account_id, api_key=billing_gateway.api_key())
    )


def account_link_create(*, account_id: str, return_url: str, refresh_url: str) -> dict:
    """A single-use link to Stripe's hosted onboarding (expires in minutes).

    ``refresh_url`` is where Stripe sends a merchant whose link expired or was used:
    our view there makes a fresh link, so the merchant never sees a dead end.
    """
    return billing_gateway.plain(
        stripe.AccountLink.create(
            api_key=billing_gateway.api_key(),
            account=account_id,
            type="account_onboarding",
            return_url=return_url,
            refresh_url=refresh_url,
        )
    )

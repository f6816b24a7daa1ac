"""The Stripe plumbing billing, connect and payments share: the platform's key, the
request options, Stripe's minor units, plain dicts and verified webhook events.

What each app asks Stripe stays in its own module (``billing.stripe_gateway``,
``connect.stripe_gateway``, ``payments.stripe_provider``). The key is read from
settings at call time: tests point ``stripe.api_base`` at localstripe and change the
key per test.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import stripe
from django.conf import settings

from kernel.money import currency_places, money_round

WEBHOOK_TOLERANCE = 300  # seconds: Stripe's own default

# Stripe's exceptions to ISO 4217 minor units (docs.stripe.com/currencies, "special
# cases"): ISK and HUF are whole-unit currencies by the standard, but Stripe's API
# keeps them two-decimal (an amount of 100 is 1 krona; charges in multiples of 100).
STRIPE_TWO_DECIMAL = frozenset({"ISK", "HUF"})


class StripeNotConfigured(Exception):
    """No STRIPE_SECRET_KEY: billing runs locally only (development, demos)."""


class WebhookRefused(Exception):
    """A delivery that is not a genuine, fresh Stripe event; ``str()`` says why."""


def configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def api_key() -> str:
    if not settings.STRIPE_SECRET_KEY:
        raise StripeNotConfigured
    return settings.STRIPE_SECRET_KEY


def key_livemode() -> bool:
    """Whether the platform key is a live one: events of the other mode are ignored."""
    return settings.STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_"))


def request_options(*, account: str | None = None, idempotency_key: str | None = None) -> dict:
    """The keyword options of an SDK call: the platform key, and on behalf of a
    connected ``account`` (direct charges) and under an ``idempotency_key`` if given."""
    options: dict = {"api_key": api_key()}
    if account:
        options["stripe_account"] = account
    if idempotency_key:
        options["idempotency_key"] = idempotency_key
    return options


def plain(obj) -> dict:
    """Stripe objects as plain dicts (the SDK's objects are not dicts since v8)."""
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def timestamp(value: int | None) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def stripe_places(currency: str) -> int:
    """The decimals of Stripe's integer amounts in ``currency`` (JPY 0, USD 2, KWD 3)."""
    if currency.upper() in STRIPE_TWO_DECIMAL:
        return 2
    return currency_places(currency)


def to_minor(amount: Decimal, currency: str) -> int:
    """``amount`` as Stripe's integer in the currency's smallest unit.

    Three-decimal currencies must end in 0 for Stripe's partners: the amount is
    rounded to the ten (``money_round`` already keeps them to two decimals).
    """
    places = stripe_places(currency)
    minor = int(Decimal(amount).scaleb(places).quantize(Decimal(1)))
    if places == 3:
        minor = int(Decimal(minor).scaleb(-1).quantize(Decimal(1))) * 10
    return minor


def from_minor(minor: int | None, currency: str) -> Decimal:
    """Stripe's integer amount back to an amount as Souk keeps it."""
    return money_round(Decimal(minor or 0).scaleb(-stripe_places(currency)), currency)


def webhook_event(*, body: bytes, signature: str, secret: str) -> dict:
    """The verified event of a webhook delivery (signature, 5-minute tolerance), as a
    plain dict; ``WebhookRefused`` for a forged, stale or garbled one. Billing's and
    Connect's endpoints share it: each has its own secret, the same rules."""
    try:
        event = stripe.Webhook.construct_event(body, signature, secret, tolerance=WEBHOOK_TOLERANCE)
    except stripe.SignatureVerificationError:
        raise WebhookRefused("bad signature") from None
    except ValueError:
        raise WebhookRefused("bad payload") from None
    payload = plain(event)
    if not isinstance(payload.get("id"), str) or not payload["id"]:
        raise WebhookRefused("not an event")
    return payload

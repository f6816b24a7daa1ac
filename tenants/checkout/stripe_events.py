"""The ``payment_intent.*`` Connect events: the checkout's order placed or its hold released.

Registered into ``payments.stripe_events.HANDLERS`` by ``CheckoutConfig.ready`` (see
that module for why the registry lives below checkout). Called in the shop's schema,
inside the webhook task's transaction, for every delivery and replay of an event;
``checkout_payment_confirmed`` makes the second and later ones change nothing.

- ``payment_intent.succeeded``: place the order from the checkout (the shopper may
  have closed the tab during 3-D Secure), unless the submit or the return page did
  first; a wrong amount or currency is refunded and flagged.
- ``payment_intent.payment_failed`` / ``canceled``: the checkout was abandoned or the
  card refused after the submit: release its stock hold, keep the cart.
- ``payment_intent.processing`` / ``requires_action``: note it; nothing is decided.
"""

from __future__ import annotations

from payments import providers
from payments.stripe_provider import outcome_from_intent


class ShopProvider:
    """The current shop's Stripe provider, looked up only if a call is needed.

    Most events need no call to Stripe; looking the provider up lazily keeps a shop
    whose account was disconnected since from failing events that only record. It is
    Stripe whatever the shop's mode is now (``providers.provider_named``): an event
    about a Stripe charge is settled on Stripe even if the merchant has switched back
    to test mode since.
    """

    name = "stripe"

    def __getattr__(self, name):
        return getattr(providers.provider_named("stripe"), name)


def payment_intent_changed(*, event: dict) -> None:
    from checkout.services.confirming import checkout_payment_confirmed

    intent = event["data"]["object"]
    metadata = intent.get("metadata") or {}
    checkout_payment_confirmed(
        outcome=outcome_from_intent(intent),
        provider=ShopProvider(),
        payment_key=str(metadata.get("souk_payment_key") or ""),
    )


TYPES = (
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
    "payment_intent.processing",
    "payment_intent.requires_action",
)


def register() -> None:
    from payments.stripe_events import HANDLERS

    for type_ in TYPES:
        HANDLERS[type_] = payment_intent_changed

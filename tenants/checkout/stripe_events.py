"""The ``payment_intent.*`` Connect events: the checkout's order placed or its hold released.

Listed in ``checkout.dispatch.STRIPE_EVENT_HANDLERS``. Called in the shop's schema,
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

from checkout.services.confirming import checkout_payment_confirmed
from payments.providers import StripeOfCurrentShop
from payments.stripe_provider import outcome_from_intent


def payment_intent_changed(*, event: dict) -> None:
    intent = event["data"]["object"]
    metadata = intent.get("metadata") or {}
    checkout_payment_confirmed(
        outcome=outcome_from_intent(intent),
        provider=StripeOfCurrentShop(),
        payment_key=str(metadata.get("souk_payment_key") or ""),
    )

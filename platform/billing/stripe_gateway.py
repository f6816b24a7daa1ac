"""Every call Souk makes to Stripe Billing, in one place.

Thin on purpose: these functions pass our ids and return Stripe's objects. The key,
plain dicts and timestamps are the shared Stripe plumbing (``kernel.stripe_client``).
Idempotency keys make a retried task create one customer and one subscription.
"""

from __future__ import annotations

from datetime import datetime

import stripe

from kernel.stripe_client import api_key, plain, timestamp


def customer_create(*, shop_id: int, name: str, email: str) -> dict:
    return plain(
        stripe.Customer.create(
            api_key=api_key(),
            name=name,
            email=email,
            metadata={"souk_shop_id": str(shop_id)},
            idempotency_key=f"souk-customer-{shop_id}",
        )
    )


def subscription_create(
    *, shop_id: int, customer: str, price: str, trial_end: datetime | None
) -> dict:
    params = {
        "customer": customer,
        "items": [{"price": price}],
        "metadata": {"souk_shop_id": str(shop_id)},
    }
    if trial_end is not None:
        params["trial_end"] = int(trial_end.timestamp())
    return plain(
        stripe.Subscription.create(
            api_key=api_key(), idempotency_key=f"souk-subscription-{shop_id}", **params
        )
    )


def subscription_retrieve(subscription_id: str) -> dict:
    return plain(stripe.Subscription.retrieve(subscription_id, api_key=api_key()))


def subscription_change_price(*, subscription_id: str, price: str) -> dict:
    current = subscription_retrieve(subscription_id)
    item = current["items"]["data"][0]
    return plain(
        stripe.Subscription.modify(
            subscription_id,
            api_key=api_key(),
            items=[{"id": item["id"], "price": price}],
            proration_behavior="create_prorations",
        )
    )


def subscription_set_cancel_at_period_end(*, subscription_id: str, cancel: bool) -> dict:
    return plain(
        stripe.Subscription.modify(subscription_id, api_key=api_key(), cancel_at_period_end=cancel)
    )


def invoice_retrieve(invoice_id: str) -> dict:
    return plain(stripe.Invoice.retrieve(invoice_id, api_key=api_key()))


def setup_intent_retrieve(setup_intent_id: str):
    return plain(stripe.SetupIntent.retrieve(setup_intent_id, api_key=api_key()))


def customer_set_default_payment_method(*, customer: str, payment_method: str) -> None:
    stripe.Customer.modify(
        customer, api_key=api_key(), invoice_settings={"default_payment_method": payment_method}
    )


def checkout_setup_session(
    *, customer: str, currency: str, success_url: str, cancel_url: str, shop_id: int
):
    """A Stripe-hosted page where the merchant enters a card (no card data here)."""
    session = stripe.checkout.Session.create(
        api_key=api_key(),
        mode="setup",
        customer=customer,
        currency=currency.lower(),
        payment_method_types=["card"],
        success_url=success_url,
        cancel_url=cancel_url,
        metadata={"souk_shop_id": str(shop_id)},
    )
    return plain(session)


def billing_portal_session(*, customer: str, return_url: str):
    """Stripe's hosted billing portal: update the card, download invoices."""
    return plain(
        stripe.billing_portal.Session.create(
            api_key=api_key(), customer=customer, return_url=return_url
        )
    )


def plan_price_create(*, price_id: str, name: str, amount: int, currency: str, interval: str):
    """A recurring price under a fixed id (a Stripe Plan is usable as a Price id)."""
    return stripe.Plan.create(
        api_key=api_key(),
        id=price_id,
        product={"name": name},
        amount=amount,
        currency=currency.lower(),
        interval=interval,
    )


def subscription_fields(obj) -> dict:
    """What we keep of a Stripe subscription, whatever the API version.

    Since API version 2025-03-31 the period lives on the subscription item; older
    versions (and localstripe) have it on the subscription.
    """
    item = obj["items"]["data"][0] if obj.get("items") and obj["items"]["data"] else {}
    price = item.get("price") or item.get("plan") or {}
    period_end = item.get("current_period_end") or obj.get("current_period_end")
    return {
        "id": obj["id"],
        "customer": obj["customer"],
        "status": obj["status"],
        "price": price.get("id") if hasattr(price, "get") else price,
        "trial_end": timestamp(obj.get("trial_end")),
        "current_period_end": timestamp(period_end),
        "cancel_at_period_end": bool(obj.get("cancel_at_period_end")),
        "ended_at": timestamp(obj.get("ended_at") or obj.get("canceled_at")),
    }

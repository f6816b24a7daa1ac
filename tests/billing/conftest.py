"""Billing fixtures: localstripe on a free local port, Stripe-signed webhook posts.

``localstripe`` starts tests/support/localstripe_server.py (localstripe from PyPI,
see that file for the four test-only adjustments) once per test process; the real
``stripe`` SDK talks to it through ``stripe.api_base``. Events localstripe cannot
produce are built from the objects it holds and signed with Stripe's scheme
(``t=<unix time>,v1=<HMAC-SHA256 of "t.payload">``), exactly what Stripe sends.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
import stripe

from billing.models import Plan, Subscription
from billing.services import subscription_open_in_stripe
from billing.trials import subscription_trial_start
from tests.support.services import free_port, wait_for_port

PLATFORM = "souk.test"
WEBHOOK_URL = "/billing/webhooks/stripe/"
WEBHOOK_SECRET = "whsec_test_souk"
GOOD_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000341"  # attaches, every charge is declined
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def localstripe():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests/support/localstripe_server.py"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port("127.0.0.1", port, timeout=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)


@pytest.fixture
def stripe_api(localstripe, db, settings, monkeypatch):
    """Billing configured against localstripe, with Stripe prices for the seeded plans."""
    monkeypatch.setattr(stripe, "api_base", localstripe)
    settings.STRIPE_SECRET_KEY = "sk_test_souk"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    run = secrets.token_hex(4)
    for plan in Plan.objects.all():
        for interval, field, amount in (
            ("month", "stripe_price_monthly", plan.price_monthly),
            ("year", "stripe_price_yearly", plan.price_yearly),
        ):
            price_id = f"souk-{plan.code}-{interval}-{run}"
            stripe.Plan.create(
                api_key="sk_test_souk",
                id=price_id,
                product={"name": plan.name},
                amount=int(amount * 100),
                currency=plan.currency.lower(),
                interval=interval,
            )
            setattr(plan, field, price_id)
        plan.save()
    return localstripe


def open_billing(shop, plan_code: str = "starter") -> Subscription:
    """A shop's trial, with its Stripe customer and trialing subscription made."""
    sub = subscription_trial_start(shop=shop, plan=Plan.objects.get(code=plan_code))
    return subscription_open_in_stripe(subscription_id=sub.pk)


def card_set(customer: str, number: str) -> str:
    pm = stripe.PaymentMethod.create(
        api_key="sk_test_souk",
        type="card",
        card={"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
    )
    stripe.PaymentMethod.attach(pm.id, customer=customer, api_key="sk_test_souk")
    stripe.Customer.modify(
        customer, api_key="sk_test_souk", invoice_settings={"default_payment_method": pm.id}
    )
    return pm.id


def signature(payload: str, *, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    at = int(time.time()) if at is None else at
    mac = stripe.WebhookSignature._compute_signature(f"{at}.{payload}", secret)
    return f"t={at},v1={mac}"


def event_for(obj: dict, type_: str, *, event_id: str | None = None, livemode=False) -> dict:
    """A Stripe event around ``obj`` (a Stripe object as a dict), as Stripe sends it."""
    return {
        "id": event_id or f"evt_{secrets.token_hex(10)}",
        "object": "event",
        "api_version": "2025-03-31.basil",
        "created": int(time.time()),
        "livemode": livemode,
        "type": type_,
        "data": {"object": obj},
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
    }


def localstripe_event(obj_id: str, type_: str) -> dict:
    """The one event of ``type_`` localstripe itself recorded about an object."""
    events = stripe.Event.list(api_key="sk_test_souk", type=type_, limit=100)
    (found,) = [e.to_dict() for e in events.auto_paging_iter() if e.data.object.id == obj_id]
    return found


def post_event(client, event: dict, *, sig: str | None = None, raw: str | None = None):
    payload = raw if raw is not None else json.dumps(event)
    return client.post(
        WEBHOOK_URL,
        data=payload,
        content_type="application/json",
        HTTP_HOST=PLATFORM,
        HTTP_STRIPE_SIGNATURE=sig if sig is not None else signature(payload),
    )


@pytest.fixture(autouse=True)
def _plans(request):
    """The seeded plans, put back if a transactional test elsewhere flushed them."""
    if "db" in request.fixturenames:
        from billing.seed import plans_seed

        request.getfixturevalue("db")
        plans_seed()


def login_owner(client, shop, host=None):
    """Log the shop's owner into its admin as the owner *membership* it is: billing
    pages check that, not ``is_superuser``. Fixtures provision shops directly, so
    the owner membership and the staff user's link to the account are made here, as
    sign-up makes them."""
    from django.db import connection
    from django_tenants.utils import schema_context

    from accounts.models import Membership, Role, User
    from tests.catalog.conftest import login

    connection.set_schema_to_public()
    owner = User.objects.get(pk=shop.owner_id)
    Membership.objects.get_or_create(account=owner, shop=shop, defaults={"role": Role.OWNER})
    with schema_context(shop.schema_name):
        User.objects.filter(email__iexact=owner.email).update(platform_account_id=owner.pk)
    return login(client, host or f"{shop.subdomain}.{PLATFORM}", owner.email)

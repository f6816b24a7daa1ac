"""A double-clicked pay button racing Stripe's webhook, each on its own database connection.

Three submits of one checkout (the same PaymentMethod, as a double-clicking browser
posts it) and two deliveries of ``payment_intent.succeeded`` (Stripe retries in
parallel) start together. One order, one payment, one PaymentIntent must come out,
and every submit must answer with that order.
"""

from __future__ import annotations

import threading
import time

import stripe
from django.db import connection, transaction
from django_tenants.utils import schema_context

from checkout.dispatch import STRIPE_EVENT_HANDLERS
from checkout.models import CheckoutSession
from checkout.services import checkout_place_order
from orders.models import Order
from payments.models import Payment, PaymentAttempt
from tests.checkout.conftest import ready_checkout, shop_setup
from tests.payments.conftest import KEY, intent, intent_event, payment_method

CLICKS = 3
WEBHOOKS = 2


def test_double_click_racing_the_webhook_places_one_order_and_charges_once(
    committed_shop_factory, stripe_provider
):
    shop = committed_shop_factory()
    with schema_context(shop.schema_name):
        shop_setup()
        session = ready_checkout()
        session_pk, key = session.pk, session.payment_key
    method = payment_method()
    start = threading.Barrier(CLICKS + WEBHOOKS)
    results, delivered = [], []

    def click():
        try:
            connection.set_tenant(shop)
            session = CheckoutSession.objects.get(pk=session_pk)
            start.wait()
            result = checkout_place_order(
                session=session,
                card={"payment_method": method, "return_url": "https://x.test/back"},
                provider=stripe_provider,
                currency="USD",
            )
            results.append((result.status, getattr(result.order, "pk", None)))
        except Exception as exc:
            results.append(("exception", repr(exc)))
        finally:
            connection.close()

    def webhook():
        try:
            connection.set_tenant(shop)
            start.wait()
            deadline = time.monotonic() + 30
            reference = ""
            while not reference and time.monotonic() < deadline:
                reference = (
                    PaymentAttempt.objects.filter(idempotency_key=key)
                    .exclude(reference="")
                    .values_list("reference", flat=True)
                    .first()
                ) or ""
                time.sleep(0.01)
            event = intent_event(intent(reference), "payment_intent.succeeded")
            with transaction.atomic():
                STRIPE_EVENT_HANDLERS[event["type"]](event=event)
            delivered.append(reference)
        except Exception as exc:
            delivered.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(CLICKS)]
    threads += [threading.Thread(target=webhook) for _ in range(WEBHOOKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(t.is_alive() for t in threads)

    with schema_context(shop.schema_name):
        order = Order.objects.get()
        payment = Payment.objects.get()
        assert payment.order_id == order.pk and order.financial_status == "paid"
        assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.COMPLETED
    assert results == [("placed", order.pk)] * CLICKS
    assert delivered == [payment.reference] * WEBHOOKS
    intents = stripe.PaymentIntent.list(api_key=KEY, limit=100).auto_paging_iter()
    ours = [i for i in intents if i.to_dict().get("metadata", {}).get("souk_payment_key") == key]
    assert len(ours) == 1 and ours[0].id == payment.reference

"""A double click: two submits of one checkout at once, each on its own connection.

The shop is committed (``committed_shop_factory``) because each thread has its own
database connection and must see the other's commits. Both threads wait at a barrier
and submit together; one order, one payment and one charge must come out, and both
submits must answer with that order.
"""

from __future__ import annotations

import threading

from django.db import connection
from django_tenants.utils import schema_context

from checkout.models import CheckoutSession
from checkout.services import checkout_place_order
from orders.models import Order
from payments.models import Payment
from payments.providers import TestGateway
from tests.checkout.conftest import CARD_OK, ready_checkout, shop_setup

CLICKS = 4


class CountingGateway(TestGateway):
    def __init__(self):
        self.calls = []
        self.lock = threading.Lock()

    def charge(self, **kwargs):
        with self.lock:
            self.calls.append(kwargs["idempotency_key"])
        return super().charge(**kwargs)


def test_concurrent_submits_place_one_order_and_charge_once(committed_shop_factory):
    shop = committed_shop_factory()
    with schema_context(shop.schema_name):
        shop_setup()
        session_pk = ready_checkout().pk
    gateway, start, results = CountingGateway(), threading.Barrier(CLICKS), []

    def click():
        try:
            connection.set_tenant(shop)
            session = CheckoutSession.objects.get(pk=session_pk)
            start.wait()
            result = checkout_place_order(
                session=session, card=CARD_OK, provider=gateway, currency="EUR"
            )
            results.append((result.status, getattr(result.order, "pk", None)))
        except Exception as exc:  # the test must see any error, not a silent thread
            results.append(("exception", repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads)

    with schema_context(shop.schema_name):
        order = Order.objects.get()
        assert Payment.objects.get().order_id == order.pk
    assert results == [("placed", order.pk)] * CLICKS
    assert len(gateway.calls) == 1

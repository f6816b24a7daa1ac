"""The reconciliation as Celery tasks, run eagerly (no broker in the test settings).

A checkout whose process died after committing its payment attempt (``pending``) and
stock hold, on the test gateway: beat's fan-out from the public schema reaches every
shop, and each shop's task settles its own stale attempts only (a test charge that
never answered took nothing: failed, hold released).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from checkout.tasks import payment_attempts_reconcile, payment_attempts_reconcile_all_shops
from config.celery import app
from inventory.models import Reservation
from inventory.services import stock_reserve
from payments.models import PaymentAttempt
from payments.services import payment_attempt_start
from tests.checkout.conftest import ready_checkout, shop_setup


@pytest.fixture(autouse=True)
def _eager():
    assert app.conf.task_always_eager, "these tests expect no broker configured"


def died_mid_charge(shop, *, minutes_ago: int) -> str:
    with schema_context(shop.schema_name):
        shop_setup()
        session = ready_checkout()
        token = str(session.token)
        stock_reserve(
            token=token,
            lines=[(line.variant_id, line.quantity) for line in session.cart.lines.all()],
        )
        payment_attempt_start(
            provider_name="test",
            amount=session.seen_total,
            currency="USD",
            idempotency_key=session.payment_key,
            checkout_token=token,
        )
        PaymentAttempt.objects.update(updated_at=timezone.now() - timedelta(minutes=minutes_ago))
    return token


def state(shop, token):
    with schema_context(shop.schema_name):
        return (
            PaymentAttempt.objects.get(checkout_token=token).status,
            set(Reservation.objects.filter(token=token).values_list("status", flat=True)),
        )


def test_the_shop_task_settles_stale_attempts_of_its_shop_only(shop_a, shop_b):
    a = died_mid_charge(shop_a, minutes_ago=60)
    b = died_mid_charge(shop_b, minutes_ago=60)

    with schema_context(shop_a.schema_name):
        assert payment_attempts_reconcile.delay().get() == {"failed": 1}

    assert connection.schema_name == "public"
    assert state(shop_a, a) == ("failed", {"released"})
    assert state(shop_b, b) == ("pending", {"active"})


def test_the_fan_out_reaches_every_shop_and_leaves_recent_attempts(shop_a, shop_b):
    a = died_mid_charge(shop_a, minutes_ago=60)
    b = died_mid_charge(shop_b, minutes_ago=5)  # may still be answering

    assert payment_attempts_reconcile_all_shops.delay().get() == 2

    assert state(shop_a, a) == ("failed", {"released"})
    assert state(shop_b, b) == ("pending", {"active"})

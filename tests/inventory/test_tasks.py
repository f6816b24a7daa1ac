"""The expiry sweep as Celery tasks, run eagerly (no broker in the test settings).

tenant-schemas-celery stamps the sender's schema on each task, eager ones included;
so a task sent from shop A must release A's holds only, and the fan-out sent from
the public schema must reach every shop.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from config.celery import app
from inventory.models import Reservation, StockLevel
from inventory.services import stock_reserve, stock_set
from inventory.tasks import release_expired_reservations, release_expired_reservations_all_shops
from tests.inventory.factories import create_variant


@pytest.fixture(autouse=True)
def _eager():
    assert app.conf.task_always_eager, "these tests expect no broker configured"


def _expired_hold(shop, token: str) -> None:
    """One unit of a new variant held by ``token``, already past its expiry."""
    with schema_context(shop.schema_name):
        variant = create_variant()
        stock_set(variant=variant, on_hand=2)
        stock_reserve(token=token, lines=[(variant, 1)])
        Reservation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))


def _state(shop) -> tuple[list[str], list[int]]:
    with schema_context(shop.schema_name):
        return (
            list(Reservation.objects.values_list("status", flat=True)),
            list(StockLevel.objects.values_list("reserved", flat=True)),
        )


def test_the_task_releases_the_senders_shop_only(shop_a, shop_b):
    _expired_hold(shop_a, "cart-a")
    _expired_hold(shop_b, "cart-b")

    with schema_context(shop_a.schema_name):
        result = release_expired_reservations.delay()

    assert result.get() == 1
    assert connection.schema_name == "public"
    assert _state(shop_a) == (["released"], [0])
    assert _state(shop_b) == (["active"], [1])


def test_the_fan_out_from_public_reaches_every_shop(shop_a, shop_b):
    _expired_hold(shop_a, "cart-a")
    _expired_hold(shop_b, "cart-b")
    with schema_context(shop_a.schema_name):
        fresh = create_variant()
        stock_set(variant=fresh, on_hand=1)
        stock_reserve(token="still-shopping", lines=[(fresh, 1)])

    assert release_expired_reservations_all_shops.delay().get() == 2

    assert connection.schema_name == "public"
    with schema_context(shop_a.schema_name):
        statuses = dict(Reservation.objects.values_list("token", "status"))
    assert statuses == {"cart-a": "released", "still-shopping": "active"}
    assert _state(shop_b) == (["released"], [0])

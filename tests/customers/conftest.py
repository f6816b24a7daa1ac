"""Shop A with a shopper account, a client on A's host, and order rows made directly.

Orders are written straight into ``orders.Order`` (the orders app's own services
are not what these tests are about); while that model does not exist, tests that
need orders are skipped with the reason.
"""

from __future__ import annotations

import itertools
import uuid
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.test import Client
from django_tenants.utils import schema_context

HOST = "alpha.souk.test"
PASSWORD = "plum-orchard-47"

_numbers = itertools.count(5001)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Failed-login counters live in the cache; shops of other tests reuse names."""
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def in_a(shop_a):
    return lambda: schema_context(shop_a.schema_name)


@pytest.fixture
def web(shop_a):
    """A browser on shop A's host."""
    return Client(HTTP_HOST=HOST)


@pytest.fixture
def customer(in_a):
    from accounts.models import User

    with in_a():
        return User.objects.create_user(
            email="ana@example.com", password=PASSWORD, first_name="Ana"
        )


@pytest.fixture
def signed_in(web, customer):
    response = web.post("/account/login/", {"email": "ana@example.com", "password": PASSWORD})
    assert response.status_code == 302, response.content
    return web


def order_model_or_skip():
    from orders.models import Order

    return Order


def make_order(*, email: str, customer=None, lines: int = 1, total: str = "25.00", **extra):
    """One order row with its lines, in the current schema."""
    Order = order_model_or_skip()
    number = next(_numbers)
    fields = {f.name for f in Order._meta.get_fields()}
    values = {
        "number": number,
        "email": email,
        "customer": customer,
        "currency": "EUR",
        "total": Decimal(total),
        **extra,
    }
    if "checkout_token" in fields:
        values.setdefault("checkout_token", f"test-{uuid.uuid4()}")
    if "subtotal" in fields:
        values.setdefault("subtotal", Decimal(total))
    order = Order.objects.create(**values)
    for i in range(lines):
        order.lines.create(
            product_title=f"Mug {i}",
            variant_title="Blue",
            quantity=2,
            unit_price=Decimal("12.50"),
        )
    return order

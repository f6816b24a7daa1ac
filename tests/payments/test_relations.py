"""Payments and checkouts point at real orders: no dangling ids, no money record lost."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django_tenants.utils import schema_context

from checkout.models import CheckoutSession
from payments.models import Payment
from payments.providers import PaymentOutcome, Status
from payments.services import payment_record
from tests.orders.conftest import place


@pytest.fixture
def shop(shop_a):
    with schema_context(shop_a.schema_name):
        yield shop_a


def record(order, key="k1"):
    return payment_record(
        order_id=order.pk,
        outcome=PaymentOutcome(Status.APPROVED, "ref"),
        provider_name="test",
        amount=Decimal("10.00"),
        currency="EUR",
        idempotency_key=key,
    )


def test_an_order_with_a_payment_cannot_be_deleted(shop):
    order = place()
    payment = record(order)
    assert payment.order == order and list(order.payments.all()) == [payment]
    with pytest.raises(ProtectedError):
        order.delete()


def test_an_order_with_a_completed_checkout_cannot_be_deleted(shop):
    order = place()
    session = CheckoutSession.objects.create(state="completed", order=order)
    assert list(order.checkouts.all()) == [session]
    with pytest.raises(ProtectedError):
        order.delete()


@pytest.mark.parametrize("model", ["payment", "checkout"])
def test_an_unknown_order_id_is_refused_by_the_database(shop, model):
    with pytest.raises(IntegrityError), transaction.atomic():
        if model == "payment":
            Payment.objects.create(
                order_id=987654, provider="test", amount=1, currency="EUR", idempotency_key="x"
            )
        else:
            CheckoutSession.objects.create(state="completed", order_id=987654)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

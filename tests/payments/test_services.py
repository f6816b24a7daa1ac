"""Payment rows: one per order and per idempotency key, by the database."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from payments.models import Payment
from payments.providers import PaymentOutcome, Status, TestGateway
from payments.services import payment_charge, payment_record

APPROVED = PaymentOutcome(Status.APPROVED, "test_ref", card_last4="4242")


@pytest.fixture
def shop(shop_a):
    with schema_context(shop_a.schema_name):
        yield shop_a


def record(order_id=None, key="k1", outcome=APPROVED):
    from tests.orders.conftest import place

    return payment_record(
        order_id=order_id or place(token=key).pk,
        outcome=outcome,
        provider_name="test",
        amount=Decimal("10.00"),
        currency="EUR",
        idempotency_key=key,
    )


def test_record_twice_with_the_same_key_is_one_row(shop):
    first = record()
    assert record(order_id=first.order_id) == first
    assert Payment.objects.count() == 1
    assert first.card_last4 == "4242"


def test_one_payment_per_order_is_a_database_constraint(shop):
    first = record(key="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            order_id=first.order_id, provider="test", amount=1, currency="EUR", idempotency_key="b"
        )


def test_a_declined_outcome_is_never_recorded(shop):
    with pytest.raises(ValueError):
        record(order_id=1, outcome=PaymentOutcome(Status.DECLINED, "r", "no"))
    assert not Payment.objects.exists()


def test_nothing_to_pay_is_not_sent_to_the_provider():
    class Refusing(TestGateway):
        def charge(self, **kwargs):
            raise AssertionError("a zero total must not be charged")

    outcome = payment_charge(
        provider=Refusing(), amount=Decimal("0.00"), currency="EUR", card={}, idempotency_key="k"
    )
    assert outcome.approved


def start(key="k1", amount="10.00"):
    from payments.services import payment_attempt_start

    return payment_attempt_start(
        provider_name="test",
        amount=Decimal(amount),
        currency="EUR",
        idempotency_key=key,
        checkout_token="tok",
    )


def test_attempt_retried_after_a_failure_reuses_its_row(shop):
    from payments.services import payment_attempt_settle

    attempt = start()
    payment_attempt_settle(attempt=attempt, outcome=PaymentOutcome(Status.ERROR, "r", "down"))
    again = start()
    assert again.pk == attempt.pk and again.status == "pending"


def test_a_spent_key_cannot_be_started_again(shop):
    from payments.services import payment_attempt_complete

    payment_attempt_complete(attempt=start())
    with pytest.raises(ValueError):
        start()


def test_voiding_a_free_attempt_asks_no_provider(shop):
    from payments.services import payment_attempt_void

    class Refusing(TestGateway):
        def void(self, **kwargs):
            raise AssertionError("nothing was charged")

    attempt = payment_attempt_void(provider=Refusing(), attempt=start(amount="0"), reason="x")
    assert attempt.status == "voided"


def test_a_void_that_raises_is_recorded_as_void_failed(shop):
    from payments.services import payment_attempt_void

    class Broken(TestGateway):
        def void(self, **kwargs):
            raise ConnectionError("down")

    attempt = start()
    attempt.reference = "test_x"
    attempt = payment_attempt_void(provider=Broken(), attempt=attempt, reason="x")
    assert attempt.status == "void_failed"

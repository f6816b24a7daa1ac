"""Money safety: a charge whose order cannot be written is voided and stays on record."""

from __future__ import annotations

from decimal import Decimal

from cart.models import CartLine
from checkout.models import CheckoutSession
from checkout.services import PlaceResult, checkout_place_order
from discounts.models import DiscountCode
from discounts.services import discount_code_create
from inventory.models import StockLevel
from orders.models import Order
from payments.models import Payment, PaymentAttempt
from payments.providers import PaymentOutcome, Status, TestGateway
from tests.checkout.conftest import CARD_OK, ready_checkout


class RecordingGateway(TestGateway):
    """The test gateway, remembering every charge and void it was asked for."""

    def __init__(self, *, void_works=True):
        self.charges, self.voids = [], []
        self.void_works = void_works

    def charge(self, **kwargs):
        outcome = super().charge(**kwargs)
        self.charges.append((kwargs["idempotency_key"], outcome.reference))
        return outcome

    def void(self, *, reference, idempotency_key):
        self.voids.append(reference)
        if not self.void_works:
            return PaymentOutcome(Status.ERROR, "", "gateway down")
        return super().void(reference=reference, idempotency_key=idempotency_key)


def place(session, gateway, number="1"):
    return checkout_place_order(
        session=session, card={**CARD_OK, "number": number}, provider=gateway, currency="EUR"
    )


def break_order_writing(monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("the orders table is on fire")

    monkeypatch.setattr("checkout.services.placing.order_place", fail)


def test_order_failure_after_charge_voids_it_and_keeps_the_cart(shop, monkeypatch):
    session = ready_checkout()
    gateway = RecordingGateway()
    break_order_writing(monkeypatch)

    result = place(session, gateway)

    assert result.status == PlaceResult.ERROR
    assert "you were not charged" in result.message
    assert "cart is as you left it" in result.message
    [(key, reference)] = gateway.charges
    assert key == str(session.token) and gateway.voids == [reference]
    # The attempt was written outside the rolled-back transaction: it survives.
    attempt = PaymentAttempt.objects.get()
    assert (attempt.status, attempt.reference, attempt.amount) == (
        "voided",
        reference,
        Decimal("29.00"),
    )
    assert attempt.void_reference.startswith("test_void_")
    assert not Order.objects.exists() and not Payment.objects.exists()
    assert StockLevel.objects.get().reserved == 0
    assert CartLine.objects.filter(cart=session.cart).count() == 1
    session.refresh_from_db()
    assert session.is_open and session.payment_attempts == 1


def test_after_a_void_the_next_submit_is_a_new_charge_and_places(shop, monkeypatch):
    session = ready_checkout()
    gateway = RecordingGateway()
    break_order_writing(monkeypatch)
    place(session, gateway)
    monkeypatch.undo()

    result = place(session, gateway)

    assert result.placed
    assert [key for key, _ in gateway.charges] == [str(session.token), f"{session.token}:1"]
    assert dict(PaymentAttempt.objects.values_list("idempotency_key", "status")) == {
        str(session.token): "voided",
        f"{session.token}:1": "completed",
    }
    assert Payment.objects.get().idempotency_key == f"{session.token}:1"


def test_void_refused_is_recorded_for_a_person_and_the_shopper_is_told(shop, monkeypatch, caplog):
    session = ready_checkout()
    gateway = RecordingGateway(void_works=False)
    break_order_writing(monkeypatch)

    result = place(session, gateway)

    assert result.status == PlaceResult.ERROR
    assert "will refund it" in result.message
    assert PaymentAttempt.objects.get().status == "void_failed"
    assert "could not be voided" in caplog.text
    assert not Order.objects.exists()
    assert CartLine.objects.filter(cart=session.cart).count() == 1


def test_discount_used_up_during_payment_voids_and_explains(shop, monkeypatch):
    discount_code_create(code="LAST", kind="percentage", value=10, usage_limit=1)
    session = ready_checkout(discount_code="LAST")
    gateway = RecordingGateway()
    real_charge = gateway.charge

    def charge_while_someone_uses_the_code(**kwargs):
        DiscountCode.objects.filter(code="LAST").update(times_used=1)
        return real_charge(**kwargs)

    monkeypatch.setattr(gateway, "charge", charge_while_someone_uses_the_code)
    result = place(session, gateway)

    assert result.status == PlaceResult.REFUSED and result.step == "payment"
    assert "you were not charged" in result.message
    assert len(gateway.voids) == 1
    assert PaymentAttempt.objects.get().status == "voided"
    assert not Order.objects.exists()


def test_every_outcome_is_on_record(shop):
    session = ready_checkout()
    gateway = RecordingGateway()
    assert place(session, gateway, "2").status == PlaceResult.DECLINED
    assert place(session, gateway, "3").status == PlaceResult.ERROR
    assert place(session, gateway, "1").placed
    attempts = dict(PaymentAttempt.objects.values_list("idempotency_key", "status"))
    # The decline spent the first key; the error and the retry share the second.
    assert attempts == {str(session.token): "declined", f"{session.token}:1": "completed"}
    assert gateway.voids == []


def test_placed_order_completes_its_attempt_in_the_same_transaction(shop):
    session = ready_checkout()
    result = place(session, RecordingGateway())
    attempt = PaymentAttempt.objects.get()
    assert attempt.status == "completed" and attempt.checkout_token == str(session.token)
    assert result.order.payment_reference == attempt.reference
    assert CheckoutSession.objects.get(pk=session.pk).order_id == result.order.pk


def test_failure_after_the_commit_keeps_order_and_payment(
    committed_shop_factory, monkeypatch, caplog
):
    """An on-commit hook failing (the broker is down) must not void a committed order."""
    from django.db import connection
    from django_tenants.utils import schema_context

    from tests.checkout.conftest import shop_setup

    def broker_down(**kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr("orders.tasks.order_email_send.delay", broker_down)
    shop = committed_shop_factory()
    with schema_context(shop.schema_name):
        shop_setup()
        session = ready_checkout()
        gateway = RecordingGateway()
        result = place(session, gateway)
        assert result.placed
        assert gateway.voids == []
        assert "After placing checkout" in caplog.text  # the hook did fail
        assert PaymentAttempt.objects.get().status == "completed"
        assert Payment.objects.get().order_id == result.order.pk
    with connection.cursor() as cursor:  # the placing lock was given back
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )
        assert cursor.fetchone()[0] == 0


def test_provider_without_an_answer_keeps_the_attempt_pending_and_retries_the_key(shop):
    session = ready_checkout()

    class Timeout(RecordingGateway):
        def charge(self, **kwargs):
            self.charges.append((kwargs["idempotency_key"], ""))
            raise TimeoutError("read timed out")

    result = place(session, Timeout())
    assert result.status == PlaceResult.ERROR and "not be charged twice" in result.message
    assert PaymentAttempt.objects.get().status == "pending"
    assert StockLevel.objects.get().reserved == 0 and not Order.objects.exists()
    gateway = RecordingGateway()
    assert place(session, gateway).placed
    assert [key for key, _ in gateway.charges] == [str(session.token)]
    assert PaymentAttempt.objects.get().status == "completed"

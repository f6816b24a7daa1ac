"""Checkout paying by card through Stripe Connect (localstripe, real SDK).

The card is a PaymentMethod made through the API as Stripe.js makes it; the shop's
provider is a ``StripeProvider`` (``stripe_provider`` patches
``payments.providers.provider_for_shop``). Covers: paid, declined (reason in plain
words, stock released, cart kept), 3-D Secure with each return state, a payment still
processing, and the webhook or reconciliation settling what the shopper left behind.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

import pytest
import stripe
from django.db import transaction
from django.utils import timezone

from checkout.dispatch import STRIPE_EVENT_HANDLERS
from checkout.models import CheckoutSession
from checkout.services import (
    PlaceResult,
    checkout_payment_returned,
    checkout_place_order,
)
from checkout.services.reconciling import payment_attempts_reconcile
from inventory.models import Reservation
from orders.models import Order
from payments.models import Payment, PaymentAttempt
from tests.checkout.conftest import ready_checkout
from tests.payments.conftest import (
    ACCOUNT,
    CARD_3DS,
    CARD_DECLINED,
    CARD_NO_FUNDS,
    KEY,
    authenticate,
    intent,
    intent_event,
    payment_method,
    sepa_method,
    souk_requests,
)

CURRENCY = "USD"


def pay(session, provider, number=None, *, method=None):
    card = {"payment_method": method or payment_method(number or "4242424242424242")}
    card["return_url"] = "https://alpha.souk.test/checkout/payment/return/"
    return checkout_place_order(session=session, card=card, provider=provider, currency=CURRENCY)


def held(session) -> set[str]:
    return set(
        Reservation.objects.filter(token=str(session.token)).values_list("status", flat=True)
    )


def deliver(event: dict, times: int = 1) -> None:
    """As the Connect webhook's task does: in the shop's schema, inside a transaction."""
    for _ in range(times):
        with transaction.atomic():
            STRIPE_EVENT_HANDLERS[event["type"]](event=event)


@pytest.fixture
def checkout(shop):
    return ready_checkout(price="10.00", quantity=2, stock=5)


def test_card_payment_places_a_paid_order_with_the_platform_fee(
    checkout, stripe_provider, stripe_api
):
    result = pay(checkout, stripe_provider)

    assert result.placed
    order = Order.objects.get()
    payment = Payment.objects.get()
    assert order.financial_status == Order.FinancialStatus.PAID
    assert (payment.provider, payment.amount, payment.order_id) == ("stripe", order.total, order.pk)
    assert payment.reference.startswith("pi_") and order.payment_reference == payment.reference
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.COMPLETED
    assert held(checkout) == {"converted"}
    (asked,) = [r for r in souk_requests(stripe_api) if r["idempotency_key"] == str(checkout.token)]
    assert asked["account"] == ACCOUNT
    # $29.00 (20 + 5 shipping + 4 tax) × 2.9 % = 84.1 cents -> 84
    assert order.total == 29 and asked["params"]["application_fee_amount"] == "84"


@pytest.mark.parametrize(
    ("number", "words"),
    [(CARD_DECLINED, "Your card was declined"), (CARD_NO_FUNDS, "insufficient funds")],
)
def test_decline_says_why_releases_stock_and_keeps_the_cart(
    checkout, stripe_provider, number, words
):
    result = pay(checkout, stripe_provider, number)

    assert result.status == PlaceResult.DECLINED and words in result.message
    assert not Order.objects.exists() and not Payment.objects.exists()
    assert held(checkout) == {"released"}
    assert checkout.cart.lines.count() == 1
    checkout.refresh_from_db()
    assert checkout.payment_attempts == 1  # the next card is a new payment
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.DECLINED
    assert pay(checkout, stripe_provider).placed  # then a good card pays


def test_3ds_passed_on_return_places_the_order_and_the_webhook_changes_nothing(
    checkout, stripe_provider
):
    result = pay(checkout, stripe_provider, CARD_3DS)
    assert result.status == PlaceResult.ACTION and "/_souk/3ds/pi_" in result.redirect_url
    attempt = PaymentAttempt.objects.get()
    assert attempt.status == PaymentAttempt.Status.REQUIRES_ACTION
    assert held(checkout) == {"active"}  # the stock waits for the bank

    authenticate(attempt.reference, success=True)
    back = checkout_payment_returned(
        token=str(checkout.token), reference=attempt.reference, provider=stripe_provider
    )
    assert back.placed
    deliver(intent_event(intent(attempt.reference), "payment_intent.succeeded"))
    assert Order.objects.count() == 1 and Payment.objects.count() == 1
    assert Order.objects.get().financial_status == Order.FinancialStatus.PAID


def test_3ds_failed_goes_back_to_payment_with_the_reason(checkout, stripe_provider):
    pay(checkout, stripe_provider, CARD_3DS)
    attempt = PaymentAttempt.objects.get()
    authenticate(attempt.reference, success=False)

    back = checkout_payment_returned(
        token=str(checkout.token), reference="", provider=stripe_provider
    )

    assert back.status == PlaceResult.DECLINED and "3-D Secure" in back.message
    assert not Order.objects.exists() and held(checkout) == {"released"}
    assert checkout.cart.lines.count() == 1


def test_3ds_left_unfinished_is_cancelled_on_return(checkout, stripe_provider):
    pay(checkout, stripe_provider, CARD_3DS)
    attempt = PaymentAttempt.objects.get()

    back = checkout_payment_returned(
        token=str(checkout.token), reference=attempt.reference, provider=stripe_provider
    )

    assert back.status == PlaceResult.DECLINED and "did not confirm" in back.message
    assert intent(attempt.reference)["status"] == "canceled"
    assert held(checkout) == {"released"} and not Order.objects.exists()


def test_a_payment_of_another_checkout_is_not_found_on_return(checkout, stripe_provider):
    pay(checkout, stripe_provider, CARD_3DS)
    attempt = PaymentAttempt.objects.get()
    other = ready_checkout()
    back = checkout_payment_returned(
        token=str(other.token), reference=attempt.reference, provider=stripe_provider
    )
    assert back.status == PlaceResult.REFUSED and "could not find" in back.message
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.REQUIRES_ACTION


def test_processing_payment_shows_confirming_then_the_order(checkout, stripe_provider):
    result = pay(checkout, stripe_provider, method=sepa_method())
    assert result.status == PlaceResult.PROCESSING and "confirming" in result.message
    assert held(checkout) == {"active"} and not Order.objects.exists()

    deadline = time.monotonic() + 10
    back = None
    while time.monotonic() < deadline:
        back = checkout_payment_returned(
            token=str(checkout.token), reference="", provider=stripe_provider
        )
        if back.status != PlaceResult.PROCESSING:
            break
        time.sleep(0.2)
    assert back.placed and Order.objects.get().financial_status == "paid"


def test_webhook_places_the_order_when_the_shopper_never_came_back(checkout, stripe_provider):
    pay(checkout, stripe_provider, CARD_3DS)
    attempt = PaymentAttempt.objects.get()
    authenticate(attempt.reference, success=True)
    succeeded = intent_event(intent(attempt.reference), "payment_intent.succeeded")
    # The same event 100 times, shuffled with its neighbours (another shop's PI,
    # the processing and requires_action events of the same PI).
    neighbours = [
        intent_event(
            {**intent(attempt.reference), "status": "processing"}, "payment_intent.processing"
        ),
        intent_event(
            {
                "id": "pi_not_ours",
                "object": "payment_intent",
                "status": "succeeded",
                "amount": 100,
                "currency": "usd",
                "metadata": {},
            },
            "payment_intent.succeeded",
        ),
    ]
    events = [succeeded] * 100 + neighbours * 5
    random.Random(7).shuffle(events)
    for event in events:
        deliver(event)

    order = Order.objects.get()
    assert order.financial_status == Order.FinancialStatus.PAID
    assert Payment.objects.get().reference == attempt.reference
    assert Payment.objects.get().card_last4 == "3155"
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.COMPLETED
    assert held(checkout) == {"converted"}
    assert checkout.cart.lines.count() == 0
    assert order.events.filter(kind="paid").count() == 1


@pytest.mark.parametrize("change", [{"amount": 100}, {"currency": "eur"}])
def test_amount_or_currency_mismatch_is_refunded_and_flagged(
    checkout, stripe_provider, change, caplog
):
    pay(checkout, stripe_provider, CARD_3DS)
    attempt = PaymentAttempt.objects.get()
    # The PaymentIntent is changed behind the checkout's back, then paid.
    stripe.PaymentIntent.modify(attempt.reference, api_key=KEY, stripe_account=ACCOUNT, **change)
    authenticate(attempt.reference, success=True)

    deliver(intent_event(intent(attempt.reference), "payment_intent.succeeded"), times=3)

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.MISMATCHED
    assert attempt.void_reference.startswith("re_") and "did not match" in attempt.message
    refunds = stripe.Refund.list(payment_intent=attempt.reference, api_key=KEY)
    assert len(refunds.data) == 1  # refunded once, whatever the replays
    assert not Order.objects.exists() and held(checkout) == {"released"}
    assert "did not match" in caplog.text or "took" in caplog.text


def test_failed_or_cancelled_payment_of_an_abandoned_checkout_releases_its_hold(
    checkout, stripe_provider
):
    pay(checkout, stripe_provider, CARD_3DS)
    attempt = PaymentAttempt.objects.get()
    authenticate(attempt.reference, success=False)
    failed = intent_event(intent(attempt.reference), "payment_intent.payment_failed")
    deliver(failed, times=3)

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.DECLINED
    assert held(checkout) == {"released"} and checkout.cart.lines.count() == 1
    checkout.refresh_from_db()
    assert checkout.payment_attempts == 1  # spent once, not once per delivery

    pay(checkout, stripe_provider, CARD_3DS)  # the next try: a new key, a new hold
    second = PaymentAttempt.objects.exclude(pk=attempt.pk).get()
    assert held(checkout) == {"active"}
    stripe.PaymentIntent.cancel(second.reference, api_key=KEY, stripe_account=ACCOUNT)
    deliver(intent_event(intent(second.reference), "payment_intent.canceled"))
    assert held(checkout) == {"released"} and not Order.objects.exists()


def test_reconciliation_settles_stale_attempts(checkout, stripe_provider):
    pay(checkout, stripe_provider, CARD_3DS)
    abandoned = PaymentAttempt.objects.get()
    paid_checkout = ready_checkout(price="3.00", quantity=1)
    pay(paid_checkout, stripe_provider, CARD_3DS)
    paid = PaymentAttempt.objects.exclude(pk=abandoned.pk).get()
    authenticate(paid.reference, success=True)  # paid, but no webhook ever came
    fresh_checkout = ready_checkout(price="4.00", quantity=1)
    pay(fresh_checkout, stripe_provider, CARD_3DS)
    PaymentAttempt.objects.filter(pk__in=[abandoned.pk, paid.pk]).update(
        updated_at=timezone.now() - timedelta(hours=1)
    )

    counts = payment_attempts_reconcile(older_than=timezone.now() - timedelta(minutes=30))

    assert counts == {"declined": 1, "completed": 1}
    assert intent(abandoned.reference)["status"] == "canceled"
    assert held(checkout) == {"released"}
    assert Order.objects.get().checkout_token == str(paid_checkout.token)
    fresh = PaymentAttempt.objects.get(checkout_token=str(fresh_checkout.token))
    assert fresh.status == PaymentAttempt.Status.REQUIRES_ACTION  # too recent: left alone
    assert payment_attempts_reconcile(older_than=timezone.now() - timedelta(minutes=30)) == {}


def test_checkout_session_is_kept_open_until_paid(checkout, stripe_provider):
    pay(checkout, stripe_provider, CARD_3DS)
    assert CheckoutSession.objects.get(pk=checkout.pk).is_open


def test_leaving_3ds_to_pay_with_another_card_charges_only_the_new_one(checkout, stripe_provider):
    first = pay(checkout, stripe_provider, CARD_3DS)
    assert first.status == PlaceResult.ACTION
    old = PaymentAttempt.objects.get()

    # Back in the browser, another card: Stripe refuses the same key with other
    # parameters; the shopper is asked to enter the card again and the key is spent.
    again = pay(checkout, stripe_provider)
    assert again.status == PlaceResult.DECLINED and "enter your card again" in again.message
    old.refresh_from_db()
    assert old.reference.startswith("pi_")  # still known, for its webhook
    assert pay(checkout, stripe_provider).placed

    # The abandoned 3-D Secure is completed after all: that money goes back.
    authenticate(old.reference, success=True)
    deliver(intent_event(intent(old.reference), "payment_intent.succeeded"))
    old.refresh_from_db()
    assert old.status == PaymentAttempt.Status.VOIDED
    assert stripe.Refund.list(payment_intent=old.reference, api_key=KEY).data
    assert Order.objects.count() == 1 and Payment.objects.count() == 1

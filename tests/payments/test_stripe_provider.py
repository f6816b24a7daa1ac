"""StripeProvider on localstripe with the real SDK: direct charges, fee, declines, refunds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from payments.providers import CardInvalid, Status
from payments.stripe_provider import StripeProvider, application_fee_amount, decline_message
from tests.payments.conftest import (
    ACCOUNT,
    CARD_3DS,
    CARD_DECLINED,
    CARD_NO_FUNDS,
    intent,
    payment_method,
    souk_requests,
)


@pytest.mark.parametrize(
    ("amount", "currency", "percent", "fee"),
    [
        (Decimal("0.00"), "EUR", Decimal("2.9"), 0),  # nothing charged, no fee
        (Decimal("0.01"), "EUR", Decimal("2.9"), 0),  # 0.029 cent rounds to 0
        (Decimal("0.01"), "EUR", Decimal("50"), 1),  # 0.5 cent: half up, 1
        (Decimal("0.01"), "EUR", Decimal("49.99"), 0),  # 0.4999 cent: 0
        (Decimal("0.10"), "EUR", Decimal("5"), 1),  # 0.5 cent: half up, not to even
        (Decimal("0.30"), "EUR", Decimal("5"), 2),  # 1.5 cents: 2
        (Decimal("0.50"), "EUR", Decimal("2.9"), 1),  # 1.45 cents: 1 (rounded once)
        (Decimal("10.50"), "EUR", Decimal("2.9"), 30),  # 30.45 cents: 30
        (Decimal("100.00"), "EUR", Decimal("0"), 0),  # 0 % plan
        (Decimal("1000"), "JPY", Decimal("2.9"), 29),  # zero-decimal: 29 yen
        (Decimal("10"), "JPY", Decimal("5"), 1),  # 0.5 yen: half up, 1
        (Decimal("30"), "JPY", Decimal("5"), 2),  # 1.5 yen: 2
        (Decimal("1450"), "JPY", Decimal("2.9"), 42),  # 42.05 yen: 42, never 4205
        (Decimal("10.50"), "KWD", Decimal("2.9"), 300),  # 304.5 fils: 300 (Stripe: ends in 0)
        (Decimal("10.50"), "KWD", Decimal("3"), 320),  # 315 fils: half up to 320
        (Decimal("0.10"), "KWD", Decimal("5"), 10),  # 5 fils: half up to 10
        (Decimal("1000"), "ISK", Decimal("2.9"), 2900),  # 29 kronur, Stripe's two decimals
        (Decimal("1000"), "ISK", Decimal("2.95"), 3000),  # 29.5 kronur: half up to 30
    ],
)
def test_fee_is_rounded_once_half_up_in_minor_units(amount, currency, percent, fee):
    assert application_fee_amount(amount=amount, currency=currency, percent=percent) == fee


def test_a_negative_fee_percent_is_refused():
    with pytest.raises(ValueError):
        application_fee_amount(amount=Decimal("1"), currency="EUR", percent=Decimal("-1"))


def test_charge_is_a_direct_charge_with_the_fee_and_the_key(stripe_provider, stripe_api):
    outcome = stripe_provider.charge(
        amount=Decimal("10.50"),
        currency="EUR",
        card={"payment_method": payment_method(), "return_url": "https://shop.test/back"},
        idempotency_key="tok-1",
    )
    assert outcome.status == Status.APPROVED
    assert (outcome.amount, outcome.currency) == (Decimal("10.50"), "EUR")
    assert outcome.card_last4 == "4242"
    (asked,) = [r for r in souk_requests(stripe_api) if r["idempotency_key"] == "tok-1"]
    assert asked["account"] == ACCOUNT
    assert asked["params"]["amount"] == "1050"
    assert asked["params"]["application_fee_amount"] == "30"
    assert asked["params"]["confirm"] == "true"
    assert asked["params"]["return_url"] == "https://shop.test/back"
    assert asked["params"]["metadata"]["souk_payment_key"] == "tok-1"
    assert "number" not in str(asked["params"])  # no card data passes through us
    assert intent(outcome.reference)["application_fee_amount"] == 30


def test_a_zero_percent_plan_sends_no_fee(stripe_api, monkeypatch):
    provider = StripeProvider(account_id=ACCOUNT, application_fee_percent=Decimal("0"))
    provider.charge(
        amount=Decimal("5.00"),
        currency="EUR",
        card={"payment_method": payment_method()},
        idempotency_key="tok-free-fee",
    )
    (asked,) = [r for r in souk_requests(stripe_api) if r["idempotency_key"] == "tok-free-fee"]
    assert "application_fee_amount" not in asked["params"]


def test_retrying_a_key_never_charges_twice(stripe_provider, stripe_api):
    method = payment_method()
    first = stripe_provider.charge(
        amount=Decimal("7.00"),
        currency="EUR",
        card={"payment_method": method},
        idempotency_key="k2",
    )
    again = stripe_provider.charge(
        amount=Decimal("7.00"),
        currency="EUR",
        card={"payment_method": method},
        idempotency_key="k2",
    )
    assert first.reference == again.reference
    assert len([r for r in souk_requests(stripe_api) if r["idempotency_key"] == "k2"]) == 2


@pytest.mark.parametrize(
    ("number", "words"),
    [(CARD_DECLINED, "Your card was declined"), (CARD_NO_FUNDS, "insufficient funds")],
)
def test_declines_by_test_card_are_outcomes_in_plain_words(stripe_provider, number, words):
    outcome = stripe_provider.charge(
        amount=Decimal("7.00"),
        currency="EUR",
        card={"payment_method": payment_method(number)},
        idempotency_key=f"decl-{number}",
    )
    assert outcome.status == Status.DECLINED
    assert words in outcome.message and "not charged" in outcome.message
    assert outcome.reference.startswith("pi_")
    assert intent(outcome.reference)["status"] == "requires_payment_method"


def test_three_d_secure_answers_with_the_banks_page(stripe_provider):
    outcome = stripe_provider.charge(
        amount=Decimal("7.00"),
        currency="EUR",
        card={"payment_method": payment_method(CARD_3DS), "return_url": "https://shop.test/b"},
        idempotency_key="3ds-1",
    )
    assert outcome.status == Status.REQUIRES_ACTION
    assert outcome.redirect_url.endswith(f"/_souk/3ds/{outcome.reference}")


def test_no_payment_method_is_a_form_error_not_a_call(stripe_provider):
    with pytest.raises(CardInvalid):
        stripe_provider.charge(
            amount=Decimal("1"), currency="EUR", card={"number": "4242"}, idempotency_key="x"
        )


def test_refunds_partial_then_rest_and_more_is_refused(stripe_provider):
    charged = stripe_provider.charge(
        amount=Decimal("10.00"),
        currency="EUR",
        card={"payment_method": payment_method()},
        idempotency_key="ref-1",
    )
    part = stripe_provider.refund(
        reference=charged.reference, amount=Decimal("4.00"), currency="EUR", idempotency_key="r1"
    )
    assert part.approved and part.reference.startswith("re_") and part.amount == Decimal("4.00")
    same = stripe_provider.refund(
        reference=charged.reference, amount=Decimal("4.00"), currency="EUR", idempotency_key="r1"
    )
    assert same.reference == part.reference  # the retry is the same refund
    too_much = stripe_provider.refund(
        reference=charged.reference, amount=Decimal("6.01"), currency="EUR", idempotency_key="r2"
    )
    assert too_much.status == Status.DECLINED and "greater than" in too_much.message
    rest = stripe_provider.refund(
        reference=charged.reference, amount=Decimal("6.00"), currency="EUR", idempotency_key="r3"
    )
    assert rest.approved


def test_void_cancels_a_waiting_payment_and_refunds_a_taken_one(stripe_provider):
    waiting = stripe_provider.charge(
        amount=Decimal("3.00"),
        currency="EUR",
        card={"payment_method": payment_method(CARD_3DS), "return_url": "https://shop.test/b"},
        idempotency_key="v-1",
    )
    assert stripe_provider.void(reference=waiting.reference, idempotency_key="v-1:void").approved
    assert intent(waiting.reference)["status"] == "canceled"
    taken = stripe_provider.charge(
        amount=Decimal("3.00"),
        currency="EUR",
        card={"payment_method": payment_method()},
        idempotency_key="v-2",
    )
    voided = stripe_provider.void(reference=taken.reference, idempotency_key="v-2:void")
    assert voided.approved and voided.reference.startswith("re_")


def test_decline_codes_map_to_plain_words():
    assert "expired" in decline_message(code="expired_card")
    assert "security code" in decline_message(code="incorrect_cvc")
    # A stolen card is told only "declined".
    assert decline_message(code="card_declined", decline_code="stolen_card") == decline_message()

"""The test gateway: outcomes chosen by the card number, no database."""

from decimal import Decimal

import pytest

from payments.providers import CardInvalid, Status, TestGateway


def charge(number, key="checkout-1"):
    return TestGateway().charge(
        amount=Decimal("12.50"), currency="EUR", card={"number": number}, idempotency_key=key
    )


@pytest.mark.parametrize("number", ["1", "4242 4242 4242 4242", "4242-4242-4242-4242"])
def test_approving_numbers(number):
    outcome = charge(number)
    assert outcome.status == Status.APPROVED and outcome.approved
    assert outcome.reference.startswith("test_")
    assert outcome.message == ""


@pytest.mark.parametrize("number", ["2", "4000000000000002"])
def test_declining_numbers_say_why(number):
    outcome = charge(number)
    assert outcome.status == Status.DECLINED
    assert "declined" in outcome.message


@pytest.mark.parametrize("number", ["3", "4000 0000 0000 0119"])
def test_three_and_stripes_processing_error_card_are_a_gateway_error(number):
    outcome = charge(number)
    assert outcome.status == Status.ERROR
    assert "not charged" in outcome.message


@pytest.mark.parametrize("number", ["", "5555555555554444", "abc", "11"])
def test_any_other_number_is_a_clear_validation_error(number):
    with pytest.raises(CardInvalid) as caught:
        charge(number)
    assert "4242 4242 4242 4242 (approved)" in caught.value.message_dict["number"][0]


def test_same_key_same_reference_other_key_other_reference():
    assert charge("1", "k1").reference == charge("1", "k1").reference
    assert charge("1", "k1").reference != charge("1", "k2").reference


def test_only_the_last_four_digits_come_back():
    outcome = charge("4242424242424242")
    assert outcome.card_last4 == "4242"
    assert "4242424242424242" not in repr(outcome)


def test_void_and_refund_answer_the_same_for_the_same_key():
    gateway = TestGateway()
    first = gateway.void(reference="test_abc", idempotency_key="k:void")
    assert first.approved and first.reference.startswith("test_void_")
    assert gateway.void(reference="test_abc", idempotency_key="k:void") == first
    refund = gateway.refund(
        reference="test_abc", amount=Decimal("5.00"), currency="EUR", idempotency_key="r1"
    )
    assert refund.approved and refund.reference.startswith("test_refund_")
    other = gateway.refund(
        reference="test_abc", amount=Decimal("5.00"), currency="EUR", idempotency_key="r2"
    )
    assert other.reference != refund.reference


def test_void_and_refund_refuse_missing_arguments():
    gateway = TestGateway()
    with pytest.raises(ValueError):
        gateway.void(reference="", idempotency_key="k")
    with pytest.raises(ValueError):
        gateway.refund(reference="r", amount=Decimal("0"), currency="EUR", idempotency_key="k")

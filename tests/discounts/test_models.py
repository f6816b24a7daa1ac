"""Discount codes refuse bad settings, in the services and in the database."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from discounts.models import DiscountCode, DiscountRedemption
from discounts.services import discount_code_create, discount_code_update


def _errors(**kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        discount_code_create(**kwargs)
    return caught.value.message_dict


def test_duplicate_code_in_another_case_is_refused(alpha):
    discount_code_create(code="SUMMER", kind="percentage", value=10)
    errors = _errors(code="summer", kind="fixed", value=5)
    assert errors["code"] == ["The code “summer” already exists (codes ignore case)."]
    with pytest.raises(IntegrityError), transaction.atomic():
        DiscountCode.objects.create(code="Summer", kind="fixed", value=5)


def test_renaming_to_its_own_code_is_fine(alpha):
    code = discount_code_create(code="SUMMER", kind="percentage", value=10)
    discount_code_update(discount=code, code="summer")
    assert DiscountCode.objects.get().code == "summer"


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("percentage", 0, "Enter a percentage above 0 and at most 100."),
        ("percentage", "100.01", "Enter a percentage above 0 and at most 100."),
        ("percentage", -5, "Enter a percentage above 0 and at most 100."),
        ("fixed", 0, "Enter an amount above 0."),
        ("fixed", "-1", "Enter an amount above 0."),
    ],
)
def test_value_must_fit_the_kind(alpha, kind, value, message):
    assert _errors(code="X", kind=kind, value=value)["value"] == [message]
    with pytest.raises(IntegrityError), transaction.atomic():
        DiscountCode.objects.create(code="X", kind=kind, value=Decimal(value))


def test_percentage_of_exactly_100_is_allowed(alpha):
    assert discount_code_create(code="X", kind="percentage", value=100).value == 100


def test_free_shipping_stores_no_value(alpha):
    assert discount_code_create(code="X", kind="free_shipping", value=7).value == 0


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter a code."),
        ("  ", "Enter a code."),
        ("TWO WORDS", "A code cannot contain spaces."),
    ],
)
def test_bad_codes(alpha, code, message):
    assert _errors(code=code, kind="fixed", value=1)["code"] == [message]


def test_too_long_code(alpha):
    assert "at most 64" in _errors(code="X" * 65, kind="fixed", value=1)["code"][0]


def test_end_before_start(alpha):
    now = timezone.now()
    errors = _errors(code="X", kind="fixed", value=1, starts_at=now, ends_at=now)
    assert errors["ends_at"] == ["The end must be after the start."]
    with pytest.raises(IntegrityError), transaction.atomic():
        DiscountCode.objects.create(
            code="X", kind="fixed", value=1, starts_at=now, ends_at=now - timedelta(days=1)
        )


def test_collections_mode_needs_a_collection(alpha):
    errors = _errors(code="X", kind="fixed", value=1, applies_to="collections")
    assert errors["collections"] == ["Choose at least one collection."]


@pytest.mark.parametrize("field", ["usage_limit", "per_customer_limit"])
def test_limits_are_at_least_one(alpha, field):
    with pytest.raises(ValidationError):
        discount_code_create(code="X", kind="fixed", value=1, **{field: 0})
    with pytest.raises(IntegrityError), transaction.atomic():
        DiscountCode.objects.create(code="X", kind="fixed", value=1, **{field: 0})


def test_nothing_is_saved_when_refused(alpha):
    with pytest.raises(ValidationError):
        discount_code_create(code="X", kind="fixed", value=0)
    assert not DiscountCode.objects.exists()


def test_redemptions_are_unique_per_order_and_lowercased(alpha):
    code = discount_code_create(code="X", kind="fixed", value=1)
    DiscountRedemption.objects.create(code=code, email="a@example.com", order_id=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DiscountRedemption.objects.create(code=code, email="b@example.com", order_id=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DiscountRedemption.objects.create(code=code, email="A@example.com", order_id=2)

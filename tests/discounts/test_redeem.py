"""``discount_redeem``: limits re-checked under a row lock, idempotent per order."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from discounts.models import DiscountCode, DiscountRedemption
from discounts.services import discount_code_create, discount_redeem
from discounts.types import DiscountInvalid


def test_redeem_records_the_use(alpha):
    discount_code_create(code="TEN", kind="percentage", value=10)
    discount_redeem(code="ten", email=" Ana@Example.COM ", order_id=41)
    redemption = DiscountRedemption.objects.get()
    assert (redemption.email, redemption.order_id) == ("ana@example.com", 41)
    assert DiscountCode.objects.get().times_used == 1


def test_redeeming_the_same_order_twice_counts_once(alpha):
    discount_code_create(code="ONCE", kind="percentage", value=10, usage_limit=1)
    discount_redeem(code="ONCE", email="a@example.com", order_id=7)
    discount_redeem(code="ONCE", email="a@example.com", order_id=7)
    assert DiscountCode.objects.get().times_used == 1
    assert DiscountRedemption.objects.count() == 1


def test_limit_reached_refuses_and_writes_nothing(alpha):
    discount_code_create(code="ONCE", kind="percentage", value=10, usage_limit=1)
    discount_redeem(code="ONCE", email="a@example.com", order_id=1)
    with pytest.raises(DiscountInvalid, match="reached its usage limit"):
        discount_redeem(code="ONCE", email="b@example.com", order_id=2)
    assert DiscountCode.objects.get().times_used == 1
    assert list(DiscountRedemption.objects.values_list("order_id", flat=True)) == [1]


def test_once_per_customer_by_email(alpha):
    discount_code_create(code="HI", kind="percentage", value=10, per_customer_limit=1)
    discount_redeem(code="HI", email="ana@example.com", order_id=1)
    with pytest.raises(DiscountInvalid, match=r"already been used with ana@example\.com"):
        discount_redeem(code="HI", email="ANA@example.com", order_id=2)
    discount_redeem(code="HI", email="bo@example.com", order_id=3)


def test_per_customer_limit_needs_an_email(alpha):
    discount_code_create(code="HI", kind="percentage", value=10, per_customer_limit=1)
    with pytest.raises(DiscountInvalid) as caught:
        discount_redeem(code="HI", email="", order_id=1)
    assert caught.value.reason == "Enter your email address to use this code."


def test_unknown_and_inactive_codes(alpha):
    with pytest.raises(DiscountInvalid, match="is not a valid discount code"):
        discount_redeem(code="NOPE", email="a@example.com", order_id=1)
    discount_code_create(code="OFF", kind="fixed", value=1, is_active=False)
    with pytest.raises(DiscountInvalid, match="is not a valid discount code"):
        discount_redeem(code="OFF", email="a@example.com", order_id=1)


def test_a_rolled_back_order_gives_the_use_back(alpha):
    discount_code_create(code="ONCE", kind="percentage", value=10, usage_limit=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        discount_redeem(code="ONCE", email="a@example.com", order_id=1)
        raise RuntimeError("payment failed")
    discount_redeem(code="ONCE", email="b@example.com", order_id=2)


def test_two_checkouts_racing_for_the_last_use(committed_shop_factory):
    """Each places its order on its own connection; the first holds the lock a moment
    so the second must wait for it, then sees the use committed and is refused."""
    shop = committed_shop_factory()
    with schema_context(shop.schema_name):
        discount_code_create(code="LAST", kind="percentage", value=10, usage_limit=1)
    start, outcomes = threading.Barrier(2), []

    def place_order(order_id: int) -> None:
        start.wait()
        try:
            connection.set_tenant(shop)
            with transaction.atomic():
                discount_redeem(
                    code="LAST", email=f"buyer{order_id}@example.com", order_id=order_id
                )
                time.sleep(0.3)  # the rest of the order, while holding the lock
            outcomes.append("redeemed")
        except DiscountInvalid as exc:
            outcomes.append(exc.reason)
        except Exception as exc:  # a deadlock or constraint error: the test must see it
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=place_order, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    assert sorted(outcomes) == ["This code has reached its usage limit.", "redeemed"]
    with schema_context(shop.schema_name):
        assert DiscountCode.objects.get().times_used == 1
        assert DiscountRedemption.objects.count() == 1

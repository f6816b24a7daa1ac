"""Payments and refunds name their amounts through the kernel's money display."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from payments.models import Payment, PaymentRefund


def test_a_payment_shows_its_amount_in_its_currency():
    with translation.override("en"):
        assert str(
            Payment(amount=Decimal("1450"), currency="JPY", provider="stripe", reference="pi_1")
        ) == ("¥1,450 (stripe pi_1)")
        assert str(
            Payment(amount=Decimal("14.50"), currency="KWD", provider="test", reference="t1")
        ) == ("KWD14.500 (test t1)")


def test_a_refund_shows_its_amount_in_its_currency():
    with translation.override("en"):
        refund = PaymentRefund(provider_refund_id="re_1", amount=Decimal("14.50"), currency="USD")
        assert str(refund) == "re_1: $14.50"

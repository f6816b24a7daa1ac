"""Stripe Connect behind the ``PaymentProvider`` interface (issue 7).

Skeleton of the seam between the two issue-7 branches; the ``stripe-pay`` branch
replaces the bodies. ``payments.providers.provider_for_shop`` builds it with the
shop's connected account and its plan's fee.
"""

from __future__ import annotations

from decimal import Decimal


class StripeProvider:
    name = "stripe"

    def __init__(self, *, account_id: str, application_fee_percent: Decimal) -> None:
        self.account_id = account_id
        self.application_fee_percent = application_fee_percent

    def charge(self, *, amount, currency, card, idempotency_key):
        raise NotImplementedError

    def void(self, *, reference, idempotency_key):
        raise NotImplementedError

    def refund(self, *, reference, amount, currency, idempotency_key):
        raise NotImplementedError

"""What every payment provider answers with and raises: the interface checkout knows.

A provider never raises for a refusal: a decline and a provider failure are
*outcomes* the shopper is told about, because checkout must release the stock it
held and keep the cart in both cases. Only a card that cannot be sent at all raises
``CardInvalid`` (a form error). The providers themselves (``payments.providers``,
``payments.stripe_provider``) import this module, never each other's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.core.exceptions import ValidationError


class Status:
    APPROVED = "approved"
    DECLINED = "declined"
    ERROR = "error"
    # Stripe only: the bank wants the shopper (3-D Secure); ``redirect_url`` is where.
    REQUIRES_ACTION = "requires_action"
    # Stripe only: accepted, the money is not confirmed yet (a webhook will say).
    PROCESSING = "processing"


@dataclass(frozen=True)
class PaymentOutcome:
    """A provider's answer. ``amount``/``currency`` are what the provider says it took
    (None when it does not say: the test gateway), so a confirmation that arrives
    later (a webhook, a return from 3-D Secure) can be checked against the order."""

    status: str  # Status.*
    reference: str  # the provider's id of the charge (or of the refusal)
    message: str = ""  # for the shopper, translated; empty when approved
    card_last4: str = ""
    card_brand: str = ""  # "visa", "mastercard" (Stripe's names), when the provider says
    redirect_url: str = ""  # REQUIRES_ACTION: send the shopper there
    amount: Decimal | None = None
    currency: str = ""

    @property
    def approved(self) -> bool:
        return self.status == Status.APPROVED

    @property
    def waiting(self) -> bool:
        """Neither taken nor refused yet: the hold and the attempt stay open."""
        return self.status in (Status.REQUIRES_ACTION, Status.PROCESSING)


class PaymentsUnavailable(Exception):
    """The shop cannot take payments: not in test mode and no Stripe account with
    charges enabled. Checkout tells the shopper the shop cannot take orders yet."""


class CardInvalid(ValidationError):
    """The card details cannot be sent to the provider (a form error, not a decline)."""


class PaymentProvider(Protocol):
    name: str

    def charge(
        self, *, amount: Decimal, currency: str, card: dict, idempotency_key: str
    ) -> PaymentOutcome: ...

    def void(self, *, reference: str, idempotency_key: str) -> PaymentOutcome:
        """Cancel the charge ``reference`` in full (Stripe: cancel the PaymentIntent, or
        refund it when already captured). Voiding twice answers like the first time."""
        ...

    def refund(
        self, *, reference: str, amount: Decimal, currency: str, idempotency_key: str
    ) -> PaymentOutcome:
        """Give back ``amount`` of the charge ``reference``; one refund per key."""
        ...

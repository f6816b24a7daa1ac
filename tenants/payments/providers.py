"""How Souk takes a shopper's money: one interface, one class per payment provider.

Checkout knows ``PaymentProvider.charge`` and ``void``; this issue ships the built-in
``TestGateway`` (Shopify's "Bogus Gateway": the card number picks the outcome), and
Stripe Connect arrives later behind the same interface. A provider never raises for
a refusal: a decline and a provider failure are *outcomes* the shopper is told about,
because checkout must release the stock it held and keep the cart in both cases.
Only a card that cannot be sent at all raises ``CardInvalid`` (a form error).

``void`` gives back a charge whose order could not be written (the compensating call
of ``checkout_place_order``); ``refund`` gives back money of an order that exists
(all or part). Both answer with an outcome too, never raise for a refusal: a void the
provider refuses leaves a ``PaymentAttempt`` marked ``void_failed`` for a person to
settle, and must not hide the error that made checkout void in the first place.

``idempotency_key`` is what makes a retried submit safe: a provider given the same key
twice must answer with the first charge, never charge again (Stripe's
``Idempotency-Key``). The test gateway is stateless, so it derives the reference from
the key: the same key always yields the same reference.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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


def card_number(card: dict) -> str:
    """The number as typed, without the spaces and dashes people put in it."""
    raw = str((card or {}).get("number", ""))
    return "".join(ch for ch in raw if ch not in " -")


class TestGateway:
    """The built-in test provider: the card number chooses the outcome.

    ``1`` or ``4242 4242 4242 4242`` approve, ``2`` or ``4000 0000 0000 0002``
    decline, ``3`` is a provider failure. Anything else is refused before "sending",
    with a message that names the test numbers, so a merchant trying the shop out
    knows what to type.
    """

    __test__ = False  # not a pytest class, whatever its name says
    name = "test"
    APPROVE = frozenset({"1", "4242424242424242"})
    DECLINE = frozenset({"2", "4000000000000002"})
    ERROR = frozenset({"3"})

    def charge(
        self, *, amount: Decimal, currency: str, card: dict, idempotency_key: str
    ) -> PaymentOutcome:
        number = card_number(card)
        if number not in self.APPROVE | self.DECLINE | self.ERROR:
            raise CardInvalid(
                {
                    "number": _(
                        "This shop uses the test gateway: use card number 1 (approved), "
                        "2 (declined) or 3 (gateway error)."
                    )
                }
            )
        if not idempotency_key:
            raise ValueError("A charge needs an idempotency key.")
        digest = hashlib.sha256(f"{idempotency_key}:{amount}:{currency}".encode()).hexdigest()
        reference = f"test_{digest[:24]}"
        last4 = number[-4:]
        if number in self.APPROVE:
            return PaymentOutcome(Status.APPROVED, reference, card_last4=last4)
        if number in self.DECLINE:
            return PaymentOutcome(
                Status.DECLINED,
                reference,
                _("Your card was declined. Try another card; you were not charged."),
                card_last4=last4,
            )
        return PaymentOutcome(
            Status.ERROR,
            reference,
            _(
                "The payment provider did not answer. You were not charged; "
                "please try again in a moment."
            ),
            card_last4=last4,
        )

    def void(self, *, reference: str, idempotency_key: str) -> PaymentOutcome:
        """Always succeeds: nothing was taken. The reference names the void, derived
        from the key, so voiding again answers with the same reference."""
        if not reference or not idempotency_key:
            raise ValueError("A void needs the charge's reference and an idempotency key.")
        digest = hashlib.sha256(f"{idempotency_key}:void:{reference}".encode()).hexdigest()
        return PaymentOutcome(Status.APPROVED, f"test_void_{digest[:24]}")

    def refund(
        self, *, reference: str, amount: Decimal, currency: str, idempotency_key: str
    ) -> PaymentOutcome:
        if not reference or not idempotency_key:
            raise ValueError("A refund needs the charge's reference and an idempotency key.")
        if amount <= 0:
            raise ValueError("A refund needs an amount above zero.")
        digest = hashlib.sha256(
            f"{idempotency_key}:refund:{reference}:{amount}:{currency}".encode()
        ).hexdigest()
        return PaymentOutcome(Status.APPROVED, f"test_refund_{digest[:24]}")


def provider_for_shop(shop=None) -> PaymentProvider:
    """The provider of ``shop`` (default: the shop whose schema is current).

    In test mode (every shop's default: ``connect.services.test_mode_of``) the
    built-in test gateway; out of it, Stripe on the shop's connected account, with
    the plan's fee, once that account can take charges. Anything else raises
    ``PaymentsUnavailable``: a shop out of test mode whose account lost its charges
    (Stripe restricted it, the merchant disconnected it) must not take orders it
    cannot be paid for, and must not fall back to the test gateway either.
    Two small public-schema queries (settings, account), three with the fee.
    """
    from connect.services import test_mode_of

    shop = _shop_or_current(shop)
    if test_mode_of(shop):
        return TestGateway()
    return _stripe_on(shop, charges_needed=True)


def provider_named(name: str, shop=None) -> PaymentProvider:
    """The provider that holds a payment, whatever the shop's mode is now.

    Refunds, voids and late confirmations of a charge go to where its money is: a
    Stripe charge is refunded on Stripe even if the merchant has since switched back
    to test mode (``provider_for_shop`` would then answer with the test gateway,
    which would "refund" nothing), and on an account whose charges Stripe has since
    disabled (refunds still work there). Raises ``PaymentsUnavailable`` when that
    provider cannot be reached (no connected account any more).
    """
    from payments.stripe_provider import StripeProvider

    if name == TestGateway.name:
        return TestGateway()
    if name != StripeProvider.name:
        raise PaymentsUnavailable(name)
    return _stripe_on(_shop_or_current(shop), charges_needed=False)


def _shop_or_current(shop):
    from django.db import connection

    return shop if shop is not None else connection.tenant


def _stripe_on(shop, *, charges_needed: bool) -> PaymentProvider:
    """Stripe on the shop's connected account (still connected; able to charge if
    ``charges_needed``) with its plan's fee, or ``PaymentsUnavailable``."""
    from billing.limits import transaction_fee_percent
    from connect.models import ConnectedAccount
    from payments.stripe_provider import StripeProvider

    accounts = ConnectedAccount.objects.for_shop(shop).filter(deauthorized_at__isnull=True)
    if charges_needed:
        accounts = accounts.charges_enabled()
    account = accounts.first()
    if account is None:
        raise PaymentsUnavailable(shop.schema_name)
    fee = transaction_fee_percent(shop=shop)
    return StripeProvider(
        account_id=account.account_id,
        application_fee_percent=fee if fee is not None else Decimal("0"),
    )

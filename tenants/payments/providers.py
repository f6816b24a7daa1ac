"""How Souk takes a shopper's money: which provider a shop uses, and the test gateway.

Checkout knows ``PaymentProvider.charge`` and ``void`` (the interface and its
outcomes are in ``payments.types``): the built-in ``TestGateway`` (Shopify's "Bogus
Gateway": the card number picks the outcome) and Stripe Connect
(``payments.stripe_provider``) answer behind it. A provider never raises for a
refusal: a decline and a provider failure are *outcomes* the shopper is told about.

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
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _

from billing.limits import transaction_fee_percent
from connect.models import ConnectedAccount
from connect.services import test_mode_of
from payments.stripe_provider import StripeProvider
from payments.types import (
    CardInvalid,
    PaymentOutcome,
    PaymentProvider,
    PaymentsUnavailable,
    Status,
)


def card_number(card: dict) -> str:
    """The number as typed, without the spaces and dashes people put in it."""
    raw = str((card or {}).get("number", ""))
    return "".join(ch for ch in raw if ch not in " -")


class TestGateway:
    """The built-in test provider: the card number chooses the outcome.

    The numbers are Stripe's own test cards, so one set of instructions is true in
    test mode whichever provider runs it (README, admin banner, payments page,
    docs/connect.md): ``4242 4242 4242 4242`` approves, ``4000 0000 0000 0002`` is
    declined, ``4000 0000 0000 0119`` is a provider failure. ``1``, ``2`` and ``3``
    are kept as shorthands for the same three. Anything else is refused before
    "sending", with a message that names the test numbers, so a merchant trying the
    shop out knows what to type.
    """

    __test__ = False  # not a pytest class, whatever its name says
    name = "test"
    APPROVE = frozenset({"1", "4242424242424242"})
    DECLINE = frozenset({"2", "4000000000000002"})
    ERROR = frozenset({"3", "4000000000000119"})

    def charge(
        self, *, amount: Decimal, currency: str, card: dict, idempotency_key: str
    ) -> PaymentOutcome:
        number = card_number(card)
        if number not in self.APPROVE | self.DECLINE | self.ERROR:
            raise CardInvalid(
                {
                    "number": _(
                        "This shop is in test mode: pay with card 4242 4242 4242 4242 "
                        "(approved) or 4000 0000 0000 0002 (declined)."
                    )
                }
            )
        if not idempotency_key:
            raise ValueError("A charge needs an idempotency key.")
        digest = hashlib.sha256(f"{idempotency_key}:{amount}:{currency}".encode()).hexdigest()
        reference = f"test_{digest[:24]}"
        last4 = number[-4:]
        if number in self.APPROVE:
            brand = "visa" if number.startswith("4") else ""
            return PaymentOutcome(Status.APPROVED, reference, card_last4=last4, card_brand=brand)
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
    if name == TestGateway.name:
        return TestGateway()
    if name != StripeProvider.name:
        raise PaymentsUnavailable(name)
    return _stripe_on(_shop_or_current(shop), charges_needed=False)


def _shop_or_current(shop):
    return shop if shop is not None else connection.tenant


def _stripe_on(shop, *, charges_needed: bool) -> PaymentProvider:
    """Stripe on the shop's connected account (still connected; able to charge if
    ``charges_needed``) with its plan's fee, or ``PaymentsUnavailable``."""
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


class StripeOfCurrentShop:
    """The current shop's Stripe provider, looked up only when a call needs it.

    Most Stripe events and reconciliations need no call to Stripe; looking the
    provider up lazily keeps a shop whose account was disconnected since from
    failing the ones that only record. It is Stripe whatever the shop's mode is now
    (``provider_named``): a Stripe charge is settled on Stripe even if the merchant
    has switched back to test mode since.
    """

    name = StripeProvider.name

    def _provider(self) -> PaymentProvider:
        return provider_named(self.name)

    def charge(
        self, *, amount: Decimal, currency: str, card: dict, idempotency_key: str
    ) -> PaymentOutcome:
        return self._provider().charge(
            amount=amount, currency=currency, card=card, idempotency_key=idempotency_key
        )

    def retrieve(self, *, reference: str) -> PaymentOutcome:
        return self._provider().retrieve(reference=reference)

    def refunds_of(self, *, reference: str) -> list:
        return self._provider().refunds_of(reference=reference)

    def void(self, *, reference: str, idempotency_key: str) -> PaymentOutcome:
        return self._provider().void(reference=reference, idempotency_key=idempotency_key)

    def refund(
        self, *, reference: str, amount: Decimal, currency: str, idempotency_key: str
    ) -> PaymentOutcome:
        return self._provider().refund(
            reference=reference, amount=amount, currency=currency, idempotency_key=idempotency_key
        )

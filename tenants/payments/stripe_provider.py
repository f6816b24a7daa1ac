"""Stripe Connect behind the ``PaymentProvider`` interface: direct charges on the shop's account.

Every call is made with the platform's secret key and ``stripe_account=<the shop's
connected account>`` (a *direct charge*: the PaymentIntent, its charge and its refunds
live on the merchant's account, and the platform's cut travels as
``application_fee_amount``). Card data never reaches us: Stripe.js turns the card into
a PaymentMethod on the connected account in the shopper's browser (PCI SAQ A), and
checkout passes its id in ``card["payment_method"]``.

The attempt's idempotency key is Stripe's ``Idempotency-Key`` for the create-and-confirm
call, so a retried submit (a timeout, a double click that slipped past the lock, a
worker that died) gets the first PaymentIntent back and never charges twice.

A refusal is an outcome, never an exception (see ``payments.providers``); a call that
gets no answer (network, Stripe down) raises, so checkout leaves the attempt
``pending`` for the reconciliation task.
"""

from __future__ import annotations

import logging
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.utils.translation import gettext as _

from kernel.money import money_step
from kernel.stripe_client import from_minor, request_options, to_minor
from payments.types import CardInvalid, PaymentOutcome, Status

logger = logging.getLogger(__name__)


def application_fee_amount(*, amount: Decimal, currency: str, percent: Decimal) -> int:
    """The platform's fee on a charge, in the currency's minor units (what Stripe takes).

    Computed on the charge in minor units and rounded **once**, half up, to the
    smallest step Stripe accepts in that currency:
    ``round_half_up(to_minor(amount) × percent / 100 / step) × step``. Rounding here
    and only here (never the fee in major units, then again on conversion) keeps the
    fee the merchant sees on the Stripe dashboard equal to what the plan promises:
    2.9 % of 0.50 EUR is 1.45 cents, charged as 1 cent; 5 % of 0.10 EUR is 0.5 cents,
    charged as 1 cent (half up, the rule people expect on a receipt).

    The step is the currency's kept amount (``kernel.money.money_step``) in Stripe's
    minor units: 1 for EUR and for JPY (a zero-decimal currency, the yen itself), 10
    for KWD (three decimals, but Stripe takes only amounts ending in 0), 100 for ISK
    (zero-decimal, yet two-decimal in Stripe's API).
    """
    if percent < 0:
        raise ValueError("A fee percent is never negative.")
    minor = Decimal(to_minor(amount, currency))
    step = to_minor(money_step(currency), currency)
    steps = (minor * percent / Decimal(100) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(steps) * step


# Stripe's decline and error codes, in the shopper's words. A stolen or lost card is
# told only "declined" (Stripe's own advice: do not tell a fraudster why).
DECLINE_MESSAGES = {
    "insufficient_funds": lambda: _(
        "Your card has insufficient funds. Try another card; you were not charged."
    ),
    "expired_card": lambda: _("Your card has expired. Try another card; you were not charged."),
    "incorrect_cvc": lambda: _(
        "The security code of your card is incorrect. Check it and try again; you were not charged."
    ),
    "incorrect_number": lambda: _(
        "The card number is incorrect. Check it and try again; you were not charged."
    ),
    "processing_error": lambda: _(
        "Your bank could not process the card just now. Try again in a moment; "
        "you were not charged."
    ),
    "authentication_required": lambda: _(
        "Your bank asks you to confirm this payment. Try again and follow your bank's "
        "check; you were not charged."
    ),
    "payment_intent_authentication_failure": lambda: _(
        "Your bank could not confirm the payment (3-D Secure). Try again or use another "
        "card; you were not charged."
    ),
    "card_velocity_exceeded": lambda: _(
        "Your card has reached its limit for now. Try another card; you were not charged."
    ),
}


def decline_message(*, code: str = "", decline_code: str = "") -> str:
    """Stripe's reason for a refusal, in plain words (the generic one when unknown)."""
    for key in (decline_code, code):
        if key in DECLINE_MESSAGES:
            return DECLINE_MESSAGES[key]()
    return _("Your card was declined. Try another card; you were not charged.")


def outcome_from_intent(intent: dict) -> PaymentOutcome:
    """What a PaymentIntent (from an API answer or a webhook) says about the money."""
    status = intent.get("status")
    currency = str(intent.get("currency") or "").upper()
    amount = from_minor(intent.get("amount"), currency) if currency else None
    reference = intent.get("id") or ""
    last4 = _card_last4(intent)
    if status == "succeeded":
        received = intent.get("amount_received") or intent.get("amount")
        return PaymentOutcome(
            Status.APPROVED,
            reference,
            card_last4=last4,
            amount=from_minor(received, currency),
            currency=currency,
        )
    if status in ("requires_action", "requires_source_action"):
        action = intent.get("next_action") or {}
        url = (action.get("redirect_to_url") or {}).get("url", "")
        return PaymentOutcome(
            Status.REQUIRES_ACTION,
            reference,
            _("Your bank asks you to confirm this payment."),
            card_last4=last4,
            redirect_url=url,
            amount=amount,
            currency=currency,
        )
    if status in ("processing", "requires_capture"):
        return PaymentOutcome(
            Status.PROCESSING, reference, card_last4=last4, amount=amount, currency=currency
        )
    if status == "canceled":
        return PaymentOutcome(
            Status.DECLINED,
            reference,
            _("The payment was cancelled; you were not charged."),
            amount=amount,
            currency=currency,
        )
    error = intent.get("last_payment_error") or {}
    if status == "requires_payment_method" and error:
        return PaymentOutcome(
            Status.DECLINED,
            reference,
            decline_message(
                code=error.get("code") or "", decline_code=error.get("decline_code") or ""
            ),
            card_last4=last4,
            amount=amount,
            currency=currency,
        )
    return PaymentOutcome(
        Status.ERROR,
        reference,
        _("The payment could not be completed. Please try again; you were not charged."),
        amount=amount,
        currency=currency,
    )


def _card_last4(intent: dict) -> str:
    method = intent.get("payment_method")
    if isinstance(method, dict):
        return str((method.get("card") or {}).get("last4") or "")
    return ""


class StripeProvider:
    """Direct charges on one connected account, the plan's fee taken on each."""

    name = "stripe"

    def __init__(self, *, account_id: str, application_fee_percent: Decimal) -> None:
        if not account_id:
            raise ValueError("A Stripe provider needs the shop's connected account id.")
        self.account_id = account_id
        self.application_fee_percent = Decimal(application_fee_percent)

    def _options(self, idempotency_key: str | None = None) -> dict:
        return request_options(account=self.account_id, idempotency_key=idempotency_key)

    def charge(
        self, *, amount: Decimal, currency: str, card: dict, idempotency_key: str
    ) -> PaymentOutcome:
        """Create and confirm a PaymentIntent with the PaymentMethod Stripe.js made.

        ``card`` holds ``payment_method`` (``pm_…``, never card data) and ``return_url``
        (where Stripe sends the shopper back after 3-D Secure).
        """
        method = str((card or {}).get("payment_method") or "")
        if not method.startswith("pm_"):
            raise CardInvalid(
                {"payment_method": _("Enter your card details in the card field, then pay.")}
            )
        if not idempotency_key:
            raise ValueError("A charge needs an idempotency key.")
        params = {
            "amount": to_minor(amount, currency),
            "currency": currency.lower(),
            "payment_method": method,
            "payment_method_types": ["card"],
            "confirm": True,
            "expand": ["payment_method"],  # its card's last 4 digits, for the receipt
            "metadata": {
                "souk_payment_key": idempotency_key,
                "souk_checkout": idempotency_key.split(":")[0],
            },
        }
        if card.get("return_url"):
            params["return_url"] = card["return_url"]
        fee = application_fee_amount(
            amount=amount, currency=currency, percent=self.application_fee_percent
        )
        if fee > 0:  # Stripe wants no fee parameter rather than a zero one
            params["application_fee_amount"] = fee
        try:
            intent = stripe.PaymentIntent.create(**params, **self._options(idempotency_key))
        except stripe.CardError as exc:
            error = exc.error
            intent = getattr(error, "payment_intent", None) or {}
            if hasattr(intent, "to_dict"):
                intent = intent.to_dict()
            return PaymentOutcome(
                Status.DECLINED,
                intent.get("id", "") if isinstance(intent, dict) else "",
                decline_message(
                    code=getattr(error, "code", "") or "",
                    decline_code=getattr(error, "decline_code", "") or "",
                ),
            )
        except (stripe.InvalidRequestError, stripe.IdempotencyError) as exc:
            # Our request was refused (a PaymentMethod from another account; the same key
            # sent again with another card, as when a shopper leaves 3-D Secure to type a
            # new one): nothing was charged by it. The decline spends the key, so the
            # next submit is a new PaymentIntent. Logged for us, plain for them.
            logger.warning("Stripe refused a PaymentIntent for %s: %s", idempotency_key, exc)
            return PaymentOutcome(
                Status.DECLINED,
                "",
                _("The payment could not be started. Please enter your card again."),
            )
        return outcome_from_intent(intent.to_dict())

    def retrieve(self, *, reference: str) -> PaymentOutcome:
        """The PaymentIntent's state now (the return from 3-D Secure, reconciliation)."""
        intent = stripe.PaymentIntent.retrieve(
            reference, expand=["payment_method"], **self._options()
        )
        return outcome_from_intent(intent.to_dict())

    def refunds_of(self, *, reference: str) -> list:
        """The refunds of a PaymentIntent (for a ``charge.refunded`` without them)."""
        found = stripe.Refund.list(payment_intent=reference, limit=100, **self._options())
        return list(found.auto_paging_iter())

    def void(self, *, reference: str, idempotency_key: str) -> PaymentOutcome:
        """Cancel the PaymentIntent, or refund it in full when it already succeeded."""
        if not reference or not idempotency_key:
            raise ValueError("A void needs the charge's reference and an idempotency key.")
        intent = stripe.PaymentIntent.retrieve(reference, **self._options())
        if intent.status == "canceled":
            return PaymentOutcome(Status.APPROVED, intent.id)
        if intent.status == "succeeded":
            return self._refund(reference=reference, amount=None, idempotency_key=idempotency_key)
        try:
            cancelled = stripe.PaymentIntent.cancel(reference, **self._options(idempotency_key))
        except stripe.InvalidRequestError as exc:
            return PaymentOutcome(Status.ERROR, reference, str(exc.user_message or exc))
        return PaymentOutcome(Status.APPROVED, cancelled.id)

    def refund(
        self, *, reference: str, amount: Decimal, currency: str, idempotency_key: str
    ) -> PaymentOutcome:
        """Give back ``amount`` of the PaymentIntent ``reference``; the Refund's id."""
        if not reference or not idempotency_key:
            raise ValueError("A refund needs the charge's reference and an idempotency key.")
        if amount <= 0:
            raise ValueError("A refund needs an amount above zero.")
        return self._refund(
            reference=reference,
            amount=to_minor(amount, currency),
            idempotency_key=idempotency_key,
        )

    def _refund(self, *, reference: str, amount: int | None, idempotency_key: str):
        params = {"payment_intent": reference, "metadata": {"souk_key": idempotency_key}}
        if amount is not None:
            params["amount"] = amount
        try:
            refund = stripe.Refund.create(**params, **self._options(idempotency_key))
        except stripe.InvalidRequestError as exc:
            return PaymentOutcome(
                Status.DECLINED,
                reference,
                _("Stripe refused the refund: %(reason)s")
                % {"reason": exc.user_message or str(exc)},
            )
        currency = str(refund.currency or "").upper()
        return PaymentOutcome(
            Status.APPROVED,
            refund.id,
            amount=from_minor(refund.amount, currency),
            currency=currency,
        )

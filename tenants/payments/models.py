"""A shopper's payment for an order, and every attempt to take one.

One payment per order and one per idempotency key are database constraints, not
checks in Python: a double-clicked or retried checkout submit that slipped past
every lock still cannot write a second payment. Card data is never stored, only the
last four digits a shopper recognises on a receipt.

``order`` is a foreign key with ``PROTECT``: a record of money taken never disappears
with its order (an order that took money is refunded or cancelled, never deleted).
``payments`` sits below ``checkout`` and above ``orders``: it may point at an order,
``orders`` never imports ``payments`` (refunding through the provider is orchestrated
from above).

``PaymentAttempt`` is the money log: one row per idempotency key, committed *before*
the provider is asked, so a charge whose order then fails to commit is still on
record (approved, then voided or ``void_failed``) after checkout's transaction has
rolled back. ``Payment`` is written with the order, in its transaction; an attempt
becomes ``completed`` in that same transaction.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kernel.money import money_field, money_format


class Payment(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REFUNDED = "refunded", _("Refunded")

    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("order"),
    )
    provider = models.CharField(_("provider"), max_length=32)
    amount = money_field(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.APPROVED
    )
    reference = models.CharField(_("provider reference"), max_length=255, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=255)
    card_last4 = models.CharField(_("card ending"), max_length=4, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["order"], name="payment_one_per_order"),
            models.UniqueConstraint(fields=["idempotency_key"], name="payment_idempotency_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(status__in=["approved", "refunded"]), name="payment_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{money_format(self.amount, self.currency)} ({self.provider} {self.reference})"


class AttemptStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    FAILED = "failed", _("Failed")
    COMPLETED = "completed", _("Completed")
    VOIDED = "voided", _("Voided")
    VOID_FAILED = "void_failed", _("Void failed")
    # Stripe: waiting for the shopper's bank (3-D Secure); the hold stays.
    REQUIRES_ACTION = "requires_action", _("Waiting for the bank")
    # Stripe took an amount or currency other than the checkout's: refunded, flagged.
    MISMATCHED = "mismatched", _("Refunded: amount did not match")


class PaymentAttempt(models.Model):
    """One charge sent (or about to be sent) to a provider, by idempotency key.

    The status says what the shop knows about the money: ``pending`` (asked, no answer
    yet: a crash here leaves the row for reconciliation with the provider),
    ``approved`` (money taken, order not written yet), ``declined``/``failed`` (not
    taken), ``completed`` (the order is committed), ``voided`` (taken and given back
    because the order could not be written), ``void_failed`` (taken, and giving it
    back failed: the merchant owes a refund), ``requires_action`` (Stripe: the
    shopper's bank wants 3-D Secure; the stock stays held until the bank answers),
    ``mismatched`` (Stripe took an amount or currency other than the checkout's: given
    back and flagged, no order). Stripe's PaymentIntent id goes in ``reference``; its
    webhooks find the attempt by it. ``checkout.tasks.payment_attempts_reconcile``
    settles attempts left ``pending``/``requires_action``/``approved`` too long.
    """

    Status = AttemptStatus

    idempotency_key = models.CharField(_("idempotency key"), max_length=255, unique=True)
    checkout_token = models.CharField(_("checkout token"), max_length=100, db_index=True)
    provider = models.CharField(_("provider"), max_length=32)
    amount = money_field(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    reference = models.CharField(_("provider reference"), max_length=255, blank=True)
    void_reference = models.CharField(_("void reference"), max_length=255, blank=True)
    card_last4 = models.CharField(_("card ending"), max_length=4, blank=True)
    # Why it was declined, failed or voided: for the merchant, in the shopper's words.
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("payment attempt")
        verbose_name_plural = _("payment attempts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "updated_at"], name="payment_attempt_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="payment_attempt_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AttemptStatus.values), name="payment_attempt_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.idempotency_key}: {self.status}"


class PaymentRefund(models.Model):
    """Money given back through the provider, one row per provider refund id.

    The unique ``provider_refund_id`` is what de-duplicates a refund Souk asked for
    (recorded when Stripe answers) from the ``charge.refunded`` / ``refund.updated``
    webhooks about the same refund, and a webhook replayed a hundred times: whichever
    arrives first writes the row (and the order's ``Refund``), the rest find it.
    ``order_refund`` is the order's record of it (SET_NULL: the money log outlives it).
    """

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("Succeeded")
        PENDING = "pending", _("Pending")
        FAILED = "failed", _("Failed")
        CANCELED = "canceled", _("Cancelled")

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("payment")
    )
    provider_refund_id = models.CharField(_("provider refund id"), max_length=255, unique=True)
    amount = money_field(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUCCEEDED
    )
    order_refund = models.ForeignKey(
        "orders.Refund",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provider_refunds",
        verbose_name=_("order refund"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("payment refund")
        verbose_name_plural = _("payment refunds")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="payment_refund_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["succeeded", "pending", "failed", "canceled"]),
                name="payment_refund_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_refund_id}: {money_format(self.amount, self.currency)}"

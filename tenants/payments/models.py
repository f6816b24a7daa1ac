"""A shopper's payment for an order.

One payment per order and one per idempotency key are database constraints, not
checks in Python: a double-clicked or retried checkout submit that slipped past
every lock still cannot write a second payment. Card data is never stored, only the
last four digits a shopper recognises on a receipt.

``order_id`` is a plain column (unique) rather than a foreign key while the orders app
lands in parallel; it is meant to become ``ForeignKey("orders.Order")`` with the same
column name, so the data needs no migration beyond the constraint.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2}


class Payment(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REFUNDED = "refunded", _("Refunded")

    order_id = models.BigIntegerField(_("order"))
    provider = models.CharField(_("provider"), max_length=32)
    amount = models.DecimalField(_("amount"), **MONEY)
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
            models.UniqueConstraint(fields=["order_id"], name="payment_one_per_order"),
            models.UniqueConstraint(fields=["idempotency_key"], name="payment_idempotency_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(status__in=["approved", "refunded"]), name="payment_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.provider} {self.reference})"

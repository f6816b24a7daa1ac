"""Draft orders: an order the merchant writes for a customer (phone, e-mail, a fair).

A draft holds lines (a catalog variant, or a custom line with only a title), the
merchant's prices, an optional discount and a shipping charge. It becomes an order
only when the customer pays it through the storefront's checkout (the invoice link
loads the draft into a checkout); the draft's prices are then the order's, and tax is
computed for the address the customer gives, as in any checkout.

Paying converts the draft once: ``order`` is unique and set by a conditional update
(``orders.services.drafts.draft_order_complete``), in the same transaction that writes
the order, so a second payment of the same draft (two tabs, a double click that
slipped past checkout's lock) rolls back and its charge is voided.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.money import ZERO, money_field


class DraftStatus(models.TextChoices):
    OPEN = "open", _("Open")
    INVOICE_SENT = "invoice_sent", _("Invoice sent")
    COMPLETED = "completed", _("Paid")


class DraftOrder(models.Model):
    Status = DraftStatus

    # The invoice link's key: guessing a draft's id must not open someone's invoice.
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("customer e-mail"))
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="draft_orders",
        verbose_name=_("customer"),
    )
    currency = models.CharField(_("currency"), max_length=3)
    shipping_address = models.JSONField(_("shipping address"), default=dict, blank=True)
    shipping_name = models.CharField(_("shipping method"), max_length=255, blank=True)
    shipping_price = money_field(_("shipping"), default=ZERO)
    discount_amount = money_field(_("discount"), default=ZERO)
    discount_reason = models.CharField(_("discount reason"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DraftStatus.choices, default=DraftStatus.OPEN
    )
    invoice_sent_at = models.DateTimeField(_("invoice sent at"), null=True, blank=True)
    order = models.OneToOneField(
        "orders.Order",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draft",
        verbose_name=_("order"),
    )
    completed_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_by = models.CharField(_("created by"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("draft order")
        verbose_name_plural = _("draft orders")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="draft_order_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DraftStatus.values), name="draft_order_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(shipping_price__gte=0), name="draft_order_shipping_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(discount_amount__gte=0), name="draft_order_discount_not_negative"
            ),
            # Paid exactly when it has its order: no paid draft without one, no order
            # attached to a draft still open for payment.
            models.CheckConstraint(
                condition=(Q(status="completed") & Q(order__isnull=False))
                | (~Q(status="completed") & Q(order__isnull=True)),
                name="draft_order_completed_has_order",
            ),
        ]

    def __str__(self) -> str:
        return f"#D{self.pk}"

    @property
    def is_completed(self) -> bool:
        return self.status == DraftStatus.COMPLETED

    @property
    def customer_name(self) -> str:
        return (self.shipping_address or {}).get("name", "")


class DraftOrderLine(models.Model):
    """A catalog variant at the merchant's price, or a custom line (no variant).

    The titles and SKU are copied from the variant when the line is added, so the
    draft reads the same after the product is renamed; ``variant`` only ties the
    line to stock (held and sold at payment).
    """

    draft = models.ForeignKey(DraftOrder, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.Variant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="draft_order_lines",
    )
    product_title = models.CharField(_("item"), max_length=255)
    variant_title = models.CharField(_("variant"), max_length=255, blank=True)
    sku = models.CharField(_("SKU"), max_length=255, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = money_field(_("price"))
    taxable = models.BooleanField(_("taxable"), default=True)
    requires_shipping = models.BooleanField(_("requires shipping"), default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("draft order line")
        verbose_name_plural = _("draft order lines")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="draft_order_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="draft_order_line_price_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(product_title=""), name="draft_order_line_has_title"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.title}"

    @property
    def title(self) -> str:
        if self.variant_title:
            return f"{self.product_title} — {self.variant_title}"
        return self.product_title

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity

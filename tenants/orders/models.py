"""Orders: what a shopper bought, and everything the merchant did with it since.

An order is a snapshot. Checkout hands over every amount and every product title
(``orders.types.PlacedOrder``); they are stored as given and never recomputed from
the catalog, so an order shows what the shopper confirmed even after the product is
renamed, repriced or deleted (``OrderLine.variant`` is then NULL, the snapshot stays).

Statuses move only through ``orders.services``, which lock the order row, check the
move is allowed and write an ``OrderEvent`` (the timeline) in the same transaction.
The check constraints below are the backstop: no money column below zero, never more
refunded than paid, never more shipped or refunded than bought.

Who fulfils and who invoices is data (``fulfilment_party``, ``invoicing_party``),
not an assumption: the platform may ship or invoice for a merchant (the POP models
in ARCHITECTURE.md). Today every order is placed as ``merchant``/``merchant``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.money import ZERO, money_field
from orders.querysets import OrderQuerySet
from shops.links import WebAddressField

FIRST_ORDER_NUMBER = 1001


def _not_negative(*fields: str, prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(condition=Q(**{f"{f}__gte": 0}), name=f"{prefix}_{f}_not_negative")
        for f in fields
    ]


class OrderNumberCounter(models.Model):
    """The shop's last order number, in one row.

    Not a PostgreSQL SEQUENCE: shops are cloned from the template schema, and the
    clone copies only identity sequences (a free-standing one makes it refuse). A row
    is copied like any other, so every shop starts from the template's seed (1000,
    migration 0002). Taking a number is one ``UPDATE … RETURNING`` (see
    ``orders.services.placing``): the row lock serialises concurrent placements and a
    rolled-back placement gives its number back, so numbers have no gaps.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last = models.PositiveIntegerField(default=FIRST_ORDER_NUMBER - 1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="order_number_counter_single_row"),
        ]

    def __str__(self) -> str:
        return str(self.last)


class Party(models.TextChoices):
    MERCHANT = "merchant", _("Merchant")
    PLATFORM = "platform", _("Platform")


class FinancialStatus(models.TextChoices):
    PENDING = "pending", _("Payment pending")
    PAID = "paid", _("Paid")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")
    VOIDED = "voided", _("Voided")


class FulfilmentStatus(models.TextChoices):
    UNFULFILLED = "unfulfilled", _("Unfulfilled")
    PARTIALLY_FULFILLED = "partially_fulfilled", _("Partially fulfilled")
    FULFILLED = "fulfilled", _("Fulfilled")


class EventKind(models.TextChoices):
    PLACED = "placed", _("Placed")
    PAID = "paid", _("Paid")
    VOIDED = "voided", _("Voided")
    FULFILLED = "fulfilled", _("Fulfilled")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")
    RESTOCKED = "restocked", _("Restocked")
    NOTE = "note", _("Note")
    EMAIL = "email", _("Email sent")
    DISPUTE = "dispute", _("Dispute")
    PAYMENT = "payment", _("Payment problem")


class Order(models.Model):
    FinancialStatus = FinancialStatus
    FulfilmentStatus = FulfilmentStatus

    number = models.PositiveIntegerField(_("number"), unique=True)
    # The public id (order status page, emails): numbers are guessable, this is not.
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    # The idempotency key: one order per checkout, however often it is submitted.
    checkout_token = models.CharField(_("checkout token"), max_length=100, unique=True)
    email = models.EmailField(_("email"), db_index=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
        verbose_name=_("customer"),
    )
    currency = models.CharField(_("currency"), max_length=3)
    subtotal = money_field(_("subtotal"))
    discount_total = money_field(_("discounts"), default=ZERO)
    shipping_total = money_field(_("shipping"), default=ZERO)
    tax_total = money_field(_("taxes"), default=ZERO)
    total = money_field(_("total"))
    # Kept by orders.services.order_refund: the sum of this order's refunds.
    refunded_total = money_field(_("refunded"), default=ZERO)
    prices_include_tax = models.BooleanField(_("prices include tax"), default=False)
    discount_code = models.CharField(_("discount code"), max_length=100, blank=True)
    shipping_method_name = models.CharField(_("shipping method"), max_length=255, blank=True)
    # orders.types.Address.as_dict(): a snapshot, not a link to an address book.
    shipping_address = models.JSONField(_("shipping address"), null=True, blank=True)
    billing_address = models.JSONField(_("billing address"), null=True, blank=True)
    financial_status = models.CharField(
        _("payment status"),
        max_length=24,
        choices=FinancialStatus.choices,
        default=FinancialStatus.PENDING,
    )
    fulfilment_status = models.CharField(
        _("fulfilment status"),
        max_length=24,
        choices=FulfilmentStatus.choices,
        default=FulfilmentStatus.UNFULFILLED,
    )
    fulfilment_party = models.CharField(
        _("fulfilled by"), max_length=16, choices=Party.choices, default=Party.MERCHANT
    )
    invoicing_party = models.CharField(
        _("invoiced by"), max_length=16, choices=Party.choices, default=Party.MERCHANT
    )
    payment_reference = models.CharField(_("payment reference"), max_length=255, blank=True)
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)
    # The shopper's note from checkout; the merchant's notes are timeline events.
    note = models.TextField(_("note"), blank=True)
    # Paid through the test gateway: no money moved. Kept on the order (not read from
    # the payment) so lists and reports can mark or leave out test orders in one query.
    test = models.BooleanField(_("test order"), default=False)
    # The merchant's labels ("wholesale", "gift"), lower case, set by ``order_set_tags``.
    tags = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-placed_at", "-id"]
        indexes = [
            models.Index(fields=["-placed_at", "-id"], name="order_placed"),
            models.Index(fields=["financial_status", "-placed_at"], name="order_financial_placed"),
            models.Index(
                fields=["fulfilment_status", "-placed_at"], name="order_fulfilment_placed"
            ),
            models.Index(fields=["customer", "-placed_at"], name="order_customer_placed"),
            GinIndex(fields=["tags"], name="order_tags"),
        ]
        constraints = [
            *_not_negative(
                "subtotal",
                "discount_total",
                "shipping_total",
                "tax_total",
                "total",
                "refunded_total",
                prefix="order",
            ),
            models.CheckConstraint(
                condition=Q(refunded_total__lte=F("total")), name="order_refunded_within_total"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="order_number_positive"),
            models.CheckConstraint(
                condition=Q(financial_status__in=FinancialStatus.values),
                name="order_financial_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(fulfilment_status__in=FulfilmentStatus.values),
                name="order_fulfilment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(fulfilment_party__in=Party.values), name="order_fulfilment_party_valid"
            ),
            models.CheckConstraint(
                condition=Q(invoicing_party__in=Party.values), name="order_invoicing_party_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def refundable_amount(self) -> Decimal:
        """What can still be refunded: the rest of a paid order, nothing otherwise."""
        if self.financial_status not in (
            self.FinancialStatus.PAID,
            self.FinancialStatus.PARTIALLY_REFUNDED,
        ):
            return ZERO
        return self.total - self.refunded_total

    @property
    def refund_due(self) -> bool:
        """Cancelled after payment and not refunded yet: the merchant owes money."""
        return self.is_cancelled and self.refundable_amount > 0

    @property
    def customer_name(self) -> str:
        for address in (self.billing_address, self.shipping_address):
            if address and address.get("name"):
                return address["name"]
        return ""


class OrderLine(models.Model):
    """One item bought: a snapshot of the variant and what it cost.

    Units of a line are bought (``quantity``), shipped (``fulfilled_quantity``) and
    refunded (``refunded_quantity``). A refund takes units not yet shipped first
    (they will never ship: ``refunded_unfulfilled_quantity``), then shipped ones (a
    return), so what is left to ship is ``quantity − fulfilled − refunded_unfulfilled``
    whatever order refunds and shipments came in. ``restocked_quantity`` stops a
    cancel from putting back units a refund already put back.
    """

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.Variant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_lines",
    )
    product_title = models.CharField(_("product"), max_length=255)
    variant_title = models.CharField(_("variant"), max_length=255, blank=True)
    sku = models.CharField(_("SKU"), max_length=255, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = money_field(_("unit price"))
    line_discount = money_field(_("discount"), default=ZERO)
    tax_amount = money_field(_("tax"), default=ZERO)
    requires_shipping = models.BooleanField(_("requires shipping"), default=True)
    fulfilled_quantity = models.PositiveIntegerField(_("fulfilled"), default=0)
    refunded_quantity = models.PositiveIntegerField(_("refunded"), default=0)
    refunded_unfulfilled_quantity = models.PositiveIntegerField(
        _("refunded before shipping"), default=0
    )
    restocked_quantity = models.PositiveIntegerField(_("restocked"), default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="order_line_quantity_positive"
            ),
            *_not_negative("unit_price", "line_discount", "tax_amount", prefix="order_line"),
            models.CheckConstraint(
                condition=Q(fulfilled_quantity__lte=F("quantity")),
                name="order_line_fulfilled_within_quantity",
            ),
            models.CheckConstraint(
                condition=Q(refunded_quantity__lte=F("quantity")),
                name="order_line_refunded_within_quantity",
            ),
            models.CheckConstraint(
                condition=Q(refunded_unfulfilled_quantity__lte=F("refunded_quantity")),
                name="order_line_refunded_unfulfilled_within_refunded",
            ),
            models.CheckConstraint(
                condition=Q(
                    fulfilled_quantity__lte=F("quantity") - F("refunded_unfulfilled_quantity")
                ),
                name="order_line_shipped_and_unshipped_refunds_within_quantity",
            ),
            models.CheckConstraint(
                condition=Q(restocked_quantity__lte=F("quantity")),
                name="order_line_restocked_within_quantity",
            ),
        ]

    def __str__(self) -> str:
        title = (
            f"{self.product_title} — {self.variant_title}"
            if self.variant_title
            else (self.product_title)
        )
        return f"{self.quantity} × {title}"

    @property
    def title(self) -> str:
        if self.variant_title:
            return f"{self.product_title} — {self.variant_title}"
        return self.product_title

    @property
    def fulfillable_quantity(self) -> int:
        return self.quantity - self.fulfilled_quantity - self.refunded_unfulfilled_quantity

    @property
    def refundable_quantity(self) -> int:
        return self.quantity - self.refunded_quantity

    @property
    def amount(self) -> Decimal:
        """The line after its discount, before tax is added: what the order page lists."""
        return self.unit_price * self.quantity - self.line_discount

    @property
    def total(self) -> Decimal:
        """What the shopper paid for the line (tax added when prices exclude it)."""
        amount = self.unit_price * self.quantity - self.line_discount
        if not self.order.prices_include_tax:
            amount += self.tax_amount
        return amount


class OrderTaxLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="tax_lines")
    name = models.CharField(_("name"), max_length=255)
    rate = models.DecimalField(_("rate"), max_digits=7, decimal_places=4)
    amount = money_field(_("amount"))

    class Meta:
        ordering = ["id"]
        constraints = _not_negative("rate", "amount", prefix="order_tax_line")

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"


class OrderEvent(models.Model):
    """One entry of an order's timeline: who did what, when.

    Written by every service in the transaction of the change it describes, so the
    timeline never shows a change that was rolled back. ``message`` is stored
    translated in the language of whoever acted; ``kind`` and ``data`` are for code.
    """

    Kind = EventKind

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    message = models.TextField(_("message"))
    # Who acted, as shown to the merchant: a staff email, "checkout", "payments".
    actor = models.CharField(_("by"), max_length=255, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["order", "-created_at"], name="order_event_order_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="order_event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class Fulfilment(models.Model):
    """One shipment: some units of some lines, sent with one carrier and tracking."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="fulfilments")
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=255, blank=True)
    tracking_url = WebAddressField(_("tracking URL"), max_length=500, blank=True)
    created_by = models.CharField(_("by"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("fulfilment")
        verbose_name_plural = _("fulfilments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number}".strip()


class FulfilmentLine(models.Model):
    fulfilment = models.ForeignKey(Fulfilment, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.CASCADE, related_name="fulfilment_lines"
    )
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="fulfilment_line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line_id}"


class Refund(models.Model):
    """Money given back, and which units it was for (none: an amount only).

    This records the refund in the order; moving the money back through the
    payment gateway is the ``payments`` app's job.
    """

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="refunds")
    amount = money_field(_("amount"))
    reason = models.TextField(_("reason"), blank=True)
    restock = models.BooleanField(_("restock"), default=False)
    created_by = models.CharField(_("by"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return str(self.amount)


class RefundLine(models.Model):
    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="refund_lines")
    quantity = models.PositiveIntegerField(_("quantity"))
    restocked_quantity = models.PositiveIntegerField(_("restocked"), default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="refund_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(restocked_quantity__lte=F("quantity")),
                name="refund_line_restocked_within_quantity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line_id}"


# Draft orders live in their own module; imported here so Django registers them.
from orders.draft_models import DraftOrder, DraftOrderLine  # noqa: E402, F401

"""Discount codes a shopper types at checkout, and the record of each use.

A code is matched case-insensitively (``SUMMER10`` = ``summer10``), so uniqueness is
on ``UPPER(code)`` in the database, not on the text as typed; the merchant's spelling
is kept for display. ``times_used`` is a counter kept by ``discount_redeem`` under a
row lock, so the total limit needs no COUNT over redemptions on every checkout.

``DiscountRedemption.order_id`` is a plain integer, not a foreign key: orders live in
their own app, and a redemption must outlive any reshaping of it. The pair
(code, order_id) is unique, which is what makes redeeming idempotent.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext_lazy as _

from discounts.querysets import DiscountCodeQuerySet
from kernel.money import money_field

CODE_MAX_LENGTH = 64


class DiscountCode(models.Model):
    """One code; ``value`` is a percentage (0–100], a fixed amount (> 0), or 0 for
    free shipping. Limits left empty mean "no limit"."""

    class Kind(models.TextChoices):
        PERCENTAGE = "percentage", _("Percentage off")
        FIXED = "fixed", _("Fixed amount off")
        FREE_SHIPPING = "free_shipping", _("Free shipping")

    class AppliesTo(models.TextChoices):
        ALL = "all", _("All products")
        COLLECTIONS = "collections", _("Products in chosen collections")

    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.PERCENTAGE)
    value = money_field(
        _("value"),
        default=0,
        help_text=_("Percent off (e.g. 10) or amount off. Ignored for free shipping."),
    )
    minimum_subtotal = money_field(
        _("minimum subtotal"),
        null=True,
        blank=True,
        help_text=_("Of the products the code applies to. Leave empty for no minimum."),
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    usage_limit = models.PositiveIntegerField(
        _("total uses allowed"), null=True, blank=True, help_text=_("Empty: unlimited.")
    )
    per_customer_limit = models.PositiveIntegerField(
        _("uses per customer"),
        null=True,
        blank=True,
        help_text=_("Counted by email address. 1 means once per customer. Empty: unlimited."),
    )
    applies_to = models.CharField(
        _("applies to"), max_length=16, choices=AppliesTo.choices, default=AppliesTo.ALL
    )
    collections = models.ManyToManyField(
        "catalog.Collection",
        blank=True,
        related_name="discount_codes",
        verbose_name=_("collections"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    times_used = models.PositiveIntegerField(_("times used"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DiscountCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("discount code")
        verbose_name_plural = _("discount codes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Upper("code"),
                name="discount_code_unique_ci",
                violation_error_message=_("A discount code with this name already exists."),
            ),
            models.CheckConstraint(condition=~Q(code=""), name="discount_code_not_blank"),
            models.CheckConstraint(
                condition=Q(kind__in=["percentage", "fixed", "free_shipping"]),
                name="discount_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="percentage", value__gt=0, value__lte=100)
                | Q(kind="fixed", value__gt=0)
                | Q(kind="free_shipping", value=0),
                name="discount_value_fits_kind",
                violation_error_message=_(
                    "A percentage is above 0 and at most 100; a fixed amount is above 0."
                ),
            ),
            models.CheckConstraint(
                condition=Q(minimum_subtotal__isnull=True) | Q(minimum_subtotal__gte=0),
                name="discount_minimum_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=F("starts_at")),
                name="discount_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=Q(usage_limit__isnull=True) | Q(usage_limit__gte=1),
                name="discount_usage_limit_positive",
            ),
            models.CheckConstraint(
                condition=Q(per_customer_limit__isnull=True) | Q(per_customer_limit__gte=1),
                name="discount_per_customer_limit_positive",
            ),
            models.CheckConstraint(
                condition=Q(applies_to__in=["all", "collections"]),
                name="discount_applies_to_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def once_per_customer(self) -> bool:
        return self.per_customer_limit == 1


class DiscountRedemption(models.Model):
    """One use of a code by one order; counts towards the per-customer limit."""

    code = models.ForeignKey(DiscountCode, on_delete=models.CASCADE, related_name="redemptions")
    email = models.EmailField(_("email"), blank=True)
    order_id = models.BigIntegerField(_("order"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("discount redemption")
        verbose_name_plural = _("discount redemptions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["code", "order_id"], name="redemption_once_per_order"),
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="redemption_email_lower"
            ),
        ]
        indexes = [models.Index(fields=["code", "email"], name="redemption_code_email")]

    def __str__(self) -> str:
        return f"{self.code_id}:{self.order_id}"

"""A shopper's cart: what they mean to buy, never what they will pay.

Lines hold a variant and a quantity only. Prices, discounts and tax are computed
from the catalog every time the cart is shown or checked out (``cart.pricing``), so
a cart never shows a stale price; checkout keeps what the shopper last *saw* and
asks again when it moved.

A guest's cart is found through its ``token`` kept in the shop's session; a signed-in
customer's through ``customer`` (one cart each, a database constraint), which is what
makes it follow them across devices. ``discount_code`` is the code typed on the cart
page, carried into checkout.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The product page's quantity field allows up to this many of one item.
MAX_LINE_QUANTITY = 999


class Cart(models.Model):
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="carts",
        verbose_name=_("customer"),
    )
    discount_code = models.CharField(_("discount code"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(customer__isnull=False),
                name="cart_one_per_customer",
            )
        ]

    def __str__(self) -> str:
        return str(self.token)


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.CASCADE, related_name="+", verbose_name=_("variant")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_line_variant_unique"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(quantity__lte=MAX_LINE_QUANTITY),
                name="cart_line_quantity_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.variant_id}"

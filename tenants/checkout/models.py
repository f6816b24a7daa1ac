"""A checkout in progress: who, where to, how, and what the shopper last saw.

The ``seen_*`` amounts are the totals on the review page the shopper submitted
from. Placing the order recomputes everything; when the result differs from what was
seen, nothing is placed and the shopper is shown the difference and confirms again
(so nobody is charged an amount they did not see). ``seen_lines`` keeps the
per-line prices for the same reason.

``token`` names the attempt everywhere downstream: the stock reservation, the
payment's idempotency key and the order (``PlacedOrder.checkout_token``), which is
what makes a double-clicked submit place one order and charge once. ``order``
is unique: one checkout, one order. It is ``PROTECT``, not ``SET_NULL``: a completed
checkout must keep its order (a double click finds the order through it, and the
``checkout_completed_has_order`` constraint says so); old checkouts are purged before
any order could be.

``draft_order`` makes this the checkout of a merchant's draft order (its invoice
link): the lines and prices are the draft's, not a cart's, and there is at most one
open checkout per draft, so two tabs paying the same invoice share one token (one
lock, one payment key, one order).

``recovery_email_sent_at`` is the abandoned-checkout guard: the recovery e-mail is
queued only by the conditional update that sets it on an open checkout (see
``checkout.services.recovery``), so it goes out once, and never once the checkout
is completed (placing locks the same row).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kernel.money import money_field

# The recovery e-mail's delay: at least a few minutes (a shopper still typing is not
# gone), at most a week (older checkouts are not written to at all).
RECOVERY_DELAY_MIN = 5
RECOVERY_DELAY_MAX = 7 * 24 * 60


class CheckoutSession(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        COMPLETED = "completed", _("Completed")

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    cart = models.ForeignKey(
        "cart.Cart",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkouts",
        verbose_name=_("cart"),
    )
    customer = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkouts",
        verbose_name=_("customer"),
    )
    email = models.EmailField(_("email"), blank=True)
    # Address dicts shaped like ``orders.types.Address`` (country: ISO alpha-2).
    shipping_address = models.JSONField(_("shipping address"), default=dict, blank=True)
    shipping_rate_id = models.BigIntegerField(_("shipping rate"), null=True, blank=True)
    discount_code = models.CharField(_("discount code"), max_length=64, blank=True)
    seen_lines = models.JSONField(_("lines seen"), default=list, blank=True)
    seen_subtotal = money_field(_("subtotal seen"), null=True, blank=True)
    seen_discount = money_field(_("discount seen"), null=True, blank=True)
    seen_shipping = money_field(_("shipping seen"), null=True, blank=True)
    seen_tax = money_field(_("tax seen"), null=True, blank=True)
    seen_total = money_field(_("total seen"), null=True, blank=True)
    # Declines so far: a new card after a decline is a new charge, so a new key.
    payment_attempts = models.PositiveIntegerField(_("declined payments"), default=0)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checkouts",
        verbose_name=_("order"),
    )
    draft_order = models.ForeignKey(
        "orders.DraftOrder",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkouts",
        verbose_name=_("draft order"),
    )
    recovery_email_sent_at = models.DateTimeField(
        _("recovery e-mail sent at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("checkout")
        verbose_name_plural = _("checkouts")
        indexes = [
            # The recovery scan and the abandoned list: open checkouts with an e-mail,
            # by last activity.
            models.Index(
                fields=["updated_at"],
                name="checkout_abandoned",
                condition=Q(state="open") & ~Q(email=""),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["draft_order"],
                condition=Q(state="open"),
                name="checkout_one_open_per_draft",
            ),
            models.UniqueConstraint(fields=["order"], name="checkout_one_order"),
            models.CheckConstraint(
                condition=Q(state__in=["open", "completed"]), name="checkout_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="open") | Q(order__isnull=False),
                name="checkout_completed_has_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.token)

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def country(self) -> str:
        return (self.shipping_address or {}).get("country", "")

    @property
    def region(self) -> str:
        return (self.shipping_address or {}).get("region", "")

    @property
    def payment_key(self) -> str:
        """The provider's idempotency key: the token, then one per card after a decline."""
        if not self.payment_attempts:
            return str(self.token)
        return f"{self.token}:{self.payment_attempts}"


class CheckoutSettings(models.Model):
    """The shop's checkout preferences, one row: the abandoned-checkout e-mail.

    Read through ``checkout.selectors.checkout_settings`` (which makes the row on
    first use) and written by ``checkout.services.checkout_settings_update``.
    """

    singleton = models.BooleanField(default=True, editable=False)
    recovery_email_enabled = models.BooleanField(_("send recovery e-mails"), default=True)
    recovery_email_delay_minutes = models.PositiveIntegerField(
        _("send after (minutes)"), default=60
    )

    class Meta:
        verbose_name = _("checkout settings")
        verbose_name_plural = _("checkout settings")
        constraints = [
            models.UniqueConstraint(fields=["singleton"], name="checkout_settings_one_row"),
            models.CheckConstraint(condition=Q(singleton=True), name="checkout_settings_singleton"),
            models.CheckConstraint(
                condition=Q(recovery_email_delay_minutes__gte=RECOVERY_DELAY_MIN)
                & Q(recovery_email_delay_minutes__lte=RECOVERY_DELAY_MAX),
                name="checkout_settings_recovery_delay_range",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Checkout settings"))

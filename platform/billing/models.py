"""Platform billing (public schema): plans, each shop's subscription, Stripe events.

The platform bills its merchants through Stripe Billing. Stripe is the source of
truth for a subscription's state; ``Subscription`` is our copy of it, rewritten from
the object Stripe returns whenever an event arrives (never from the event body, whose
order Stripe does not guarantee), plus the dates only we decide: the grace deadline
of a past-due shop and when a cancelled shop's data is deleted.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kernel.money import money_field
from shops.models import Shop

RESOURCES = ("products", "staff", "custom_domains", "storage_bytes", "apps")


class PlanQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True).order_by("position", "price_monthly", "id")


class Plan(models.Model):
    """What a merchant pays for and what it allows.

    A limit of ``None`` means unlimited. Prices are in ``currency`` (Decimal, major
    units); the Stripe Price ids (one per interval) are what Stripe charges — the
    operator creates them with ``manage.py billing_stripe_setup`` or pastes ids from
    the Stripe dashboard, and keeps the two in agreement.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=200, blank=True)
    price_monthly = money_field(_("monthly price"))
    price_yearly = money_field(_("yearly price"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    trial_days = models.PositiveSmallIntegerField(_("trial days"), default=14)
    max_products = models.PositiveIntegerField(_("products"), null=True, blank=True)
    max_staff = models.PositiveIntegerField(_("staff accounts"), null=True, blank=True)
    max_custom_domains = models.PositiveIntegerField(_("custom domains"), null=True, blank=True)
    max_storage_bytes = models.PositiveBigIntegerField(
        _("media storage (bytes)"), null=True, blank=True
    )
    # Apps with an Admin API token (api.models.App), and how fast each may call the API:
    # a leaky bucket of API_RATE_LIMIT_BURST requests that drains this many per second.
    max_apps = models.PositiveIntegerField(_("apps"), null=True, blank=True)
    api_requests_per_second = models.PositiveSmallIntegerField(
        _("API requests per second"), default=2
    )
    # Not a limit of the shop but of its owner: an account paying for a shop on this
    # plan may own this many shops (provisioning.shop_limits.shops_allowed).
    max_shops_per_account = models.PositiveIntegerField(
        _("shops per account"),
        null=True,
        blank=True,
        help_text=_(
            "How many shops the owner of a paid shop on this plan may have. "
            "Empty: the platform's MAX_SHOPS_PER_ACCOUNT."
        ),
    )
    # Percentage of each shop payment taken as the platform's application fee.
    transaction_fee_percent = models.DecimalField(
        _("transaction fee %"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    features = models.JSONField(_("features"), default=dict, blank=True)
    stripe_price_monthly = models.CharField(_("Stripe price (monthly)"), max_length=255, blank=True)
    stripe_price_yearly = models.CharField(_("Stripe price (yearly)"), max_length=255, blank=True)
    is_public = models.BooleanField(_("shown on the pricing page"), default=True)
    is_default = models.BooleanField(_("plan of new shops' trials"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_monthly__gte=0) & Q(price_yearly__gte=0),
                name="plan_prices_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(transaction_fee_percent__gte=0) & Q(transaction_fee_percent__lte=100),
                name="plan_fee_is_a_percentage",
            ),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="plan_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def limit(self, resource: str) -> int | None:
        return getattr(self, f"max_{resource}")

    def price(self, interval: str) -> Decimal:
        return self.price_yearly if interval == Subscription.Interval.YEAR else self.price_monthly

    def stripe_price(self, interval: str) -> str:
        if interval == Subscription.Interval.YEAR:
            return self.stripe_price_yearly
        return self.stripe_price_monthly


class Subscription(models.Model):
    """One per shop: its plan, Stripe ids and billing state.

    ``status`` mirrors Stripe's (``incomplete`` and ``unpaid`` are read as
    ``past_due``). ``grace_deadline`` is set when the shop first falls past due and
    cleared when it pays; ``suspended_for_billing`` marks a suspension this app made,
    so paying lifts only that (not one an operator made). ``delete_after`` is set
    when the subscription ends: the data is kept, and exportable, until then.
    """

    class Status(models.TextChoices):
        TRIALING = "trialing", _("Trial")
        ACTIVE = "active", _("Active")
        PAST_DUE = "past_due", _("Past due")
        CANCELED = "canceled", _("Cancelled")

    class Interval(models.TextChoices):
        MONTH = "month", _("Monthly")
        YEAR = "year", _("Yearly")

    shop = models.OneToOneField(Shop, on_delete=models.CASCADE, related_name="subscription")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    interval = models.CharField(
        _("billing interval"), max_length=5, choices=Interval.choices, default=Interval.MONTH
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.TRIALING
    )
    stripe_customer_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    stripe_subscription_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    trial_end = models.DateTimeField(_("trial ends"), null=True, blank=True)
    current_period_end = models.DateTimeField(_("current period ends"), null=True, blank=True)
    cancel_at_period_end = models.BooleanField(_("cancels at period end"), default=False)
    past_due_since = models.DateTimeField(null=True, blank=True)
    grace_deadline = models.DateTimeField(_("suspended after"), null=True, blank=True)
    suspended_for_billing = models.BooleanField(default=False)
    canceled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    delete_after = models.DateTimeField(_("data deleted after"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["trialing", "active", "past_due", "canceled"]),
                name="subscription_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(interval__in=["month", "year"]), name="subscription_interval_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="past_due") | Q(grace_deadline__isnull=True),
                name="subscription_grace_only_when_past_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shop_id}: {self.plan_id} ({self.status})"

    @property
    def monthly_amount(self) -> Decimal:
        """The plan's price per month at this interval (for MRR)."""
        if self.interval == self.Interval.YEAR:
            return (self.plan.price_yearly / 12).quantize(Decimal("0.01"))
        return self.plan.price_monthly


class StripeEvent(models.Model):
    """Every Stripe event we accepted, once (the unique ``event_id``).

    Stripe delivers at least once and in any order; the row is the idempotency key
    (a redelivery finds it and does nothing) and ``processed_at`` says the task has
    applied it.
    """

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    livemode = models.BooleanField(default=False)
    created = models.DateTimeField(help_text="When Stripe created the event.")
    payload = models.JSONField()
    shop = models.ForeignKey(
        Shop, null=True, blank=True, on_delete=models.SET_NULL, related_name="stripe_events"
    )
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"


class InvoiceQuerySet(models.QuerySet):
    def for_shop(self, shop):
        return self.filter(shop=shop).order_by("-created", "-id")


class Invoice(models.Model):
    """Our copy of a Stripe invoice, for the merchant's list (no Stripe call per page).

    Written from the invoice Stripe returns on ``invoice.*`` events; the PDF and the
    hosted page stay on Stripe.
    """

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="invoices")
    stripe_invoice_id = models.CharField(max_length=255, unique=True)
    number = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20)
    amount_due = money_field()
    amount_paid = money_field(default=Decimal("0"))
    currency = models.CharField(max_length=3)
    hosted_invoice_url = models.URLField(max_length=1000, blank=True)
    invoice_pdf = models.URLField(max_length=1000, blank=True)
    created = models.DateTimeField()

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")

    def __str__(self) -> str:
        return self.number or self.stripe_invoice_id


class BillingEmail(models.Model):
    """An e-mail billing sent, recorded before sending so it goes out once.

    ``key`` names what it is about (a trial end, an invoice), so a retried task or a
    redelivered event finds the row and sends nothing.
    """

    class Kind(models.TextChoices):
        TRIAL_ENDS_3_DAYS = "trial_3d", _("Trial ends in 3 days")
        TRIAL_ENDS_1_DAY = "trial_1d", _("Trial ends tomorrow")
        PAYMENT_FAILED = "payment_failed", _("Payment failed")
        SUSPENDED = "suspended", _("Shop suspended for billing")

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="billing_emails")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=255)
    to = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["shop", "kind", "key"], name="billing_email_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

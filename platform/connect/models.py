"""Each shop's Stripe Connect account and every Connect event (public schema).

Why public: the Connect webhook arrives on the platform domain and must find the shop
from the event's ``account`` before it knows which schema to enter, so the account
-> shop routing (and, beside it, the account's state) lives next to ``Shop``.

``ConnectedAccount`` is our copy of Stripe's account object, rewritten whole from
the object Stripe returns (a refresh, or the re-read an ``account.updated`` event
triggers), never patched from an event body whose order Stripe does not guarantee.
Its ``state`` is derived, not stored: Stripe's flags are the truth.

``PaymentSettings`` holds the merchant's one payments switch, test mode. A shop with
no row is in test mode, so every shop made before Connect existed (and the demo)
keeps taking orders through the built-in test gateway.

``ConnectEvent`` is the idempotency key of the webhook (unique ``event_id``) and the
console's record: each delivery's routing decision (applied, ignored and why,
failed and why) and how many times it was tried.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shops.models import Shop


class AccountState(models.TextChoices):
    NOT_CONNECTED = "not_connected", _("Not connected")
    ONBOARDING_INCOMPLETE = "onboarding_incomplete", _("Onboarding incomplete")
    RESTRICTED = "restricted", _("Restricted")
    CHARGES_ENABLED = "charges_enabled", _("Charges enabled")
    PAYOUTS_ENABLED = "payouts_enabled", _("Charges and payouts enabled")


class ConnectedAccountQuerySet(models.QuerySet):
    def for_shop(self, shop):
        """The shop's account; ``shop`` may be a Shop or django-tenants' FakeTenant."""
        return self.filter(shop__schema_name=shop.schema_name)

    def by_account(self, account_id: str | None):
        return self.filter(account_id=account_id) if account_id else self.none()

    def charges_enabled(self):
        return self.filter(charges_enabled=True, deauthorized_at__isnull=True)


class ConnectedAccount(models.Model):
    """One Stripe account per shop, one shop per Stripe account (both unique).

    ``requirements`` keeps Stripe's requirements hash as returned (``currently_due``,
    ``eventually_due``, ``past_due``, ``pending_verification``, ``disabled_reason``,
    ``current_deadline``, ``errors``); the admin page words it for the merchant.
    ``livemode`` is the mode of the platform key that created the account: a test
    account never takes live money. ``deauthorized_at`` is set when the merchant
    disconnects the platform from their Stripe dashboard.
    """

    class Type(models.TextChoices):
        EXPRESS = "express", _("Express")
        STANDARD = "standard", _("Standard")

    shop = models.OneToOneField(Shop, on_delete=models.CASCADE, related_name="connected_account")
    account_id = models.CharField(_("Stripe account"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=16, choices=Type.choices, default=Type.EXPRESS)
    charges_enabled = models.BooleanField(_("charges enabled"), default=False)
    payouts_enabled = models.BooleanField(_("payouts enabled"), default=False)
    details_submitted = models.BooleanField(_("details submitted"), default=False)
    requirements = models.JSONField(_("requirements"), default=dict, blank=True)
    livemode = models.BooleanField(_("live mode"), default=False)
    deauthorized_at = models.DateTimeField(_("disconnected at"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("refreshed from Stripe at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConnectedAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("connected Stripe account")
        verbose_name_plural = _("connected Stripe accounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=["express", "standard"]), name="connect_account_type_valid"
            ),
            models.CheckConstraint(
                condition=~Q(account_id=""), name="connect_account_id_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} ({self.shop_id})"

    @property
    def state(self) -> str:
        """Stripe's flags in the merchant's terms; the order of the tests matters.

        An account that has not submitted its details is still onboarding; one that
        has, but cannot charge (or that Stripe disabled, or that disconnected us), is
        restricted; otherwise it charges, and pays out once payouts are enabled too.
        """
        if self.deauthorized_at is not None:
            return AccountState.RESTRICTED
        rejected = str(self.requirements.get("disabled_reason") or "").startswith("rejected")
        if not self.charges_enabled:
            if not self.details_submitted and not rejected:
                return AccountState.ONBOARDING_INCOMPLETE
            return AccountState.RESTRICTED
        if not self.payouts_enabled:
            return AccountState.CHARGES_ENABLED
        return AccountState.PAYOUTS_ENABLED

    def get_state_display(self) -> str:
        return str(AccountState(self.state).label)


class PaymentSettings(models.Model):
    """The shop's payments switch: test mode (the built-in test gateway) or live.

    One row per shop, made the first time the merchant flips the switch; no row
    means test mode. Turning test mode off needs a Stripe account with charges
    enabled (``connect.services.test_mode_set`` refuses otherwise).
    """

    shop = models.OneToOneField(Shop, on_delete=models.CASCADE, related_name="payment_settings")
    test_mode = models.BooleanField(_("test mode"), default=True)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.CharField(max_length=254, blank=True)

    class Meta:
        verbose_name = _("payment settings")
        verbose_name_plural = _("payment settings")

    def __str__(self) -> str:
        return f"{self.shop_id}: {'test' if self.test_mode else 'live'}"


class ConnectEventQuerySet(models.QuerySet):
    def for_shop(self, shop):
        return self.filter(shop=shop).order_by("-received_at", "-id")


class ConnectEvent(models.Model):
    """Every Connect event we accepted, once (the unique ``event_id``).

    ``status``: ``received`` (stored, its task queued), ``applied``, ``ignored``
    (with the ``reason``: unknown account, livemode mismatch, a type nobody handles)
    or ``failed`` (the handler raised; ``reason`` holds the error, the task retries).
    ``attempts`` counts runs of the handler, replays included. ``shop`` is the shop
    the ``account`` routed to when the event arrived (nulled if the shop goes).
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        APPLIED = "applied", _("Applied")
        IGNORED = "ignored", _("Ignored")
        FAILED = "failed", _("Failed")

    event_id = models.CharField(max_length=255, unique=True)
    account = models.CharField(_("Stripe account"), max_length=255, blank=True, db_index=True)
    type = models.CharField(max_length=100)
    livemode = models.BooleanField(default=False)
    created = models.DateTimeField(help_text="When Stripe created the event.")
    payload = models.JSONField()
    shop = models.ForeignKey(
        Shop, null=True, blank=True, on_delete=models.SET_NULL, related_name="connect_events"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    reason = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConnectEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("Stripe Connect event")
        verbose_name_plural = _("Stripe Connect events")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["received", "applied", "ignored", "failed"]),
                name="connect_event_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="applied") | Q(applied_at__isnull=True),
                name="connect_event_applied_at_only_when_applied",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type} ({self.status})"

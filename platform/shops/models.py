"""Shops and the host names they answer on (public schema).

A ``Shop`` is a django-tenants tenant: its ``schema_name`` names the PostgreSQL
schema that holds the merchant's business. ``Domain`` maps a host name to a shop;
routing reads it through an in-process cache (shops.routing), never per request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class ShopQuerySet(models.QuerySet):
    def serving(self):
        """Shops whose host names route (suspended ones answer with a closed page)."""
        return self.filter(status__in=[Shop.Status.ACTIVE, Shop.Status.SUSPENDED])


class Shop(TenantMixin):
    """A merchant's shop: one PostgreSQL schema, cloned from the template schema.

    ``owner`` points at a *platform* account (public ``accounts_user``). Every shop
    schema has its own ``accounts_user`` table too, so the relation must only be
    followed in the public schema; routing loads it with ``select_related`` for that
    reason.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=100)
    subdomain = models.CharField(_("subdomain"), max_length=40, unique=True)
    # DO_NOTHING, not PROTECT: Django's deletion collector would otherwise look for
    # shops owned by *any* deleted user — including a shop's own staff or shopper
    # users, whose ids mean nothing in the public schema — and refuse or cascade
    # across schemas. The database's foreign key still refuses deleting a platform
    # account that owns a shop.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        related_name="owned_shops",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    theme = models.CharField(_("theme"), max_length=64, default="base")
    # ISO 3166-1 alpha-2: where the merchant sells from. Provisioning derives the
    # defaults a shop starts with from it (currency, domestic shipping zone, tax).
    country = models.CharField(_("country"), max_length=2, default="US")
    # ISO 4217; every amount in the shop's schema is in this currency (Decimal).
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Schemas are made by shops.services.shop_provision (cloning), never by save().
    auto_create_schema = False
    auto_drop_schema = False

    objects = ShopQuerySet.as_manager()

    class Meta:
        verbose_name = _("shop")
        verbose_name_plural = _("shops")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["active", "suspended", "closed"]),
                name="shop_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"), name="shop_country_code"
            ),
            models.CheckConstraint(
                condition=Q(subdomain__regex=r"^[a-z0-9]([a-z0-9-]{1,38})[a-z0-9]$"),
                name="shop_subdomain_dns_label",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_suspended(self) -> bool:
        return self.status == self.Status.SUSPENDED


class DomainQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verified_at__isnull=False)

    def pending(self):
        return self.filter(verified_at__isnull=True)

    def custom(self):
        """Domains the merchant added (not the shop's ``<sub>.<PLATFORM_DOMAIN>``)."""
        return self.exclude(domain__endswith=f".{settings.PLATFORM_DOMAIN}")


class Domain(DomainMixin):
    """A host name that serves a shop.

    The ``<sub>.<PLATFORM_DOMAIN>`` domain is created verified with the shop; a
    custom domain routes only once ``verified_at`` is set, by the DNS check in
    ``shops.dns`` (a TXT record holding ``verification_token`` proves the merchant
    controls the name, a CNAME shows it points at the platform).

    ``domain`` is unique among *verified* rows only (django-tenants makes it unique
    outright; we override that): several shops may claim a name while pending, and
    only the one that proves it through DNS gets it. A plain unique column would let
    anyone block a domain they do not own by adding it first. Removing a domain deletes
    the row, so adding it again makes a new token that must be proved again.
    """

    domain = models.CharField(_("domain"), max_length=253, db_index=True)
    verification_token = models.CharField(
        _("verification token"), max_length=64, blank=True, default=""
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    checked_at = models.DateTimeField(_("last DNS check"), null=True, blank=True)
    check_error = models.CharField(_("last DNS check result"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DomainQuerySet.as_manager()

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        constraints = [
            # One primary domain per shop.
            models.UniqueConstraint(
                fields=["tenant"], condition=Q(is_primary=True), name="domain_one_primary_per_shop"
            ),
            models.CheckConstraint(
                condition=Q(domain=models.functions.Lower("domain")), name="domain_lowercase"
            ),
            # A verified host name serves exactly one shop.
            models.UniqueConstraint(
                fields=["domain"],
                condition=Q(verified_at__isnull=False),
                name="domain_verified_unique",
            ),
            models.UniqueConstraint(fields=["tenant", "domain"], name="domain_once_per_shop"),
            # Visitors are redirected to the primary domain: it must serve.
            models.CheckConstraint(
                condition=Q(is_primary=False) | Q(verified_at__isnull=False),
                name="domain_primary_is_verified",
            ),
        ]

    def __str__(self) -> str:
        return self.domain

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_platform_subdomain(self) -> bool:
        return self.domain.endswith(f".{settings.PLATFORM_DOMAIN}")


class ShopEvent(models.Model):
    """The audit trail of a shop: its lifecycle, its access, its billing and payments.

    Kept in the public schema, beside the shop, so it survives the shop's schema
    being suspended, exported or dropped; ``shop`` is nulled, not cascaded, when the
    shop row goes, and ``subdomain`` keeps the record readable. Written only through
    ``shops.audit.shop_event_record``. The owner reads it in the shop admin
    ("Activity"), the platform admin in the console.

    ``actor`` is the platform account that acted (public ``accounts_user``), and
    ``actor_name`` what it was called then (its e-mail) or the system that acted
    ("billing", "manage.py"). Like ``Shop.owner`` the relation is
    ``DO_NOTHING``: Django's delete collector would otherwise follow it from a shop's
    own ``accounts_user``, whose ids mean nothing here; the database's foreign key
    still refuses deleting an account that has audit entries.
    """

    class Action(models.TextChoices):
        PROVISIONED = "provisioned", _("Provisioned")
        SUSPENDED = "suspended", _("Suspended")
        REACTIVATED = "reactivated", _("Reactivated")
        EXPORTED = "exported", _("Exported")
        DELETED = "deleted", _("Deleted")
        DOMAIN_ADDED = "domain_added", _("Domain added")
        DOMAIN_VERIFIED = "domain_verified", _("Domain verified")
        DOMAIN_REMOVED = "domain_removed", _("Domain removed")
        DOMAIN_PRIMARY = "domain_primary", _("Primary domain changed")
        # Access (accounts).
        MEMBER_JOINED = "member_joined", _("Member joined")
        MEMBER_CHANGED = "member_changed", _("Member's access changed")
        MEMBER_REMOVED = "member_removed", _("Member removed")
        MEMBER_INVITED = "member_invited", _("Member invited")
        OWNERSHIP_PROPOSED = "ownership_proposed", _("Ownership transfer proposed")
        OWNERSHIP_TRANSFERRED = "ownership_transferred", _("Ownership transferred")
        COLLABORATOR_REQUESTED = "collaborator_requested", _("Collaborator access requested")
        COLLABORATOR_APPROVED = "collaborator_approved", _("Collaborator access approved")
        COLLABORATOR_REFUSED = "collaborator_refused", _("Collaborator access refused")
        COLLABORATOR_WITHDRAWN = "collaborator_withdrawn", _("Collaborator access withdrawn")
        COLLABORATOR_CHANGED = "collaborator_changed", _("Collaborator permissions changed")
        COLLABORATOR_ENTERED = "collaborator_entered", _("Collaborator entered the shop admin")
        SUPPORT_ENTERED = "support_entered", _("Platform support viewed the shop admin")
        # The platform subscription (billing).
        BILLING_TRIAL_STARTED = "billing.trial_started", _("Trial started")
        BILLING_STATUS = "billing.status", _("Subscription status changed")
        BILLING_PLAN_CHANGED = "billing.plan_changed", _("Plan changed")
        BILLING_CANCEL_REQUESTED = (
            "billing.cancel_requested",
            _("Subscription cancellation requested"),
        )
        BILLING_CANCEL_UNDONE = "billing.cancel_undone", _("Cancellation undone")
        # The shop's Stripe account (connect).
        PAYMENTS_STRIPE_CONNECTED = "payments.stripe_connected", _("Stripe account connected")
        PAYMENTS_STRIPE_STATE = "payments.stripe_state", _("Stripe account state changed")
        PAYMENTS_STRIPE_DISCONNECTED = (
            "payments.stripe_disconnected",
            _("Stripe account disconnected"),
        )
        PAYMENTS_TEST_MODE_ON = "payments.test_mode_on", _("Test payments turned on")
        PAYMENTS_TEST_MODE_OFF = "payments.test_mode_off", _("Test payments turned off")
        PAYMENTS_STRIPE_EVENT_REPLAYED = (
            "payments.stripe_event_replayed",
            _("Stripe event replayed"),
        )

    shop = models.ForeignKey(Shop, null=True, on_delete=models.SET_NULL, related_name="events")
    subdomain = models.CharField(_("subdomain"), max_length=40)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=254, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("shop event")
        verbose_name_plural = _("shop events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subdomain}: {self.action}"


class ShopUsage(models.Model):
    """What a shop holds, counted in its schema by ``shops.usage`` and kept here.

    A snapshot, not a live count: the console lists thousands of shops and the
    architecture keeps cross-schema reads out of request paths, so a periodic task
    (``shops.tasks.refresh_shop_usage_all_shops``) visits each schema once and the
    console reads one public table with a join. ``refreshed_at`` says how old it is.
    """

    shop = models.OneToOneField(
        Shop, on_delete=models.CASCADE, primary_key=True, related_name="usage"
    )
    products = models.PositiveIntegerField(_("products"), default=0)
    orders = models.PositiveIntegerField(_("orders"), default=0)
    database_bytes = models.PositiveBigIntegerField(_("database bytes"), default=0)
    media_bytes = models.PositiveBigIntegerField(_("media bytes"), default=0)
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("shop usage")
        verbose_name_plural = _("shop usage")

    def __str__(self) -> str:
        return f"{self.shop_id}: {self.products} products, {self.orders} orders"

    @property
    def storage_bytes(self) -> int:
        return self.database_bytes + self.media_bytes

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
                condition=Q(subdomain__regex=r"^[a-z0-9]([a-z0-9-]{1,38})[a-z0-9]$"),
                name="shop_subdomain_dns_label",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_suspended(self) -> bool:
        return self.status == self.Status.SUSPENDED


class Domain(DomainMixin):
    """A host name that serves a shop.

    The ``<sub>.<PLATFORM_DOMAIN>`` domain is created verified with the shop; a
    custom domain routes only once ``verified_at`` is set (DNS check, a later issue).
    """

    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

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
        ]

    def __str__(self) -> str:
        return self.domain


class ShopEvent(models.Model):
    """The platform's audit trail of a shop's lifecycle (provisioned, suspended, ...).

    Kept in the public schema, beside the shop, so it survives the shop's schema
    being suspended, exported or dropped; ``shop`` is nulled, not cascaded, when the
    shop row goes, and ``subdomain`` keeps the record readable.
    """

    class Action(models.TextChoices):
        PROVISIONED = "provisioned", _("Provisioned")
        SUSPENDED = "suspended", _("Suspended")
        REACTIVATED = "reactivated", _("Reactivated")
        EXPORTED = "exported", _("Exported")
        DELETED = "deleted", _("Deleted")

    shop = models.ForeignKey(Shop, null=True, on_delete=models.SET_NULL, related_name="events")
    subdomain = models.CharField(_("subdomain"), max_length=40)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    actor = models.CharField(_("actor"), max_length=254, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("shop event")
        verbose_name_plural = _("shop events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subdomain}: {self.action}"

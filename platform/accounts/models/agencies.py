"""Agencies, their members, and the access a shop gives them (request codes, collaborator access).

Public schema only (``accounts.routers`` keeps the table out of shop schemas, although
the ``accounts`` app is installed in both). Inside a shop's request the connection's
``search_path`` is ``<shop>, public``, so the table is still reachable there — but
``accounts_user`` exists in both schemas, so code running in a shop must use
``account_id`` and never join to ``account`` (it would read the shop's staff users
instead).

Foreign keys to ``accounts.User`` use ``DO_NOTHING`` for the reason given on
``shops.Shop.owner``: Django's collector would otherwise follow them when a shop's
own staff or shopper user is deleted. The database's constraints still hold.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """An organisation whose members build and run shops for clients."""

    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class AgencyMember(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        MEMBER = "member", _("Member")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="members")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="agency_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agency member")
        verbose_name_plural = _("agency members")
        constraints = [
            models.UniqueConstraint(fields=["agency", "account"], name="agency_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}@agency {self.agency_id}"


class CollaboratorCode(models.Model):
    """The code a shop owner hands to an agency so it may ask for access
    (Shopify's collaborator request code): without it no request can be made.

    Kept readable because the owner is shown it again on the Team page; it opens
    nothing by itself (the owner still approves), and wrong tries are counted
    (accounts.agencies)."""

    shop = models.OneToOneField(
        "shops.Shop", on_delete=models.CASCADE, related_name="collaborator_code"
    )
    code = models.CharField(_("code"), max_length=16)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex="^[0-9A-Z]{12,16}$"), name="collaborator_code_long"
            ),
        ]

    def __str__(self) -> str:
        return f"code of {self.shop_id}"


class CollaboratorAccess(models.Model):
    """An agency's access to a shop: requested, then approved or refused by the
    owner; an approved access can be limited to ``permissions`` and withdrawn."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="accesses")
    shop = models.ForeignKey(
        "shops.Shop", on_delete=models.CASCADE, related_name="collaborator_accesses"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    permissions = models.JSONField(_("permissions"), default=list, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("collaborator access")
        verbose_name_plural = _("collaborator accesses")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "shop"],
                condition=Q(status__in=["requested", "approved"]),
                name="collaborator_one_open_per_shop",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "approved", "refused", "withdrawn"]),
                name="collaborator_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"agency {self.agency_id} on {self.shop_id}: {self.status}"

"""Who may manage which shop: roles, memberships, invitations, ownership transfers.

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
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# The four areas a staff member or collaborator can be given, each mapped to a
# Wagtail group of the same name in the shop's schema (accounts.shop_staff).
PERMISSIONS = ("products", "orders", "content", "settings")
PERMISSION_CHOICES = [
    ("products", _("Products")),
    ("orders", _("Orders")),
    ("content", _("Content")),
    ("settings", _("Settings")),
]


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    STAFF = "staff", _("Staff")


class Membership(models.Model):
    """An account's role in a shop: the source of truth for shop admin access.

    ``permissions`` only matters for ``staff``; owners and admins have everything.
    ``Shop.owner`` mirrors the one owner membership (kept by the services).
    """

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="memberships"
    )
    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    permissions = models.JSONField(_("permissions"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["account", "shop"], name="membership_once_per_shop"),
            models.UniqueConstraint(
                fields=["shop"], condition=Q(role="owner"), name="membership_one_owner_per_shop"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["owner", "admin", "staff"]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}@{self.shop_id}: {self.role}"


class Invitation(models.Model):
    """An e-mailed invitation to join a shop. Single use, expires.

    Only a hash of the link's token is stored, so a database dump holds no usable link.
    ``hand_over`` marks an agency's invitation of its client: accepting it also
    makes the client the owner (ownership transfer, confirmed by accepting).
    """

    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.STAFF)
    permissions = models.JSONField(_("permissions"), default=list, blank=True)
    hand_over = models.BooleanField(_("hand over ownership"), default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                "shop",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["admin", "staff"]), name="invitation_role_not_owner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} -> {self.shop_id}"


class OwnershipTransfer(models.Model):
    """The owner proposes, the new owner accepts: both confirmations are kept."""

    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="transfers")
    from_account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+"
    )
    to_account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ownership transfer")
        verbose_name_plural = _("ownership transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["shop"],
                condition=Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="transfer_one_open_per_shop",
            ),
            models.CheckConstraint(
                condition=~Q(from_account=models.F("to_account")), name="transfer_to_someone_else"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shop_id}: {self.from_account_id} -> {self.to_account_id}"

"""Who may manage which shop: memberships, invitations, agencies, sign-on tickets.

Every model here lives in the **public schema only** (``accounts.routers`` keeps
their tables out of shop schemas, although the ``accounts`` app is installed in
both). Inside a shop's request the connection's ``search_path`` is
``<shop>, public``, so these tables are still reachable there — but ``accounts_user``
exists in both schemas, so code running in a shop must use ``account_id`` and never
join to ``account`` (it would read the shop's staff users instead).

Foreign keys to ``accounts.User`` use ``DO_NOTHING`` for the reason given on
``shops.Shop.owner``: Django's collector would otherwise follow them when a shop's
own staff or shopper user is deleted. The database's constraints still hold.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kernel.money import money_field

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


class SSOTicket(models.Model):
    """One single sign-on hand-off into a shop admin.

    The signed token carries only ``id``; this row makes it single-use
    (``consumed_at`` is set by a conditional UPDATE) and binds it to one shop,
    host and browser. ``support`` tickets open a read-only, time-limited session for platform
    admins.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+"
    )
    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="+")
    host = models.CharField(_("host"), max_length=253)
    support = models.BooleanField(_("support"), default=False)
    # SHA-256 of the nonce the shop host put in the browser's cookie when the
    # hand-off started: only that browser can redeem the ticket (accounts.sso).
    browser_hash = models.CharField(_("browser proof"), max_length=64, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    consumed_at = models.DateTimeField(_("consumed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-on ticket")
        verbose_name_plural = _("sign-on tickets")
        indexes = [models.Index(fields=["expires_at"], name="ssoticket_expires")]

    def __str__(self) -> str:
        return str(self.pk)


class ShopStats(models.Model):
    """Figures for "My shops" and the agency dashboard, refreshed by a periodic task
    (accounts.tasks) so those listings never query a shop's schema per row."""

    shop = models.OneToOneField("shops.Shop", on_delete=models.CASCADE, related_name="stats")
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    orders_today = models.PositiveIntegerField(_("orders today"), default=0)
    orders_30d = models.PositiveIntegerField(_("orders, last 30 days"), default=0)
    sales_30d = money_field(_("sales, last 30 days"), max_digits=14, default=0)
    refreshed_at = models.DateTimeField(_("refreshed at"))

    def __str__(self) -> str:
        return f"stats of {self.shop_id}"

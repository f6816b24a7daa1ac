"""The single-use tickets of the hand-off from the platform into a shop admin.

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

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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

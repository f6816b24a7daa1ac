"""The platform console's own rows (public schema).

``ConsoleAccess`` carries the permission that opens the console. It is a model only
because Django hangs permissions on content types; it has no table. A permission
rather than a flag on ``accounts.User`` keeps the platform account model unchanged
and lets an operator grant the console to a group ("Support") in the Django admin;
superusers have it implicitly.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shops.models import Shop


class ConsoleAccess(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("access_console", _("Can use the platform console"))]

    def __str__(self) -> str:
        return "console"


class ShopExport(models.Model):
    """An export a platform admin asked for in the console, run by a task.

    The archive is written under ``EXPORT_ROOT`` by ``shops.export.shop_export``; this
    row tracks the request so the console can show "running", the download link or
    the error. ``shop`` is nulled when the shop is deleted, ``subdomain`` stays, and so
    does the archive: an export made before a delete is the only copy left.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    shop = models.ForeignKey(Shop, null=True, on_delete=models.SET_NULL, related_name="exports")
    subdomain = models.CharField(_("subdomain"), max_length=40)
    # An e-mail, not a foreign key to accounts.User: that model also exists in every
    # shop's schema, and a relation here would be followed when a shop deletes one of
    # its own users (see Shop.owner).
    requested_by = models.CharField(_("requested by"), max_length=254)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    archive_name = models.CharField(_("archive"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("shop export")
        verbose_name_plural = _("shop exports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", archive_name__gt="") | ~Q(status="done"),
                name="shopexport_done_has_archive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subdomain} export ({self.status})"

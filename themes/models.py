"""A shop's theme choice and settings (each shop's schema).

One row per theme the merchant has ever customised, so switching to another theme and
back restores what they had: settings are stored *per theme per shop*, never
overwritten by a switch. ``is_active`` marks the theme the storefront shows; a partial
unique index keeps it to one row.

Why here and not ``Shop.theme`` (public schema): the merchant changes their theme from
the shop admin, which runs in the shop's schema with a shop-scoped staff user. Writing
the public ``shops_shop`` row from there would let shop-admin code write platform
data; keeping the choice beside its settings makes a switch one local transaction and
keeps shop exports complete. ``Shop.theme`` remains the theme a shop *starts* with
(chosen at provisioning); it is read only while no row here is active.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ThemeSettingsQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ThemeSettings(models.Model):
    """Published and draft values of one theme's settings, for this shop.

    ``published`` is what shoppers see; ``draft`` is what the merchant is trying out in
    the admin's live preview. Both are validated against the theme's schema before they
    are stored (``themes.services``); reading tolerates values a newer theme version no
    longer accepts by falling back to defaults per setting (``schema.merge_stored``).
    """

    theme = models.CharField(_("theme"), max_length=64, unique=True)
    is_active = models.BooleanField(_("active"), default=False)
    published = models.JSONField(_("published settings"), default=dict, blank=True)
    draft = models.JSONField(_("draft settings"), default=dict, blank=True)
    has_draft = models.BooleanField(_("has unpublished changes"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ThemeSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme settings")
        verbose_name_plural = _("theme settings")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="themes_one_active"
            ),
            models.CheckConstraint(
                condition=Q(theme__regex=r"^[a-z][a-z0-9-]{0,39}$"), name="themes_name_format"
            ),
        ]

    def __str__(self) -> str:
        return self.theme

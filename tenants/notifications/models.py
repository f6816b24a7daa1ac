"""A merchant's own version of a notification, and the look every e-mail is sent in.

``NotificationTemplate``: one row per notification the merchant changed (``key``
from ``notifications.registry``); no row means the default files are sent, so a
new default reaches every shop that kept it. Rows are written only by
``notifications.services``, which refuses a template that does not compile and
render against the notification's sample context.

``EmailBranding``: one row per shop (its schema), a copy of what the e-mail layout
shows — the logo, the theme's colours, the contact address used as Reply-To. It is
a copy because its sources sit above this app (the theme's settings in ``themes``,
the logo and contact address in ``cms``): those apps write it when they change
(``email_branding_update``), as their saves purge the storefront's caches, and the
apps that send e-mails (orders, customers) read it without reaching up a layer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shops.links import LinkField

HEX_COLOUR = r"^#[0-9a-fA-F]{6}$"


class NotificationTemplate(models.Model):
    key = models.CharField(_("notification"), max_length=64, unique=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        constraints = [
            models.CheckConstraint(
                condition=Q(key__regex=r"^[a-z][a-z0-9_]{0,63}$"), name="notifications_key_format"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class EmailBranding(models.Model):
    """The shop's look in e-mails; at most one row (``id`` = 1)."""

    # A rendition's URL: a path on the shop (local media) or the media host's address.
    logo_url = LinkField(_("logo"), max_length=1000, blank=True)
    logo_width = models.PositiveIntegerField(_("logo width"), null=True, blank=True)
    logo_height = models.PositiveIntegerField(_("logo height"), null=True, blank=True)
    color_primary = models.CharField(_("primary colour"), max_length=7, default="#111827")
    color_accent = models.CharField(_("accent colour"), max_length=7, default="#b45309")
    color_bg = models.CharField(_("background"), max_length=7, default="#ffffff")
    color_surface = models.CharField(_("panels"), max_length=7, default="#f6f5f2")
    color_text = models.CharField(_("text"), max_length=7, default="#1f2328")
    color_muted = models.CharField(_("secondary text"), max_length=7, default="#59636e")
    contact_email = models.EmailField(_("contact email"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    COLOURS = (
        "color_primary",
        "color_accent",
        "color_bg",
        "color_surface",
        "color_text",
        "color_muted",
    )

    class Meta:
        verbose_name = _("e-mail branding")
        verbose_name_plural = _("e-mail branding")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="notifications_one_branding"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__regex": HEX_COLOUR}),
                    name=f"notifications_{name}_hex",
                )
                for name in (
                    "color_primary",
                    "color_accent",
                    "color_bg",
                    "color_surface",
                    "color_text",
                    "color_muted",
                )
            ),
        ]

    def __str__(self) -> str:
        return "e-mail branding"

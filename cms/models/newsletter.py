"""Newsletter sign-ups, kept in the shop's own schema.

One row per address, case-insensitively (a unique index on ``lower(email)``), so
signing up twice never makes a duplicate whatever two requests race. The merchant
lists and exports them (CSV, Excel) in the shop admin.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class NewsletterSignup(models.Model):
    email = models.EmailField(_("email"), max_length=254)
    source = models.CharField(
        _("signed up on"), max_length=500, blank=True, help_text=_("The page the form was on.")
    )
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("newsletter sign-up")
        verbose_name_plural = _("newsletter sign-ups")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="newsletter_signup_email_unique",
                violation_error_message=_("This address is already subscribed."),
            )
        ]

    def __str__(self) -> str:
        return self.email

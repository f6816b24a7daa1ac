"""What the merchant has told the setup guide, in the shop's schema.

Most steps of the guide are read from the shop's own data (a product exists, a theme
is active, an order was placed: ``setup_guide.selectors``). A few defaults are right
as they are and only the merchant can say they looked: the shipping zones and taxes
a new shop starts with, and that test mode takes orders without moving money. Those
answers, and hiding the finished guide, are kept here: one row per shop (a constant
``singleton`` column with a unique constraint, as ``taxes.TaxSettings``), written
only by ``setup_guide.services``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SetupGuide(models.Model):
    singleton = models.BooleanField(default=True, editable=False)
    shipping_reviewed_at = models.DateTimeField(_("shipping reviewed at"), null=True, blank=True)
    taxes_reviewed_at = models.DateTimeField(_("taxes reviewed at"), null=True, blank=True)
    test_mode_understood_at = models.DateTimeField(
        _("test mode understood at"), null=True, blank=True
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("setup guide")
        verbose_name_plural = _("setup guide")
        constraints = [
            models.UniqueConstraint(fields=["singleton"], name="setup_guide_one_row"),
            models.CheckConstraint(condition=Q(singleton=True), name="setup_guide_singleton"),
        ]

    def __str__(self) -> str:
        return str(_("Setup guide"))

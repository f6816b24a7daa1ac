"""Where a shop ships and what it costs: zones of countries, each with its rates.

A country belongs to at most one zone, so an address always finds one set of rates
(Shopify's rule). An array cannot carry a cross-row unique constraint, so
``shipping.services`` enforces it, under a table lock, with a message naming the
zone that already has the country.

A rate is one of three kinds:

- ``flat``: always ``price``;
- ``free_over``: ``price``, or free once the subtotal reaches ``min_subtotal``
  (exactly at it included) — "5.00, free over 50.00" is one rate;
- ``by_weight``: ``price`` for parcels from ``min_weight_grams`` to
  ``max_weight_grams`` (both included; no maximum means no upper bound).

One zone may be the shop's "rest of world" (``rest_of_world``): it lists no countries
and covers every country no other zone lists, so adding a country to a zone takes it
out of the rest of world without touching that zone. At most one such zone exists (a
partial unique index), and only it may have no countries (a check).

A zone is a ``ClusterableModel`` so the admin edits its rates inline in one form.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from kernel.money import money_field


class ShippingZone(ClusterableModel):
    name = models.CharField(_("name"), max_length=255)
    countries = ArrayField(
        models.CharField(max_length=2),
        verbose_name=_("countries"),
        blank=True,
        default=list,
        help_text=_("The countries this zone ships to (stored as two-letter codes)."),
    )
    rest_of_world = models.BooleanField(
        _("rest of world"),
        default=False,
        help_text=_("Covers every country that no other zone lists."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("shipping zone")
        verbose_name_plural = _("shipping zones")
        ordering = ["name", "id"]
        # checkout's "rates to this country" is an array containment query.
        indexes = [GinIndex(fields=["countries"], name="shipping_zone_countries_gin")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rest_of_world=False, countries__len__gte=1)
                | Q(rest_of_world=True, countries__len=0),
                name="shipping_zone_countries_or_rest_of_world",
                violation_error_message=_(
                    "A zone lists at least one country, or is the rest of world and lists none."
                ),
            ),
            models.UniqueConstraint(
                fields=["rest_of_world"],
                condition=Q(rest_of_world=True),
                name="shipping_one_rest_of_world_zone",
                violation_error_message=_("The shop already has a “rest of world” zone."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ShippingRate(models.Model):
    class Kind(models.TextChoices):
        FLAT = "flat", _("Flat rate")
        FREE_OVER = "free_over", _("Free above a subtotal")
        BY_WEIGHT = "by_weight", _("By weight")

    zone = ParentalKey(ShippingZone, on_delete=models.CASCADE, related_name="rates")
    name = models.CharField(
        _("name"), max_length=255, help_text=_("Shown to shoppers, e.g. “Standard (3–5 days)”.")
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.FLAT)
    price = money_field(_("price"))
    min_subtotal = money_field(
        _("free from subtotal"),
        null=True,
        blank=True,
        help_text=_("Free above a subtotal: shipping is free from this subtotal on."),
    )
    min_weight_grams = models.PositiveIntegerField(_("from weight (g)"), null=True, blank=True)
    max_weight_grams = models.PositiveIntegerField(
        _("to weight (g)"), null=True, blank=True, help_text=_("Empty: no upper limit.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    sort_order_field = "position"

    class Meta:
        verbose_name = _("shipping rate")
        verbose_name_plural = _("shipping rates")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["flat", "free_over", "by_weight"]),
                name="shipping_rate_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="shipping_rate_price_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="free_over") | Q(min_subtotal__isnull=False, min_subtotal__gte=0),
                name="shipping_rate_free_over_has_subtotal",
                violation_error_message=_("Enter the subtotal from which shipping is free."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="by_weight") | Q(min_weight_grams__isnull=False),
                name="shipping_rate_by_weight_has_range",
                violation_error_message=_("Enter the weight from which this rate applies."),
            ),
            models.CheckConstraint(
                condition=Q(max_weight_grams__isnull=True)
                | Q(min_weight_grams__isnull=True)
                | Q(max_weight_grams__gte=F("min_weight_grams")),
                name="shipping_rate_weight_range_ordered",
                violation_error_message=_("The weight range ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

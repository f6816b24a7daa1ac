"""Stock: where a shop keeps its goods, how many, and who is holding them at checkout.

The numbers live on ``StockLevel`` (one row per variant and location), never as a sum
over movements: checkout must decide "is there one left?" with a single row-level
``UPDATE``, and the database's ``CheckConstraint``s (on hand and reserved never below
zero, reserved never above on hand) refuse an oversell even from code that bypasses
``inventory.services``. ``StockMovement`` is the audit trail beside it, not the source.

Available = on hand − reserved. A checkout holds units with a ``Reservation`` (keyed by
its token, i.e. the checkout attempt) for a limited time; placing the order converts
it into a sale, and expired holds are released by a periodic task.

Variants whose ``inventory_policy`` is ``continue`` may be sold beyond stock. Their
reservations are recorded with ``holds_stock=False``: they are never refused and hold
nothing, and converting one takes what is free from on hand and records the rest as
``backordered`` on the movement. Stock levels themselves never go negative, for any
variant; a backorder is a number in the audit trail, not a negative count.

Only ``catalog.Variant`` is referenced (by foreign key) and only its
``inventory_policy``, ``product``, ``sku`` and ``price`` are read, so the catalog can
change shape around it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from inventory.querysets import LocationQuerySet, ReservationQuerySet, StockLevelQuerySet

# The name of the location every shop starts with (data migration 0002, copied into
# every new shop with the template schema).
DEFAULT_LOCATION_NAME = "Main warehouse"


class Location(models.Model):
    """A place stock is kept: a warehouse, a shop floor, a supplier's drop-shipping.

    Exactly one location is the default: the partial unique constraint allows at most
    one, and every shop is created with one (migration 0002 runs in the template
    schema, whose rows each new shop is cloned with). The default is tried first when
    checkout reserves stock.
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    address1 = models.CharField(_("address"), max_length=255, blank=True)
    address2 = models.CharField(_("apartment, suite, etc."), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=255, blank=True)
    province = models.CharField(_("state or province"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=32, blank=True)
    country = models.CharField(_("country code"), max_length=2, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    is_default = models.BooleanField(_("default location"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = LocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["-is_default", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="location_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StockLevel(models.Model):
    """How many units of one variant one location has, and how many checkouts hold.

    ``on_hand`` counts what is physically there (sold units leave it when the order is
    placed); ``reserved`` counts what running checkouts hold. The three check
    constraints are the last line of defence against overselling: whatever the code
    does, PostgreSQL refuses a row with reserved above on hand or either below zero.
    """

    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.CASCADE, related_name="stock_levels"
    )
    # PROTECT: a location holding stock rows cannot vanish with the stock's history.
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="stock_levels")
    on_hand = models.IntegerField(_("on hand"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StockLevelQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")
        ordering = ["variant_id", "location_id"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "location"], name="stock_variant_location"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="stock_on_hand_not_negative"),
            models.CheckConstraint(
                condition=Q(reserved__gte=0), name="stock_reserved_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reserved__lte=F("on_hand")), name="stock_reserved_within_on_hand"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id}@{self.location_id}: {self.on_hand} ({self.reserved} reserved)"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class Reservation(models.Model):
    """Units one checkout attempt holds, for one variant, until ``expires_at``.

    ``token`` identifies the checkout attempt; with the variant it is unique, so a
    second reservation by the same checkout updates this row instead of holding the
    units twice. Rows are kept after conversion or release: they are the link between
    an order and the stock it took, and make convert and release idempotent.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CONVERTED = "converted", _("Converted into a sale")
        RELEASED = "released", _("Released")

    token = models.CharField(_("checkout token"), max_length=100)
    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.CASCADE, related_name="reservations"
    )
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="reservations")
    quantity = models.PositiveIntegerField(_("quantity"))
    # False for variants sold beyond stock (inventory_policy "continue"): the
    # reservation is a record, the stock level's ``reserved`` was not raised.
    holds_stock = models.BooleanField(_("holds stock"), default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    expires_at = models.DateTimeField(_("expires at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["token", "variant_id"]
        constraints = [
            models.UniqueConstraint(fields=["token", "variant"], name="reservation_token_variant"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="reservation_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "converted", "released"]),
                name="reservation_status_valid",
            ),
        ]
        indexes = [
            # The expiry sweep: active holds past their time, oldest first.
            models.Index(
                fields=["expires_at"],
                condition=Q(status="active"),
                name="reservation_active_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.token}: {self.quantity} × {self.variant_id} ({self.status})"


class StockMovement(models.Model):
    """One change to a stock level, for the merchant's history and for audits.

    Written by every service in the same transaction as the change it records, so the
    trail and the numbers cannot disagree about what was committed.
    """

    class Reason(models.TextChoices):
        # Given by the merchant (stock_set / stock_adjust).
        RECEIVED = "received", _("Received")
        COUNT = "count", _("Stock count")
        CORRECTION = "correction", _("Correction")
        DAMAGED = "damaged", _("Damaged")
        RETURNED = "returned", _("Returned")
        # Counts read from a spreadsheet (imports).
        IMPORT = "import", _("Import")
        # Written by checkout.
        RESERVED = "reserved", _("Reserved by a checkout")
        RELEASED = "released", _("Released by a checkout")
        EXPIRED = "expired", _("Reservation expired")
        SOLD = "sold", _("Sold")

    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.CASCADE, related_name="stock_movements"
    )
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="movements")
    delta_on_hand = models.IntegerField(_("change on hand"), default=0)
    delta_reserved = models.IntegerField(_("change reserved"), default=0)
    # Units sold beyond stock (inventory_policy "continue") by this movement.
    backordered = models.PositiveIntegerField(_("backordered"), default=0)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    # What caused it: a checkout token, an order number, a purchase order.
    reference = models.CharField(_("reference"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["variant", "-created_at"], name="movement_variant_created"),
        ]

    def __str__(self) -> str:
        return f"{self.reason} {self.variant_id}@{self.location_id}"

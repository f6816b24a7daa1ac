"""Reads of stock, each a fixed number of queries whatever the number of variants."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import models
from django.db.models import F, Sum
from django.db.models.functions import Coalesce


def variant_ids(variants: Iterable) -> list[int]:
    """Ids of variants given as model instances or as ids (both are accepted)."""
    return [getattr(v, "pk", v) for v in variants]


class LocationQuerySet(models.QuerySet):
    def default(self):
        return self.filter(is_default=True)


class StockLevelQuerySet(models.QuerySet):
    def for_variants(self, variants: Iterable):
        return self.filter(variant_id__in=variant_ids(variants))

    def available_by_variant(self) -> dict[int, int]:
        """``{variant_id: on hand − reserved}`` summed over locations, in one query.

        Variants without a stock row are absent: callers treat them as zero.
        """
        rows = (
            self.order_by()
            .values("variant_id")
            .annotate(available=Coalesce(Sum(F("on_hand") - F("reserved")), 0))
            .values_list("variant_id", "available")
        )
        return dict(rows)


class ReservationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status="active")

    def expired(self, now: datetime):
        """Active holds whose time is up (the expiry sweep's work list)."""
        return self.active().filter(expires_at__lte=now)

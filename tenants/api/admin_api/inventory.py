"""Admin API: locations and inventory levels (Shopify's ``inventory_levels/set`` and
``adjust``). ``inventory_item_id`` is the variant's id: Souk keeps stock per variant.
Writes go through ``inventory.services``: on hand never below what checkouts hold."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from api.admin_api.common import ListParams, acting_user, page_body, page_of
from api.auth import scoped
from catalog.models import Variant
from inventory.models import Location, StockLevel
from inventory.services import stock_adjust, stock_set

router = Router(tags=["inventory"])

REASONS = "^(received|count|correction|damaged|returned)$"


class LocationOut(Schema):
    id: int
    name: str
    address1: str
    city: str
    province: str
    zip: str
    country_code: str
    is_default: bool


class LocationList(Schema):
    locations: list[LocationOut]


class LevelOut(Schema):
    inventory_item_id: int
    location_id: int
    on_hand: int
    reserved: int
    available: int
    updated_at: datetime


class LevelPage(Schema):
    inventory_levels: list[LevelOut]
    next: str | None
    previous: str | None


class LevelEnvelope(Schema):
    inventory_level: LevelOut


class LevelFilters(ListParams):
    inventory_item_ids: str | None = Field(None, description="Comma-separated variant ids.")
    location_ids: str | None = Field(None, description="Comma-separated location ids.")


class LevelSet(Schema):
    inventory_item_id: int = Field(..., ge=1, le=2**62)
    location_id: int | None = Field(None, ge=1, le=2**62)
    on_hand: int = Field(..., ge=0, le=1_000_000_000)
    reason: str = Field("count", pattern=REASONS)


class LevelAdjust(Schema):
    inventory_item_id: int = Field(..., ge=1, le=2**62)
    location_id: int | None = Field(None, ge=1, le=2**62)
    available_adjustment: int = Field(..., ge=-1_000_000_000, le=1_000_000_000)
    reason: str = Field("correction", pattern=REASONS)


def _ids(value: str | None, field: str) -> list[int] | None:
    if not value:
        return None
    try:
        return [int(i) for i in value.split(",") if i.strip()]
    except ValueError as exc:
        raise ValidationError({field: _("Give ids separated by commas.")}) from exc


def level_out(level: StockLevel) -> dict:
    return {
        "inventory_item_id": level.variant_id,
        "location_id": level.location_id,
        "on_hand": level.on_hand,
        "reserved": level.reserved,
        "available": level.on_hand - level.reserved,
        "updated_at": level.updated_at,
    }


@router.get("/locations.json", response=LocationList, **scoped("read_inventory"))
def location_list(request):
    return {
        "locations": [
            {
                "id": loc.pk,
                "name": loc.name,
                "address1": loc.address1,
                "city": loc.city,
                "province": loc.province,
                "zip": loc.postal_code,
                "country_code": loc.country,
                "is_default": loc.is_default,
            }
            for loc in Location.objects.order_by("id")
        ]
    }


@router.get("/inventory_levels.json", response=LevelPage, **scoped("read_inventory"))
def level_list(request, response: HttpResponse, filters: Query[LevelFilters]):
    queryset = StockLevel.objects.all()
    if filters.updated_at_min is not None:
        queryset = queryset.filter(updated_at__gte=filters.updated_at_min)
    variant_ids = _ids(filters.inventory_item_ids, "inventory_item_ids")
    if variant_ids is not None:
        queryset = queryset.filter(variant_id__in=variant_ids)
    location_ids = _ids(filters.location_ids, "location_ids")
    if location_ids is not None:
        queryset = queryset.filter(location_id__in=location_ids)
    if filters.since_id is not None:
        queryset = queryset.filter(pk__gt=filters.since_id)
    page = page_of(request, queryset, filters)
    return page_body(response, page, "inventory_levels", [level_out(x) for x in page.items])


def _targets(variant_id: int, location_id: int | None):
    variant = get_object_or_404(Variant, pk=variant_id)
    location = get_object_or_404(Location, pk=location_id) if location_id else None
    return variant, location


@router.post("/inventory_levels/set.json", response=LevelEnvelope, **scoped("write_inventory"))
def level_set(request, payload: LevelSet):
    """Set the count on hand at a location (the default location when none is given)."""
    variant, location = _targets(payload.inventory_item_id, payload.location_id)
    level = stock_set(
        variant=variant,
        location=location,
        on_hand=payload.on_hand,
        reason=payload.reason,
        reference=f"api:{request.auth.name}"[:255],
        user=acting_user(request),
    )
    return {"inventory_level": level_out(level)}


@router.post("/inventory_levels/adjust.json", response=LevelEnvelope, **scoped("write_inventory"))
def level_adjust(request, payload: LevelAdjust):
    """Add or remove units on hand; refused with the numbers if it would go below what
    checkouts hold."""
    variant, location = _targets(payload.inventory_item_id, payload.location_id)
    level = stock_adjust(
        variant=variant,
        location=location,
        delta=payload.available_adjustment,
        reason=payload.reason,
        reference=f"api:{request.auth.name}"[:255],
    )
    return {"inventory_level": level_out(level)}

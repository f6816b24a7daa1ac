"""Admin API: shipping zones with their rates, and tax rates, through
``shipping.services`` and ``taxes.services`` (one zone per country, one tax rate per
country and region: the admin's checks)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from api.admin_api.common import acting_user
from api.admin_api.money import amount
from api.auth import scoped
from shipping.models import ShippingRate, ShippingZone
from shipping.services import shipping_zone_create, shipping_zone_delete, shipping_zone_update
from shops.selectors import shop_currency
from taxes.models import TaxRate
from taxes.services import tax_rate_create, tax_rate_delete, tax_rate_update

router = Router(tags=["shipping and taxes"])

MONEY = {"ge": 0, "le": Decimal("9999999999.99"), "decimal_places": 2}


class RateOut(Schema):
    id: int
    name: str
    kind: str
    price: str
    min_subtotal: str | None
    min_weight_grams: int | None
    max_weight_grams: int | None


class ZoneOut(Schema):
    id: int
    name: str
    countries: list[str]
    rest_of_world: bool
    currency: str
    rates: list[RateOut]
    updated_at: datetime


class ZoneList(Schema):
    shipping_zones: list[ZoneOut]


class ZoneEnvelope(Schema):
    shipping_zone: ZoneOut


class RateIn(Schema):
    id: int | None = None
    name: str = Field(..., min_length=1, max_length=255)
    kind: str = Field("flat", pattern="^(flat|free_over|by_weight)$")
    price: Decimal = Field(..., **MONEY)
    min_subtotal: Decimal | None = Field(None, **MONEY)
    min_weight_grams: int | None = Field(None, ge=0, le=2_000_000_000)
    max_weight_grams: int | None = Field(None, ge=0, le=2_000_000_000)


class ZoneIn(Schema):
    name: str | None = Field(None, max_length=255)
    countries: list[str] | None = Field(None, max_length=300)
    rest_of_world: bool | None = None
    rates: list[RateIn] | None = Field(None, max_length=100)


class ZoneCreate(ZoneIn):
    name: str = Field(..., min_length=1, max_length=255)


class ZoneCreateBody(Schema):
    shipping_zone: ZoneCreate


class ZoneUpdateBody(Schema):
    shipping_zone: ZoneIn


class TaxRateOut(Schema):
    id: int
    country_code: str
    province_code: str
    name: str
    rate: str


class TaxRateList(Schema):
    tax_rates: list[TaxRateOut]


class TaxRateEnvelope(Schema):
    tax_rate: TaxRateOut


class TaxRateIn(Schema):
    country_code: str = Field(..., min_length=2, max_length=2)
    province_code: str = Field("", max_length=8)
    name: str = Field(..., min_length=1, max_length=64)
    rate: Decimal = Field(..., ge=0, le=1, decimal_places=4)


class TaxRateBody(Schema):
    tax_rate: TaxRateIn


def _rate_out(r: ShippingRate, currency: str) -> dict:
    return {
        "id": r.pk,
        "name": r.name,
        "kind": r.kind,
        "price": amount(r.price, currency),
        "min_subtotal": amount(r.min_subtotal, currency),
        "min_weight_grams": r.min_weight_grams,
        "max_weight_grams": r.max_weight_grams,
    }


def zone_out(z: ShippingZone, currency: str) -> dict:
    return {
        "id": z.pk,
        "name": z.name,
        "countries": list(z.countries),
        "rest_of_world": z.rest_of_world,
        "currency": currency,
        "rates": [_rate_out(r, currency) for r in z.rates.all()],
        "updated_at": z.updated_at,
    }


def _zone(pk: int) -> dict:
    zone = get_object_or_404(ShippingZone.objects.prefetch_related("rates"), pk=pk)
    return {"shipping_zone": zone_out(zone, shop_currency())}


def _zone_kwargs(body: ZoneIn) -> dict:
    data = body.model_dump(exclude_unset=True, exclude={"rates"})
    kwargs = {k: v for k, v in data.items() if v is not None}
    if body.rates is not None:
        kwargs["rates"] = [
            {k: v for k, v in r.model_dump().items() if v is not None or k != "id"}
            for r in body.rates
        ]
        for rate in kwargs["rates"]:
            if rate.get("id") is None:
                rate.pop("id", None)
    return kwargs


@router.get("/shipping_zones.json", response=ZoneList, **scoped("read_shipping"))
def zone_list(request):
    currency = shop_currency()
    zones = ShippingZone.objects.prefetch_related("rates").order_by("id")
    return {"shipping_zones": [zone_out(z, currency) for z in zones]}


@router.get("/shipping_zones/{zone_id}.json", response=ZoneEnvelope, **scoped("read_shipping"))
def zone_detail(request, zone_id: int):
    return _zone(zone_id)


@router.post("/shipping_zones.json", response={201: ZoneEnvelope}, **scoped("write_shipping"))
def zone_add(request, payload: ZoneCreateBody):
    zone = shipping_zone_create(user=acting_user(request), **_zone_kwargs(payload.shipping_zone))
    return 201, _zone(zone.pk)


@router.put("/shipping_zones/{zone_id}.json", response=ZoneEnvelope, **scoped("write_shipping"))
def zone_change(request, zone_id: int, payload: ZoneUpdateBody):
    zone = get_object_or_404(ShippingZone, pk=zone_id)
    shipping_zone_update(
        zone=zone, user=acting_user(request), **_zone_kwargs(payload.shipping_zone)
    )
    return _zone(zone.pk)


@router.delete("/shipping_zones/{zone_id}.json", response={200: dict}, **scoped("write_shipping"))
def zone_remove(request, zone_id: int):
    zone = get_object_or_404(ShippingZone, pk=zone_id)
    shipping_zone_delete(zone=zone, user=acting_user(request))
    return 200, {}


def tax_rate_out(t: TaxRate) -> dict:
    return {
        "id": t.pk,
        "country_code": t.country,
        "province_code": t.region,
        "name": t.name,
        "rate": f"{Decimal(t.rate):.4f}",
    }


@router.get("/tax_rates.json", response=TaxRateList, **scoped("read_shipping"))
def tax_rate_list(request):
    return {"tax_rates": [tax_rate_out(t) for t in TaxRate.objects.order_by("id")]}


@router.post("/tax_rates.json", response={201: TaxRateEnvelope}, **scoped("write_shipping"))
def tax_rate_add(request, payload: TaxRateBody):
    body = payload.tax_rate
    rate = tax_rate_create(
        country=body.country_code,
        region=body.province_code,
        name=body.name,
        rate=body.rate,
        user=acting_user(request),
    )
    return 201, {"tax_rate": tax_rate_out(rate)}


@router.put("/tax_rates/{tax_rate_id}.json", response=TaxRateEnvelope, **scoped("write_shipping"))
def tax_rate_change(request, tax_rate_id: int, payload: TaxRateBody):
    body = payload.tax_rate
    rate = tax_rate_update(
        tax_rate=get_object_or_404(TaxRate, pk=tax_rate_id),
        country=body.country_code,
        region=body.province_code,
        name=body.name,
        rate=body.rate,
        user=acting_user(request),
    )
    return {"tax_rate": tax_rate_out(rate)}


@router.delete("/tax_rates/{tax_rate_id}.json", response={200: dict}, **scoped("write_shipping"))
def tax_rate_remove(request, tax_rate_id: int):
    tax_rate_delete(tax_rate=get_object_or_404(TaxRate, pk=tax_rate_id), user=acting_user(request))
    return 200, {}

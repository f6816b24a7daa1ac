"""Admin API: discount codes, through ``discounts.services`` (the admin's checks:
one code per spelling, percentages within 100, dates in order)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from api.admin_api.common import (
    ListParams,
    UtcDateTime,
    acting_user,
    list_filter,
    page_body,
    page_of,
)
from api.admin_api.money import amount
from api.auth import scoped
from catalog.models import Collection
from discounts.models import DiscountCode
from discounts.services import discount_code_create, discount_code_delete, discount_code_update
from shops.selectors import shop_currency

router = Router(tags=["discounts"])

MONEY = {"ge": 0, "le": Decimal("9999999999.99"), "decimal_places": 2}


class DiscountOut(Schema):
    id: int
    code: str
    value_type: str
    value: str
    currency: str
    minimum_subtotal: str | None
    starts_at: datetime | None
    ends_at: datetime | None
    usage_limit: int | None
    once_per_customer_limit: int | None
    applies_to: str
    collection_ids: list[int]
    active: bool
    usage_count: int
    created_at: datetime
    updated_at: datetime


class DiscountPage(Schema):
    discount_codes: list[DiscountOut]
    next: str | None
    previous: str | None


class DiscountEnvelope(Schema):
    discount_code: DiscountOut


class DiscountIn(Schema):
    code: str | None = Field(None, max_length=100)
    value_type: str | None = Field(None, pattern="^(percentage|fixed|free_shipping)$")
    value: Decimal | None = Field(None, **MONEY)
    minimum_subtotal: Decimal | None = Field(None, **MONEY)
    starts_at: UtcDateTime | None = None
    ends_at: UtcDateTime | None = None
    usage_limit: int | None = Field(None, ge=1, le=2_000_000_000)
    once_per_customer_limit: int | None = Field(None, ge=1, le=2_000_000_000)
    applies_to: str | None = Field(None, pattern="^(all|collections)$")
    collection_ids: list[int] | None = Field(None, max_length=250)
    active: bool | None = None


class DiscountCreate(DiscountIn):
    code: str = Field(..., min_length=1, max_length=100)


class DiscountCreateBody(Schema):
    discount_code: DiscountCreate


class DiscountUpdateBody(Schema):
    discount_code: DiscountIn


def discount_out(d: DiscountCode, currency: str) -> dict:
    return {
        "id": d.pk,
        "code": d.code,
        "value_type": d.kind,
        "value": str(d.value)
        if d.kind == DiscountCode.Kind.PERCENTAGE
        else amount(d.value, currency),
        "currency": currency,
        "minimum_subtotal": amount(d.minimum_subtotal, currency),
        "starts_at": d.starts_at,
        "ends_at": d.ends_at,
        "usage_limit": d.usage_limit,
        "once_per_customer_limit": d.per_customer_limit,
        "applies_to": d.applies_to,
        "collection_ids": [c.pk for c in d.collections.all()],
        "active": d.is_active,
        "usage_count": d.times_used,
        "created_at": d.created_at,
        "updated_at": d.updated_at,
    }


def _one(pk: int) -> dict:
    d = get_object_or_404(DiscountCode.objects.prefetch_related("collections"), pk=pk)
    return {"discount_code": discount_out(d, shop_currency())}


_NAMES = {
    "value_type": "kind",
    "once_per_customer_limit": "per_customer_limit",
    "active": "is_active",
}


def _kwargs(body: DiscountIn) -> dict:
    data = body.model_dump(exclude_unset=True)
    kwargs = {_NAMES.get(k, k): v for k, v in data.items() if k != "collection_ids"}
    if body.collection_ids is not None:
        kwargs["collections"] = list(Collection.objects.filter(pk__in=body.collection_ids))
    for key in ("kind", "applies_to", "is_active", "code"):
        if key in kwargs and kwargs[key] is None:
            del kwargs[key]
    return kwargs


@router.get("/discount_codes.json", response=DiscountPage, **scoped("read_discounts"))
def discount_list(request, response: HttpResponse, filters: Query[ListParams]):
    queryset = list_filter(DiscountCode.objects.prefetch_related("collections"), filters)
    page = page_of(request, queryset, filters)
    currency = shop_currency()
    return page_body(
        response, page, "discount_codes", [discount_out(d, currency) for d in page.items]
    )


@router.get(
    "/discount_codes/{discount_id}.json", response=DiscountEnvelope, **scoped("read_discounts")
)
def discount_detail(request, discount_id: int):
    return _one(discount_id)


@router.post("/discount_codes.json", response={201: DiscountEnvelope}, **scoped("write_discounts"))
def discount_add(request, payload: DiscountCreateBody):
    discount = discount_code_create(user=acting_user(request), **_kwargs(payload.discount_code))
    return 201, _one(discount.pk)


@router.put(
    "/discount_codes/{discount_id}.json", response=DiscountEnvelope, **scoped("write_discounts")
)
def discount_change(request, discount_id: int, payload: DiscountUpdateBody):
    discount = get_object_or_404(DiscountCode, pk=discount_id)
    discount_code_update(
        discount=discount, user=acting_user(request), **_kwargs(payload.discount_code)
    )
    return _one(discount.pk)


@router.delete(
    "/discount_codes/{discount_id}.json", response={200: dict}, **scoped("write_discounts")
)
def discount_remove(request, discount_id: int):
    discount = get_object_or_404(DiscountCode, pk=discount_id)
    discount_code_delete(discount=discount, user=acting_user(request))
    return 200, {}

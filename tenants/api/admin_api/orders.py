"""Admin API: orders — list, retrieve, fulfil, cancel, refund, note (Shopify names).

Each action is the order admin's: ``orders.services`` for fulfil, cancel and note, and
the refund through ``checkout.dispatch.order_refund`` (the seam the admin's refund
uses), which records the refund and gives the money back through the payment
provider. A refund above what is left is refused by that service, with what is left.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from api.admin_api.common import ListParams, actor, list_filter, page_body, page_of
from api.admin_api.money import amount
from api.auth import scoped
from api.problems import ApiProblem
from checkout import dispatch
from orders.models import Order, OrderLine
from orders.services import order_add_note, order_cancel, order_fulfil

router = Router(tags=["orders"])


class LineOut(Schema):
    id: int
    variant_id: int | None
    title: str
    variant_title: str
    sku: str
    quantity: int
    price: str
    total_discount: str
    tax: str
    requires_shipping: bool
    fulfillable_quantity: int
    fulfilled_quantity: int
    refunded_quantity: int


class OrderOut(Schema):
    id: int
    name: str
    order_number: int
    email: str
    currency: str
    subtotal_price: str
    total_discounts: str
    total_shipping: str
    total_tax: str
    total_price: str
    total_refunded: str
    taxes_included: bool
    discount_codes: list[str]
    financial_status: str
    fulfillment_status: str
    cancelled_at: datetime | None
    cancel_reason: str
    processed_at: datetime
    updated_at: datetime
    note: str
    tags: str
    test: bool
    shipping_address: dict[str, Any] | None
    billing_address: dict[str, Any] | None
    line_items: list[LineOut]


class OrderPage(Schema):
    orders: list[OrderOut]
    next: str | None
    previous: str | None


class OrderEnvelope(Schema):
    order: OrderOut


class OrderFilters(ListParams):
    financial_status: str | None = Field(None, max_length=30)
    fulfillment_status: str | None = Field(None, max_length=30)
    status: str | None = Field(None, pattern="^(open|cancelled|any)$")
    email: str | None = Field(None, max_length=254)
    name: str | None = Field(None, max_length=20, description="Order number, e.g. #1001.")


class LineQuantity(Schema):
    id: int = Field(..., ge=1, le=2**62)
    quantity: int = Field(..., ge=1, le=1_000_000)


class FulfilIn(Schema):
    line_items: list[LineQuantity] | None = Field(None, description="Omit for everything left.")
    tracking_company: str = Field("", max_length=100)
    tracking_number: str = Field("", max_length=100)
    tracking_url: str = Field("", max_length=500)
    notify_customer: bool = False


class CancelIn(Schema):
    reason: str = Field("other", max_length=500)
    restock: bool = True


class RefundIn(Schema):
    amount: Decimal | None = Field(None, gt=0, le=Decimal("9999999999.99"), decimal_places=2)
    line_items: list[LineQuantity] | None = None
    restock: bool = True
    notify: bool = False
    note: str = Field("", max_length=500)


class NoteIn(Schema):
    note: str = Field(..., min_length=1, max_length=5000)


def _for_api(queryset):
    return queryset.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("position", "id"))
    )


def _line_out(line: OrderLine, currency: str) -> dict:
    return {
        "id": line.pk,
        "variant_id": line.variant_id,
        "title": line.product_title,
        "variant_title": line.variant_title,
        "sku": line.sku,
        "quantity": line.quantity,
        "price": amount(line.unit_price, currency),
        "total_discount": amount(line.line_discount, currency),
        "tax": amount(line.tax_amount, currency),
        "requires_shipping": line.requires_shipping,
        "fulfillable_quantity": line.fulfillable_quantity,
        "fulfilled_quantity": line.fulfilled_quantity,
        "refunded_quantity": line.refunded_quantity,
    }


def order_out(order: Order) -> dict:
    c = order.currency
    return {
        "id": order.pk,
        "name": str(order),
        "order_number": order.number,
        "email": order.email,
        "currency": c,
        "subtotal_price": amount(order.subtotal, c),
        "total_discounts": amount(order.discount_total, c),
        "total_shipping": amount(order.shipping_total, c),
        "total_tax": amount(order.tax_total, c),
        "total_price": amount(order.total, c),
        "total_refunded": amount(order.refunded_total, c),
        "taxes_included": order.prices_include_tax,
        "discount_codes": [order.discount_code] if order.discount_code else [],
        "financial_status": order.financial_status,
        "fulfillment_status": order.fulfilment_status,
        "cancelled_at": order.cancelled_at,
        "cancel_reason": order.cancel_reason,
        "processed_at": order.placed_at,
        "updated_at": order.updated_at,
        "note": order.note,
        "tags": ", ".join(order.tags),
        "test": order.test,
        "shipping_address": order.shipping_address,
        "billing_address": order.billing_address,
        "line_items": [_line_out(line, c) for line in order.lines.all()],
    }


def _one(pk: int) -> dict:
    return {"order": order_out(get_object_or_404(_for_api(Order.objects), pk=pk))}


def _lines(given: list[LineQuantity] | None) -> dict[int, int] | None:
    return {x.id: x.quantity for x in given} if given else None


@router.get("/orders.json", response=OrderPage, **scoped("read_orders"))
def order_list(request, response: HttpResponse, filters: Query[OrderFilters]):
    """Orders, oldest first. ``status``: open (default: any), cancelled, any."""
    queryset = Order.objects.all()
    if filters.created_at_min is not None:
        queryset = queryset.filter(placed_at__gte=filters.created_at_min)
        filters.created_at_min = None
    queryset = list_filter(queryset, filters)
    if filters.financial_status:
        queryset = queryset.filter(financial_status=filters.financial_status)
    if filters.fulfillment_status:
        queryset = queryset.filter(fulfilment_status=filters.fulfillment_status)
    if filters.status == "open":
        queryset = queryset.filter(cancelled_at__isnull=True)
    elif filters.status == "cancelled":
        queryset = queryset.filter(cancelled_at__isnull=False)
    if filters.email:
        queryset = queryset.filter(email__iexact=filters.email)
    if filters.name:
        digits = filters.name.lstrip("#")
        queryset = queryset.filter(Q(number=int(digits)) if digits.isdigit() else Q(pk__in=[]))
    page = page_of(request, _for_api(queryset), filters)
    return page_body(response, page, "orders", [order_out(o) for o in page.items])


@router.get("/orders/count.json", response=dict[str, int], **scoped("read_orders"))
def order_count(request):
    return {"count": Order.objects.count()}


@router.get("/orders/{order_id}.json", response=OrderEnvelope, **scoped("read_orders"))
def order_detail(request, order_id: int):
    return _one(order_id)


@router.post(
    "/orders/{order_id}/fulfillments.json", response=OrderEnvelope, **scoped("write_orders")
)
def order_fulfil_items(request, order_id: int, payload: FulfilIn):
    order = get_object_or_404(Order, pk=order_id)
    order_fulfil(
        order=order,
        lines=_lines(payload.line_items),
        carrier=payload.tracking_company,
        tracking_number=payload.tracking_number,
        tracking_url=payload.tracking_url,
        notify=payload.notify_customer,
        actor=actor(request),
    )
    return _one(order.pk)


@router.post("/orders/{order_id}/cancel.json", response=OrderEnvelope, **scoped("write_orders"))
def order_cancel_it(request, order_id: int, payload: CancelIn):
    order = get_object_or_404(Order, pk=order_id)
    order_cancel(order=order, reason=payload.reason, restock=payload.restock, actor=actor(request))
    return _one(order.pk)


@router.post("/orders/{order_id}/refunds.json", response=OrderEnvelope, **scoped("write_orders"))
def order_refund_it(request, order_id: int, payload: RefundIn):
    """Refund an amount or items; the money goes back through the payment provider."""
    order = get_object_or_404(Order, pk=order_id)
    try:
        dispatch.order_refund(
            order=order,
            amount=payload.amount,
            lines=_lines(payload.line_items),
            restock=payload.restock,
            notify=payload.notify,
            reason=payload.note,
            actor=actor(request),
        )
    except ValidationError as error:
        order.refresh_from_db()
        left = order.total - order.refunded_total
        raise ApiProblem(
            422,
            "refund-refused",
            "The refund was refused",
            " ".join(error.messages),
            remaining=amount(left, order.currency),
            errors=[
                {"field": f if f != "__all__" else "", "message": str(m)}
                for f, ms in getattr(error, "message_dict", {"": error.messages}).items()
                for m in ms
            ],
        ) from error
    return _one(order.pk)


@router.post("/orders/{order_id}/notes.json", response=OrderEnvelope, **scoped("write_orders"))
def order_note(request, order_id: int, payload: NoteIn):
    order = get_object_or_404(Order, pk=order_id)
    order_add_note(order=order, text=payload.note, actor=actor(request))
    return _one(order.pk)

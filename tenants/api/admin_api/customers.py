"""Admin API: customers with their addresses (read), create and update through
``customers.services`` (duplicate e-mails refused, audit entry naming the app).
Addresses belong to the shopper's account; a customer without one has none."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from api.admin_api.common import ListParams, acting_user, list_filter, page_body, page_of
from api.auth import scoped
from customers.models import Address, Customer
from customers.services import customer_create, customer_update

router = Router(tags=["customers"])


class AddressOut(Schema):
    id: int
    name: str
    company: str
    address1: str
    address2: str
    city: str
    province: str
    zip: str
    country_code: str
    default: bool


class CustomerOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    phone: str
    accepts_marketing: bool
    note: str
    tags: str
    created_at: datetime
    updated_at: datetime
    addresses: list[AddressOut]


class CustomerPage(Schema):
    customers: list[CustomerOut]
    next: str | None
    previous: str | None


class CustomerEnvelope(Schema):
    customer: CustomerOut


class CustomerIn(Schema):
    email: str | None = Field(None, max_length=254)
    first_name: str | None = Field(None, max_length=150)
    last_name: str | None = Field(None, max_length=150)
    phone: str | None = Field(None, max_length=40)
    accepts_marketing: bool | None = None
    note: str | None = Field(None, max_length=5000)
    tags: str | list[str] | None = None


class CustomerCreate(CustomerIn):
    email: str = Field(..., min_length=3, max_length=254)


class CustomerCreateBody(Schema):
    customer: CustomerCreate


class CustomerUpdateBody(Schema):
    customer: CustomerIn


class CustomerFilters(ListParams):
    email: str | None = Field(None, max_length=254)


def _for_api(queryset):
    return queryset.select_related("user").prefetch_related(
        Prefetch("user__addresses", queryset=Address.objects.order_by("id"))
    )


def _address_out(a: Address) -> dict:
    return {
        "id": a.pk,
        "name": a.name,
        "company": a.company,
        "address1": a.line1,
        "address2": a.line2,
        "city": a.city,
        "province": a.region,
        "zip": a.postal_code,
        "country_code": str(a.country),
        "default": a.is_default,
    }


def customer_out(c: Customer) -> dict:
    return {
        "id": c.pk,
        "email": c.email,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "phone": c.phone,
        "accepts_marketing": c.accepts_marketing,
        "note": c.note,
        "tags": ", ".join(c.tags),
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "addresses": [_address_out(a) for a in c.user.addresses.all()] if c.user else [],
    }


def _one(pk: int) -> dict:
    return {"customer": customer_out(get_object_or_404(_for_api(Customer.objects), pk=pk))}


def _changes(body: CustomerIn) -> dict:
    return {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}


@router.get("/customers.json", response=CustomerPage, **scoped("read_customers"))
def customer_list(request, response: HttpResponse, filters: Query[CustomerFilters]):
    queryset = list_filter(Customer.objects.all(), filters)
    if filters.email:
        queryset = queryset.filter(email__iexact=filters.email)
    page = page_of(request, _for_api(queryset), filters)
    return page_body(response, page, "customers", [customer_out(c) for c in page.items])


@router.get("/customers/{customer_id}.json", response=CustomerEnvelope, **scoped("read_customers"))
def customer_detail(request, customer_id: int):
    return _one(customer_id)


@router.post("/customers.json", response={201: CustomerEnvelope}, **scoped("write_customers"))
def customer_add(request, payload: CustomerCreateBody):
    customer = customer_create(user=acting_user(request), **_changes(payload.customer))
    return 201, _one(customer.pk)


@router.put("/customers/{customer_id}.json", response=CustomerEnvelope, **scoped("write_customers"))
def customer_change(request, customer_id: int, payload: CustomerUpdateBody):
    customer = get_object_or_404(Customer, pk=customer_id)
    customer_update(customer=customer, user=acting_user(request), **_changes(payload.customer))
    return _one(customer.pk)

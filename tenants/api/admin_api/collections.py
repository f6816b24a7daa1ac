"""Admin API: collections, manual (``collects``: the products in order) and automatic
(``rules`` with ``disjunctive``, Shopify's smart collections). Writes go through
``catalog.services.collections``."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from api.admin_api.common import ListParams, acting_user, list_filter, page_body, page_of
from api.auth import scoped
from catalog.models import Collection, CollectionProduct, CollectionRule
from catalog.services.collections import collection_create, collection_delete, collection_update

router = Router(tags=["collections"])


class RuleIO(Schema):
    column: str = Field(..., max_length=16)
    relation: str = Field(..., max_length=16)
    condition: str = Field(..., max_length=255)


class CollectionOut(Schema):
    id: int
    title: str
    handle: str
    body_html: str
    collection_type: str
    disjunctive: bool
    published: bool
    rules: list[RuleIO]
    product_ids: list[int] | None
    created_at: datetime
    updated_at: datetime


class CollectionPage(Schema):
    collections: list[CollectionOut]
    next: str | None
    previous: str | None


class CollectionEnvelope(Schema):
    collection: CollectionOut


class CollectionIn(Schema):
    title: str | None = Field(None, max_length=255)
    handle: str | None = Field(None, max_length=255)
    body_html: str | None = Field(None, max_length=100_000)
    published: bool | None = None
    disjunctive: bool | None = None
    rules: list[RuleIO] | None = Field(None, max_length=60)
    product_ids: list[int] | None = Field(None, max_length=5000)


class CollectionCreate(CollectionIn):
    title: str = Field(..., min_length=1, max_length=255)
    collection_type: str = Field("manual", pattern="^(manual|automatic)$")


class CollectionCreateBody(Schema):
    collection: CollectionCreate


class CollectionUpdateBody(Schema):
    collection: CollectionIn


class CollectionFilters(ListParams):
    handle: str | None = None
    title: str | None = None
    collection_type: str | None = Field(None, pattern="^(manual|automatic)$")


def _for_api(queryset):
    return queryset.prefetch_related(
        Prefetch("rules", queryset=CollectionRule.objects.order_by("id")),
        Prefetch("memberships", queryset=CollectionProduct.objects.order_by("position", "id")),
    )


def collection_out(collection: Collection) -> dict:
    manual = collection.kind == Collection.Kind.MANUAL
    return {
        "id": collection.pk,
        "title": collection.title,
        "handle": collection.handle,
        "body_html": collection.description,
        "collection_type": collection.kind,
        "disjunctive": collection.match == Collection.Match.ANY,
        "published": collection.is_published,
        "rules": [
            {"column": r.field, "relation": r.relation, "condition": r.value}
            for r in collection.rules.all()
        ],
        "product_ids": [m.product_id for m in collection.memberships.all()] if manual else None,
        "created_at": collection.created_at,
        "updated_at": collection.updated_at,
    }


def _one(pk: int) -> dict:
    return {"collection": collection_out(get_object_or_404(_for_api(Collection.objects), pk=pk))}


def _kwargs(body: CollectionIn) -> dict:
    data = body.model_dump(exclude_unset=True)
    kwargs: dict = {}
    for src, dst in (
        ("title", "title"),
        ("handle", "handle"),
        ("body_html", "description"),
        ("published", "is_published"),
    ):
        if src in data and data[src] is not None:
            kwargs[dst] = data[src]
    if data.get("disjunctive") is not None:
        kwargs["match"] = Collection.Match.ANY if data["disjunctive"] else Collection.Match.ALL
    if body.rules is not None:
        kwargs["rules"] = [
            {"field": r.column, "relation": r.relation, "value": r.condition} for r in body.rules
        ]
    if body.product_ids is not None:
        kwargs["products"] = body.product_ids
    return kwargs


@router.get("/collections.json", response=CollectionPage, **scoped("read_products"))
def collection_list(request, response: HttpResponse, filters: Query[CollectionFilters]):
    queryset = list_filter(Collection.objects.all(), filters)
    if filters.handle:
        queryset = queryset.filter(handle=filters.handle)
    if filters.title:
        queryset = queryset.filter(title__icontains=filters.title)
    if filters.collection_type:
        queryset = queryset.filter(kind=filters.collection_type)
    page = page_of(request, _for_api(queryset), filters)
    return page_body(response, page, "collections", [collection_out(c) for c in page.items])


@router.get(
    "/collections/{collection_id}.json", response=CollectionEnvelope, **scoped("read_products")
)
def collection_detail(request, collection_id: int):
    return _one(collection_id)


@router.post("/collections.json", response={201: CollectionEnvelope}, **scoped("write_products"))
def collection_add(request, payload: CollectionCreateBody):
    body = payload.collection
    collection = collection_create(
        kind=body.collection_type, user=acting_user(request), **_kwargs(body)
    )
    return 201, _one(collection.pk)


@router.put(
    "/collections/{collection_id}.json", response=CollectionEnvelope, **scoped("write_products")
)
def collection_change(request, collection_id: int, payload: CollectionUpdateBody):
    collection = get_object_or_404(Collection, pk=collection_id)
    collection_update(
        collection=collection, user=acting_user(request), **_kwargs(payload.collection)
    )
    return _one(collection.pk)


@router.delete(
    "/collections/{collection_id}.json", response={200: dict}, **scoped("write_products")
)
def collection_remove(request, collection_id: int):
    collection = get_object_or_404(Collection, pk=collection_id)
    collection_delete(collection=collection, user=acting_user(request))
    return 200, {}

"""The Storefront API, version 2026-12: what the storefront shows, for headless shops.

Published products (active, as the storefront lists them) with variants and
availability, published collections with their products, shop info; carts, checkout
and customer accounts (``api.storefront_api.shopping``).
Authenticated by a public storefront token; CORS for the shop's domains and the
token's origins (``api.gate.storefront_gate``).
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from api.admin_api.common import ListParams, page_body, page_of
from api.admin_api.products import ProductOut, products_for_api, products_out
from api.ninja_api import SoukApi
from api.storefront_api import shopping
from api.storefront_api.auth import StorefrontTokenAuth
from catalog.models import Collection, Product
from catalog.selectors import collection_products
from shops.models import Shop

VERSION = "2026-12"

router = Router(tags=["storefront"])


class StorefrontProductPage(Schema):
    products: list[ProductOut]
    next: str | None
    previous: str | None


class StorefrontProduct(Schema):
    product: ProductOut


class StorefrontCollection(Schema):
    id: int
    title: str
    handle: str
    body_html: str


class StorefrontCollectionPage(Schema):
    collections: list[StorefrontCollection]
    next: str | None
    previous: str | None


class StorefrontShop(Schema):
    name: str
    currency: str
    country_code: str


def _collection_out(c: Collection) -> dict:
    return {"id": c.pk, "title": c.title, "handle": c.handle, "body_html": c.description}


@router.get("/products.json", response=StorefrontProductPage)
def sf_products(request, response: HttpResponse, limit: int = 50, page_info: str | None = None):
    params = ListParams(limit=max(1, min(limit, 250)), page_info=page_info)
    page = page_of(request, products_for_api(Product.objects.active()), params)
    return page_body(response, page, "products", products_out(page.items))


@router.get("/products/{handle}.json", response=StorefrontProduct)
def sf_product(request, handle: str):
    product = get_object_or_404(products_for_api(Product.objects.active()), handle=handle)
    return {"product": products_out([product])[0]}


@router.get("/collections.json", response=StorefrontCollectionPage)
def sf_collections(request, response: HttpResponse, limit: int = 50, page_info: str | None = None):
    params = ListParams(limit=max(1, min(limit, 250)), page_info=page_info)
    page = page_of(request, Collection.objects.published(), params)
    return page_body(response, page, "collections", [_collection_out(c) for c in page.items])


@router.get("/collections/{handle}/products.json", response=StorefrontProductPage)
def sf_collection_products(
    request, response: HttpResponse, handle: str, limit: int = 50, page_info: str | None = None
):
    collection = get_object_or_404(Collection.objects.published(), handle=handle)
    params = ListParams(limit=max(1, min(limit, 250)), page_info=page_info)
    page = page_of(request, products_for_api(collection_products(collection)), params)
    return page_body(response, page, "products", products_out(page.items))


@router.get("/shop.json", response=StorefrontShop)
def sf_shop(request):
    shop = Shop.objects.get(schema_name=connection.schema_name)
    return {"name": shop.name, "currency": shop.currency, "country_code": shop.country}


storefront_api = SoukApi(
    kind="storefront",
    title="Souk Storefront API",
    version=VERSION,
    description="What a shop's storefront shows, for headless storefronts. See docs/api.md.",
    urls_namespace=f"storefront_api_{VERSION.replace('-', '_')}",
    docs_url="/docs/",
    openapi_url="/openapi.json",
    auth=StorefrontTokenAuth(),
)
storefront_api.add_router("", router)
storefront_api.add_router("", shopping.router)

"""Admin API: products with their variants, options and images (Shopify REST names).

Reads: one query for the page, one per prefetched relation (variants, images) and one
for stock, whatever the page size. Writes: ``catalog.services`` (the product editor's
path): plan limit, SKU and handle checks, the audit entry naming the app. Images are
given as ``src`` (fetched through ``kernel.outbound_http``, the SSRF-guarded fetcher)
or ``attachment`` (base64), and land in the shop's image library like an upload.
"""

from __future__ import annotations

import base64
import binascii
import os
from datetime import datetime
from decimal import Decimal
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from api.admin_api.common import ListParams, acting_user, list_filter, page_body, page_of
from api.admin_api.money import amount
from api.auth import scoped
from catalog.models import Product, ProductImage, Variant
from catalog.services.images import product_image_upload
from catalog.services.product_validation import VARIANT_FIELDS
from catalog.services.products import product_create, product_delete, product_update
from inventory.selectors import available_quantities
from kernel import outbound_http
from shops.selectors import shop_currency

router = Router(tags=["products"])

IMAGE_MAX_BYTES = 20 * 1024 * 1024


class OptionOut(Schema):
    name: str
    position: int
    values: list[str]


class VariantOut(Schema):
    id: int
    product_id: int
    title: str
    price: str
    compare_at_price: str | None
    currency: str
    sku: str
    barcode: str
    position: int
    option1: str | None
    option2: str | None
    option3: str | None
    grams: int
    requires_shipping: bool
    taxable: bool
    inventory_policy: str
    inventory_quantity: int
    created_at: datetime
    updated_at: datetime


class ImageOut(Schema):
    id: int
    product_id: int
    position: int
    alt: str
    src: str
    width: int
    height: int


class ProductOut(Schema):
    id: int
    title: str
    body_html: str
    vendor: str
    product_type: str
    handle: str
    status: str
    tags: str
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    options: list[OptionOut]
    variants: list[VariantOut]
    images: list[ImageOut]


class ProductPage(Schema):
    products: list[ProductOut]
    next: str | None
    previous: str | None


class ProductEnvelope(Schema):
    product: ProductOut


class ProductFilters(ListParams):
    ids: str | None = Field(None, description="Comma-separated product ids.")
    title: str | None = None
    vendor: str | None = None
    product_type: str | None = None
    handle: str | None = None
    status: str | None = Field(None, pattern="^(active|draft|archived)$")


class OptionIn(Schema):
    name: str = Field(..., max_length=255)
    values: list[str] = Field(default_factory=list, max_length=100)


class VariantIn(Schema):
    id: int | None = None
    option1: str | None = Field(None, max_length=255)
    option2: str | None = Field(None, max_length=255)
    option3: str | None = Field(None, max_length=255)
    price: Decimal | None = Field(None, ge=0, le=Decimal("9999999999.99"), decimal_places=2)
    compare_at_price: Decimal | None = Field(
        None, ge=0, le=Decimal("9999999999.99"), decimal_places=2
    )
    sku: str | None = Field(None, max_length=255)
    barcode: str | None = Field(None, max_length=255)
    grams: int | None = Field(None, ge=0, le=2_000_000_000)
    requires_shipping: bool | None = None
    taxable: bool | None = None
    inventory_policy: str | None = Field(None, pattern="^(deny|continue)$")


class ImageIn(Schema):
    id: int | None = None
    src: str | None = Field(None, max_length=2000, description="URL to fetch the image from.")
    attachment: str | None = Field(None, description="The image file, base64-encoded.")
    filename: str | None = Field(None, max_length=200)
    alt: str | None = Field(None, max_length=255)


class ProductIn(Schema):
    title: str | None = Field(None, max_length=255)
    body_html: str | None = Field(None, max_length=200_000)
    vendor: str | None = Field(None, max_length=255)
    product_type: str | None = Field(None, max_length=255)
    handle: str | None = Field(None, max_length=255)
    status: str | None = Field(None, pattern="^(active|draft|archived)$")
    tags: str | list[str] | None = None
    options: list[OptionIn] | None = Field(None, max_length=3)
    variants: list[VariantIn] | None = Field(None, max_length=2048)
    images: list[ImageIn] | None = Field(None, max_length=50)


class ProductCreate(ProductIn):
    title: str = Field(..., min_length=1, max_length=255)


class ProductCreateBody(Schema):
    product: ProductCreate


class ProductUpdateBody(Schema):
    product: ProductIn


# --- Reading ---------------------------------------------------------------------


def products_for_api(queryset):
    return queryset.prefetch_related(
        Prefetch("variants", queryset=Variant.objects.order_by("position", "id")),
        Prefetch(
            "images",
            queryset=ProductImage.objects.select_related("image").order_by("position", "id"),
        ),
    )


def _image_out(row: ProductImage) -> dict:
    image = row.image
    return {
        "id": row.pk,
        "product_id": row.product_id,
        "position": row.position + 1,
        "alt": row.alt_text,
        "src": image.file.url,
        "width": image.width,
        "height": image.height,
    }


def _variant_out(variant: Variant, currency: str, available: dict[int, int]) -> dict:
    return {
        "id": variant.pk,
        "product_id": variant.product_id,
        "title": variant.title or "Default Title",
        "price": amount(variant.price, currency),
        "compare_at_price": amount(variant.compare_at_price, currency),
        "currency": currency,
        "sku": variant.sku,
        "barcode": variant.barcode,
        "position": variant.position + 1,
        "option1": variant.option1 or None,
        "option2": variant.option2 or None,
        "option3": variant.option3 or None,
        "grams": variant.weight_grams,
        "requires_shipping": variant.requires_shipping,
        "taxable": variant.taxable,
        "inventory_policy": variant.inventory_policy,
        "inventory_quantity": available.get(variant.pk, 0),
        "created_at": variant.created_at,
        "updated_at": variant.updated_at,
    }


def product_out(product: Product, currency: str, available: dict[int, int]) -> dict:
    variants = list(product.variants.all())
    options = []
    for i, name in enumerate(product.option_names):
        values: list[str] = []
        for variant in variants:
            value = getattr(variant, f"option{i + 1}")
            if value and value not in values:
                values.append(value)
        options.append({"name": name, "position": i + 1, "values": values})
    return {
        "id": product.pk,
        "title": product.title,
        "body_html": product.description,
        "vendor": product.vendor,
        "product_type": product.product_type,
        "handle": product.handle,
        "status": product.status,
        "tags": ", ".join(product.tags),
        "published_at": product.published_at,
        "created_at": product.created_at,
        "updated_at": product.updated_at,
        "options": options,
        "variants": [_variant_out(v, currency, available) for v in variants],
        "images": [_image_out(row) for row in product.images.all()],
    }


def products_out(products: list[Product]) -> list[dict]:
    currency = shop_currency()
    available = available_quantities(v for p in products for v in p.variants.all())
    return [product_out(p, currency, available) for p in products]


def _one(product_id: int) -> dict:
    product = get_object_or_404(products_for_api(Product.objects.all()), pk=product_id)
    return {"product": products_out([product])[0]}


@router.get("/products.json", response=ProductPage, **scoped("read_products"))
def product_list(request, response: HttpResponse, filters: Query[ProductFilters]):
    """Products, oldest first; filter by ids, title, vendor, type, handle, status."""
    queryset = list_filter(Product.objects.all(), filters)
    if filters.ids:
        try:
            ids = [int(i) for i in filters.ids.split(",") if i.strip()]
        except ValueError as exc:
            raise ValidationError({"ids": _("Give product ids separated by commas.")}) from exc
        queryset = queryset.filter(pk__in=ids)
    for field in ("vendor", "product_type", "handle", "status"):
        value = getattr(filters, field)
        if value:
            queryset = queryset.filter(**{field: value})
    if filters.title:
        queryset = queryset.filter(title__icontains=filters.title)
    page = page_of(request, products_for_api(queryset), filters)
    return page_body(response, page, "products", products_out(page.items))


@router.get("/products/count.json", response=dict[str, int], **scoped("read_products"))
def product_count(request):
    return {"count": Product.objects.count()}


@router.get("/products/{product_id}.json", response=ProductEnvelope, **scoped("read_products"))
def product_detail(request, product_id: int):
    return _one(product_id)


# --- Writing ---------------------------------------------------------------------


def _image_file(given: ImageIn) -> ContentFile:
    """The picture's bytes, from ``attachment`` or fetched from ``src`` (SSRF-guarded)."""
    if given.attachment:
        try:
            data = base64.b64decode(given.attachment, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationError({"images": _("The attachment is not base64.")}) from exc
        return ContentFile(data, name=given.filename or "image")
    try:
        fetched = outbound_http.request(
            "GET", given.src, allow_http=True, max_bytes=IMAGE_MAX_BYTES
        )
    except outbound_http.OutboundRefused as exc:
        raise ValidationError(
            {"images": _("That image URL is refused: %(e)s") % {"e": exc}}
        ) from exc
    except outbound_http.OutboundFailed as exc:
        raise ValidationError(
            {"images": _("The image could not be fetched: %(e)s") % {"e": exc}}
        ) from exc
    if fetched.status != 200:
        raise ValidationError(
            {"images": _("The image URL answered %(s)s, not 200.") % {"s": fetched.status}}
        )
    name = os.path.basename(urlsplit(given.src).path) or given.filename or "image"
    return ContentFile(fetched.body, name=name)


def _images(given: list[ImageIn], user) -> list[dict]:
    rows = []
    for image in given:
        if image.id and not (image.src or image.attachment):
            own = ProductImage.objects.filter(pk=image.id).values_list("image_id", flat=True)
            rows.append({"id": image.id, "image": own.first(), "alt_text": image.alt or ""})
            continue
        if not (image.src or image.attachment):
            raise ValidationError({"images": _("Give each image a src URL or an attachment.")})
        stored = product_image_upload(file=_image_file(image), user=user)
        rows.append({"id": image.id, "image": stored, "alt_text": image.alt or ""})
    return rows


_KEPT_VARIANT_FIELDS = tuple(sorted(VARIANT_FIELDS - {"position"}))


def _variant_fields(variant: VariantIn, current: dict[int, dict]) -> dict:
    """The service's variant dict: an existing variant keeps the fields not given."""
    data = variant.model_dump(exclude_unset=True)
    if "grams" in data:
        data["weight_grams"] = data.pop("grams")
    for key in ("option1", "option2", "option3", "sku", "barcode"):
        if key in data and data[key] is None:
            data[key] = ""
    data = {k: v for k, v in data.items() if v is not None or k == "compare_at_price"}
    if variant.id is not None:
        return {**current.get(variant.id, {}), **data}
    return data


def _service_kwargs(body: ProductIn, user, product: Product | None = None) -> dict:
    data = body.model_dump(exclude_unset=True)
    kwargs: dict = {}
    for src, dst in (
        ("title", "title"),
        ("body_html", "description"),
        ("vendor", "vendor"),
        ("product_type", "product_type"),
        ("handle", "handle"),
        ("status", "status"),
    ):
        if src in data:
            kwargs[dst] = data[src] if data[src] is not None else ""
    if "tags" in data:
        kwargs["tags"] = data["tags"] or ()
    if body.options is not None:
        kwargs["options"] = [(o.name, o.values) for o in body.options]
    if body.variants is not None:
        current = {}
        if product is not None:
            for row in product.variants.values("id", *_KEPT_VARIANT_FIELDS):
                current[row["id"]] = row
        kwargs["variants"] = [_variant_fields(v, current) for v in body.variants]
    if body.images is not None:
        kwargs["images"] = _images(body.images, user)
    return kwargs


@router.post("/products.json", response={201: ProductEnvelope}, **scoped("write_products"))
def product_add(request, payload: ProductCreateBody, response: HttpResponse):
    """Create a product with its options, variants and images (within the plan's limit)."""
    user = acting_user(request)
    with transaction.atomic():
        kwargs = _service_kwargs(payload.product, user)
        if kwargs.get("options") and "variants" not in kwargs:
            kwargs["variants"] = None
        product = product_create(user=user, **kwargs)
    response["Location"] = request.build_absolute_uri(f"{request.path[:-5]}/{product.pk}.json")
    return 201, _one(product.pk)


@router.put("/products/{product_id}.json", response=ProductEnvelope, **scoped("write_products"))
def product_change(request, product_id: int, payload: ProductUpdateBody):
    """Change the given fields; ``variants`` and ``images``, when given, are the whole list."""
    product = get_object_or_404(Product, pk=product_id)
    user = acting_user(request)
    with transaction.atomic():
        kwargs = _service_kwargs(payload.product, user, product)
        product_update(product=product, user=user, **kwargs)
    return _one(product.pk)


@router.delete("/products/{product_id}.json", response={200: dict}, **scoped("write_products"))
def product_remove(request, product_id: int):
    product = get_object_or_404(Product, pk=product_id)
    product_delete(product=product, user=acting_user(request))
    return 200, {}

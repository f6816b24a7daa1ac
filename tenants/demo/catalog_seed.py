"""Put a demo catalogue into the current shop: products, pictures, collections, stock.

Run inside a shop's schema (``seed_demo`` does, per shop). Everything goes through the
services a merchant's edits go through (``product_create``, ``collection_create``,
``collection_set_products``, ``stock_set``), so the derived fields (price range,
search vector, publication date) and the stock audit trail are what a real shop has.

Idempotent and resumable: a product whose first variant's SKU exists is taken as
already seeded and left alone (its row is reused for collections), a collection
whose title exists likewise. Re-running after a crash finishes the job; re-running
after success writes nothing.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.images import get_image_model

from catalog.models import Collection, Product, ProductImage, Variant
from catalog.services import collection_create, collection_set_products, product_create
from demo.catalogs import Catalog, CollectionSpec, ProductSpec
from demo.product_pictures import SIZE, product_picture_jpeg
from inventory.services import location_default, stock_set

# The base theme's product card: made while seeding, so a newcomer's first page view
# does not wait for ~25 pictures to be scaled. Other sizes are made when first shown.
PREWARMED_RENDITIONS = ("fill-600x600",)
COST_SHARE = Decimal("0.45")


@dataclass
class SeedReport:
    products_created: int = 0
    products_kept: int = 0
    images: int = 0
    collections_created: int = 0
    stock_levels: int = 0


def value_code(value: str) -> str:
    """A short SKU part for an option value: ``250 g`` → 250G, ``Whole bean`` → WB."""
    words = re.findall(r"[A-Za-z0-9]+", value)
    if any(ch.isdigit() for w in words for ch in w):
        return "".join(words).upper()
    if len(words) > 1:
        return "".join(w[0] for w in words).upper()
    return (words[0][:4] if words else "X").upper()


def variant_rows(spec: ProductSpec) -> list[dict]:
    """The variants ``product_create`` is given: each combination, priced and coded."""
    if not spec.options:
        combos: list[tuple] = [()]
    else:
        combos = list(itertools.product(*(values for _name, values in spec.options)))
    rows = []
    for combo in combos:
        price = Decimal(str(spec.price)) + sum(Decimal(str(d)) for _v, d in combo)
        compare_at = None
        if spec.compare_at is not None:
            compare_at = Decimal(str(spec.compare_at)) + (price - Decimal(str(spec.price)))
        sku = "-".join([spec.sku, *(value_code(v) for v, _d in combo)])
        rows.append(
            {
                **{f"option{i + 1}": v for i, (v, _d) in enumerate(combo)},
                "sku": sku,
                "price": price.quantize(Decimal("0.01")),
                "compare_at_price": compare_at,
                "cost": (price * COST_SHARE).quantize(Decimal("0.01")),
                "weight_grams": spec.weight_grams,
            }
        )
    return rows


def stock_for(sku: str) -> int:
    """A believable count that is the same on every run: about one in eight sold out."""
    n = int.from_bytes(hashlib.sha256(sku.encode()).digest()[:4], "big")
    return 0 if n % 8 == 0 else 3 + n % 45


def _image(*, title: str, file_stem: str, **drawing) -> object:
    data = product_picture_jpeg(title=title, **drawing)
    image_model = get_image_model()
    image = image_model(
        title=title,
        file=ContentFile(data, name=f"{file_stem}.jpg"),
        width=SIZE,
        height=SIZE,
        file_size=len(data),
        file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
    )
    image.save()
    for spec in PREWARMED_RENDITIONS:
        image.get_rendition(spec)
    return image


def _product(spec: ProductSpec, report: SeedReport, location) -> Product:
    rows = variant_rows(spec)
    product = product_create(
        title=spec.title,
        description=spec.description,
        vendor=spec.vendor,
        product_type=spec.product_type,
        tags=spec.tags,
        status=spec.status,
        options=[(name, [v for v, _d in values]) for name, values in spec.options],
        variants=rows,
        seo_description=spec.description.split("\n")[0][:320],
    )
    drawing = {"drawing": spec.drawing, "palette_name": spec.palette, "seed": spec.sku}
    variants = list(product.variants.all())
    colour_option = next(
        (i for i, (_name, values) in enumerate(spec.options) if spec.colours
         and all(v in spec.colours for v, _d in values)),
        None,
    )  # fmt: skip
    if colour_option is None:
        pictures = [(spec.title, None, [])]
    else:
        pictures = [
            (
                f"{spec.title} — {value}",
                spec.colours[value],
                [v for v in variants if getattr(v, f"option{colour_option + 1}") == value],
            )
            for value, _d in spec.options[colour_option][1]
        ]
    for position, (alt, colour, linked) in enumerate(pictures):
        image = _image(
            title=alt, file_stem=f"{product.handle}-{position + 1}", colour=colour, **drawing
        )
        product_image = ProductImage.objects.create(
            product=product, image=image, alt_text=alt, position=position
        )
        if linked:
            product_image.variants.set(linked)
        report.images += 1
    for variant in variants:
        stock_set(variant=variant, location=location, on_hand=stock_for(variant.sku))
        report.stock_levels += 1
    return product


def _spec_matches(spec: ProductSpec, collection: CollectionSpec) -> bool:
    """Roughly the collection's rules, to choose its picture (tag and type rules only)."""
    tests = []
    for field, relation, value in collection.rules:
        if field == "tag" and relation == "equals":
            tests.append(value in spec.tags)
        elif field == "type" and relation == "equals":
            tests.append(spec.product_type.casefold() == value.casefold())
    if not tests:
        return False
    return any(tests) if collection.match == "any" else all(tests)


@transaction.atomic
def catalog_seed(*, catalog: Catalog) -> SeedReport:
    """Seed ``catalog`` into the current schema; see the module docstring."""
    report = SeedReport()
    location = location_default()
    first_skus = {spec.sku: variant_rows(spec)[0]["sku"] for spec in catalog.products}
    existing = dict(
        Variant.objects.filter(sku__in=first_skus.values()).values_list("sku", "product_id")
    )
    products: dict[str, int] = {}
    # Made last to first, so "Newest" (the default sort) opens on the first listed.
    for spec in reversed(catalog.products):
        product_id = existing.get(first_skus[spec.sku])
        if product_id is None:
            product_id = _product(spec, report, location).pk
            report.products_created += 1
        else:
            report.products_kept += 1
        products[spec.sku] = product_id

    titles = set(Collection.objects.values_list("title", flat=True))
    first_images = dict(
        ProductImage.objects.filter(product_id__in=products.values(), position=0).values_list(
            "product_id", "image_id"
        )
    )
    for spec in catalog.collections:
        if spec.title in titles:
            continue
        kind = Collection.Kind.MANUAL if spec.products else Collection.Kind.AUTOMATIC
        collection = collection_create(
            title=spec.title,
            description=spec.description,
            kind=kind,
            match=spec.match,
            rules=spec.rules,
            seo_description=spec.description[:320],
        )
        if spec.products:
            collection_set_products(
                collection=collection, products=[products[s] for s in spec.products]
            )
            cover = spec.products[0]
        else:
            cover = next((p.sku for p in catalog.products if _spec_matches(p, spec)), None)
        image_id = first_images.get(products.get(cover)) if cover else None
        if image_id:
            Collection.objects.filter(pk=collection.pk).update(image_id=image_id)
        report.collections_created += 1
    return report

"""schema.org JSON-LD for product pages (what search engines show as rich results)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from catalog.models import Product, ProductImage, Variant

IN_STOCK = "https://schema.org/InStock"
OUT_OF_STOCK = "https://schema.org/OutOfStock"


def product_json_ld(
    *,
    product: Product,
    variants: Sequence[Variant],
    availability: Mapping[int, bool],
    images: Sequence[ProductImage],
    image_url,
    canonical_url: str,
    currency: str,
) -> dict:
    """A ``Product`` with one ``Offer`` per variant.

    Prices are strings of the stored ``Decimal`` (``"12.50"``), never floats, so
    what search engines show is exactly what the shop charges.
    """
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "url": canonical_url,
    }
    description = product.seo_description or product.description
    if description:
        data["description"] = description
    if product.vendor:
        data["brand"] = {"@type": "Brand", "name": product.vendor}
    if images:
        data["image"] = [image_url(img) for img in images]
    offers = []
    for variant in variants:
        offer = {
            "@type": "Offer",
            "price": str(variant.price),
            "priceCurrency": currency,
            "availability": IN_STOCK if availability.get(variant.pk) else OUT_OF_STOCK,
            "url": f"{canonical_url}?variant={variant.pk}",
        }
        if variant.sku:
            offer["sku"] = variant.sku
        if variant.title:
            offer["name"] = variant.title
        offers.append(offer)
    if offers:
        data["offers"] = offers
    if len(variants) == 1 and variants[0].sku:
        data["sku"] = variants[0].sku
    return data

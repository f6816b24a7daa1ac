"""The product page: the product with everything it shows, and its images' order."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Prefetch
from django.http import Http404

from catalog.models import Product, ProductImage, Variant
from storefront.selectors.availability import variants_with_availability
from storefront.selectors.renditions import PRODUCT_RENDITION, THUMB_RENDITION, with_renditions


def product_for_page(handle: str) -> Product:
    """An active product with variants, images, renditions and the images' variants.

    Five queries at most, whatever the number of variants or images; 404 for a
    draft, archived or unknown handle.
    """
    # ``for_detail()``'s prefetches, with each variant's availability annotated.
    products = with_renditions(
        Product.objects.active().prefetch_related(
            Prefetch("variants", queryset=variants_with_availability()),
            Prefetch("images", queryset=ProductImage.objects.select_related("image")),
        ),
        PRODUCT_RENDITION,
        THUMB_RENDITION,
    ).prefetch_related(Prefetch("images__variants", queryset=Variant.objects.only("id")))
    product = products.filter(handle=handle).first()
    if product is None:
        raise Http404
    return product


def images_for_variant(
    images: Sequence[ProductImage], variant: Variant | None
) -> list[ProductImage]:
    """The product's images with the chosen variant's own image first."""
    if variant is None:
        return list(images)
    own = [img for img in images if any(v.pk == variant.pk for v in img.variants.all())]
    return own[:1] + [img for img in images if img not in own[:1]]

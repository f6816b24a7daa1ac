"""The image renditions the storefront's pages show, prefetched with the images."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model

# Rendition filter specs used by the base theme's templates. They are prefetched
# with the images so that ``{% image %}`` costs no query per picture; a theme that
# uses other specs still works, at one query per picture.
CARD_RENDITION = "fill-600x600"
PRODUCT_RENDITION = "fill-900x900"
THUMB_RENDITION = "fill-160x160"


def with_renditions(products: QuerySet, *specs: str) -> QuerySet:
    """Prefetch the given renditions of every product image: one query for all."""
    rendition_model = get_image_model().get_rendition_model()
    return products.prefetch_related(
        Prefetch(
            "images__image__renditions",
            queryset=rendition_model.objects.filter(filter_spec__in=specs),
        )
    )

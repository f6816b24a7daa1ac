"""Whether a variant can be bought now: per variant for the product page, as a
condition for the "in stock only" filter."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from catalog.models import Variant
from catalog.services.listing import variant_available_condition


def variant_availability(variants: Iterable[Variant]) -> dict[int, bool]:
    """Whether each variant can be bought now, by id: stock free or sold beyond stock.

    Reads ``is_available``, annotated by ``product_for_page``'s variant prefetch (no
    extra query); other variants are asked in one query.
    """
    variants = list(variants)
    missing = [v.pk for v in variants if not hasattr(v, "is_available")]
    found = set()
    if missing:
        found = set(
            Variant.objects.filter(available_variant_condition(), pk__in=missing)
            .values_list("pk", flat=True)
            .distinct()
        )
    return {v.pk: v.is_available if hasattr(v, "is_available") else v.pk in found for v in variants}


def available_variant_condition() -> Q:
    """The database twin of ``variant_availability`` (for ``?available=1``)."""
    return variant_available_condition()


def variants_with_availability() -> QuerySet:
    return Variant.objects.order_by("position", "id").annotate(
        is_available=Exists(
            Variant.objects.filter(variant_available_condition(), pk=OuterRef("pk"))
        )
    )

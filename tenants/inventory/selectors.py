"""Stock figures for pages and checkout, in one query however many variants are asked."""

from __future__ import annotations

from collections.abc import Iterable

from inventory.models import StockLevel
from inventory.querysets import variant_ids


def available_quantities(variants: Iterable) -> dict[int, int]:
    """``{variant_id: available}`` for every variant given (instances or ids), in one query.

    Available is on hand − reserved over all locations; a variant with no stock row
    has 0. For variants whose policy is ``continue`` this is still the count in stock:
    whether they may be sold beyond it is the caller's reading of the policy.
    """
    ids = variant_ids(variants)
    if not ids:
        return {}
    found = StockLevel.objects.filter(variant_id__in=ids).available_by_variant()
    return {variant_id: found.get(variant_id, 0) for variant_id in ids}

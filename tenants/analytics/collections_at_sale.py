"""Which collections hold a set of products, in a fixed number of queries.

A sale is counted in the collections its product belonged to when it was sold:
manual collections by their chosen products, automatic ones by their rules (the
storefront's own conditions, ``catalog.selectors.automatic_condition``, over active
products). All automatic collections are tested in one query, each as a boolean
column, so the cost is four queries whatever the number of collections.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import BooleanField, ExpressionWrapper

from catalog.models import Collection, CollectionProduct, Product
from catalog.selectors import automatic_condition


def product_collections(product_ids) -> tuple[dict[int, list[int]], dict[int, str]]:
    """``({product_id: [collection_id, …]}, {collection_id: title})`` for ``product_ids``."""
    ids = sorted({pk for pk in product_ids if pk is not None})
    held: dict[int, set[int]] = defaultdict(set)
    titles: dict[int, str] = {}
    if not ids:
        return {}, {}
    for product_id, collection_id, title in CollectionProduct.objects.filter(
        product_id__in=ids
    ).values_list("product_id", "collection_id", "collection__title"):
        held[product_id].add(collection_id)
        titles[collection_id] = title
    automatic = {}
    for collection in Collection.objects.filter(kind=Collection.Kind.AUTOMATIC).prefetch_related(
        "rules"
    ):
        condition = automatic_condition(collection)
        if condition is not None:
            automatic[f"in_{collection.pk}"] = (collection, condition)
    if automatic:
        rows = (
            Product.objects.active()
            .filter(pk__in=ids)
            .annotate(
                **{
                    name: ExpressionWrapper(condition, output_field=BooleanField())
                    for name, (_, condition) in automatic.items()
                }
            )
            .values("pk", *automatic)
        )
        for row in rows:
            for name, (collection, _) in automatic.items():
                if row[name]:
                    held[row["pk"]].add(collection.pk)
                    titles[collection.pk] = collection.title
    return {pk: sorted(c) for pk, c in held.items()}, titles

"""Many new products in one write: a catalogue moving in from a spreadsheet.

``product_create`` costs about ten queries per product (handle check, plan limit
with its lock, insert, variants, derived columns, reload, audit); a catalogue of
10,000 products moving in would spend minutes in round trips. This writes a batch
with the same checks (``product_new_clean``, the function ``product_create`` cleans
with) in a fixed number of queries: handles and SKUs checked against the shop in one
query each, the plan limit once for the batch, products and variants in one INSERT
each, derived columns in one UPDATE, one ``wagtail.create`` audit entry per product in
one INSERT. The batch is one transaction: it is written whole or not at all, so a
product is never half-written; a caller that wants to keep the good products of a
failing batch writes them one by one with ``product_create``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from billing.limits import limit_check
from catalog.models import Product, Variant
from catalog.services.bulk import log_many
from catalog.services.handles import HANDLE_MAX_LENGTH, HANDLE_RE
from catalog.services.product_validation import sku_conflicts
from catalog.services.products import product_new_clean, product_refresh_derived


def product_key(index: int, field: str) -> str:
    """How ``products_create_many`` names a problem: ``product:<index>:<field>``."""
    return f"product:{index}:{field}"


@transaction.atomic
def products_create_many(*, products: Sequence[dict], user=None) -> list[Product]:
    """Create ``products`` (each the keyword arguments of ``product_create``, with a
    handle and without images); all problems raised together, keyed by
    ``product_key``, before anything is written."""
    errors: dict[str, list[str]] = {}
    built: list[tuple[Product, list[dict]]] = []
    for index, spec in enumerate(products):
        try:
            product, variants = product_new_clean(**spec, skus_in_shop=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors[product_key(index, field)] = messages
            continue
        if not HANDLE_RE.match(product.handle) or len(product.handle) > HANDLE_MAX_LENGTH:
            errors[product_key(index, "handle")] = [
                _("Use only lowercase letters, digits and single hyphens, e.g. “blue-shirt”.")
            ]
        built.append((product, variants))
    if errors:
        raise ValidationError(errors)
    handles = [product.handle for product, _v in built]
    taken = set(Product.objects.filter(handle__in=handles).values_list("handle", flat=True))
    seen: set[str] = set()
    skus: dict[str, int] = {}
    for index, (product, variants) in enumerate(built):
        if product.handle in taken or product.handle in seen:
            errors[product_key(index, "handle")] = [
                _("The handle “%(handle)s” is already used.") % {"handle": product.handle}
            ]
        seen.add(product.handle)
        for variant in variants:
            if variant["sku"] and skus.setdefault(variant["sku"], index) != index:
                errors[product_key(index, "sku")] = [
                    _("SKU already used by another variant: %(skus)s.") % {"skus": variant["sku"]}
                ]
    for sku in sku_conflicts(list(skus)):
        errors[product_key(skus[sku], "sku")] = [
            _("SKU already used by another variant: %(skus)s.") % {"skus": sku}
        ]
    if errors:
        raise ValidationError(errors)
    limit_check(shop=connection.tenant, resource="products", adding=len(built))
    saved = Product.objects.bulk_create([product for product, _v in built])
    Variant.objects.bulk_create(
        Variant(product=product, **{"position": position, **variant})
        for product, variants in built
        for position, variant in enumerate(variants)
    )
    product_refresh_derived(products=saved)
    log_many(((product, {}) for product in saved), action="wagtail.create", user=user)
    return saved

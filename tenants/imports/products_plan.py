"""A product file read in batches and each product's fate decided: the one pass both
the preview and the import make.

Each batch of products (``CSV_IMPORT_BATCH_SIZE``) costs a fixed number of queries:
the stored products with those handles (with their variants and stock, for the
overwrite rule and the "unchanged" count) and the shop's variants holding those SKUs.
SKUs repeated within the file are caught across batches with one set of the SKUs
seen so far (the only state that grows with the file: a few bytes per variant).

The overwrite rule, as Shopify: a handle already in the shop is updated only when the
merchant ticked "overwrite"; otherwise it is skipped and listed. An update changes
the columns the file has and keeps the others; a required column left blank is an
error, never a wipe (``imports.sheet`` refuses it before it gets here).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.utils.translation import gettext as _

from catalog.models import Product, Variant
from catalog.services.handles import HANDLE_MAX_LENGTH, HANDLE_RE
from imports.columns import Layout, layout_of
from imports.reading import FileShape, rows
from imports.sheet import Problem, ProductGroup, ProductPlan, product_groups, product_plan
from inventory.models import StockLevel
from inventory.services import location_default

NEW, UPDATED, UNCHANGED, SKIPPED, FAILED = "new", "updated", "unchanged", "skipped", "failed"
ACTIONS = (NEW, UPDATED, UNCHANGED, SKIPPED, FAILED)
_PRODUCT_FIELDS = (
    "title",
    "description",
    "vendor",
    "product_type",
    "tags",
    "status",
    "seo_title",
    "seo_description",
)
_VARIANT_FIELDS = (
    "sku",
    "barcode",
    "price",
    "compare_at_price",
    "cost",
    "weight_grams",
    "requires_shipping",
    "taxable",
    "inventory_policy",
)


@dataclass
class Planned:
    handle: str
    row: int
    row_count: int
    plan: ProductPlan | None
    problems: list[Problem]
    action: str = FAILED
    product: Product | None = None
    stored_stock: dict[int, int] = field(default_factory=dict)


class HeaderProblem(ValueError):
    """The header row is not one of Shopify's product sheets."""


def file_layout(file, shape: FileShape) -> Layout:
    for _number, cells in rows(file, shape):
        layout = layout_of(cells)
        if layout is None:
            raise HeaderProblem(
                _(
                    "The first row is not a Shopify product header: it needs Handle, "
                    "Title and Variant Price (or URL handle, Title and Price)."
                )
            )
        return layout
    raise HeaderProblem(_("The file is empty."))


def planned_batches(
    file,
    shape: FileShape,
    *,
    overwrite: bool,
    batch_size: int,
    skip: int = 0,
    skus_seen: dict[str, int] | None = None,
) -> Iterator[list[Planned]]:
    """Every product of the file, decided, ``batch_size`` at a time; the first
    ``skip`` products are read (their SKUs remembered) but not yielded."""
    layout = file_layout(file, shape)
    records = rows(file, shape)
    next(records)  # the header
    groups = product_groups(records, layout)
    skus_seen = {} if skus_seen is None else skus_seen
    decimal_comma = shape.delimiter == ";"
    index = 0
    location = location_default()
    while batch := list(islice(groups, batch_size)):
        planned = [_planned(group, layout, decimal_comma) for group in batch]
        _check_file_skus(planned, layout, skus_seen)
        start, index = index, index + len(batch)
        if index <= skip:
            continue
        planned = planned[max(0, skip - start) :]
        _decide(planned, layout, overwrite=overwrite, location=location)
        yield planned


def _planned(group: ProductGroup, layout: Layout, decimal_comma: bool) -> Planned:
    handle = group.handle.strip().lower()
    plan, problems = product_plan(group, layout, decimal_comma=decimal_comma)
    if handle and (not HANDLE_RE.match(handle) or len(handle) > HANDLE_MAX_LENGTH):
        problems.append(
            Problem(
                group.first_row,
                layout.header_for("handle"),
                _("“%(handle)s”: use only letters, digits and single hyphens.")
                % {"handle": group.handle},
                group.handle,
            )
        )
        plan = None
    if plan is not None:
        plan.handle = handle
    return Planned(handle, group.first_row, len(group.rows), plan, problems)


def _errors(item: Planned) -> bool:
    return any(not p.warning for p in item.problems)


def _check_file_skus(planned: list[Planned], layout: Layout, seen: dict[str, int]) -> None:
    column = layout.header_for("sku")
    for item in planned:
        if item.plan is None or not item.plan.variants:
            continue
        for variant, row in zip(item.plan.variants, item.plan.variant_rows, strict=True):
            sku = variant.get("sku")
            if not sku:
                continue
            first = seen.setdefault(sku, row)
            if first != row:
                item.problems.append(
                    Problem(
                        row,
                        column,
                        _("SKU “%(sku)s” is also on row %(row)d.") % {"sku": sku, "row": first},
                        item.handle,
                    )
                )


def _decide(planned: list[Planned], layout: Layout, *, overwrite: bool, location) -> None:
    handles = [p.handle for p in planned if p.plan is not None]
    existing = {
        product.handle: product
        for product in Product.objects.filter(handle__in=handles).prefetch_related(
            "variants", "images"
        )
    }
    stock = {}
    if overwrite and existing:
        stock = dict(
            StockLevel.objects.filter(
                variant__product__in=list(existing.values()), location=location
            ).values_list("variant_id", "on_hand")
        )
    skus = [
        v["sku"]
        for p in planned
        if p.plan is not None and p.plan.variants
        for v in p.plan.variants
        if v.get("sku")
    ]
    holders = dict(
        Variant.objects.filter(sku__in=skus).values_list("sku", "product__handle") if skus else ()
    )
    column = layout.header_for("sku")
    for item in planned:
        if item.plan is None or _errors(item):
            item.action = FAILED
            continue
        product = existing.get(item.handle)
        for variant, row in zip(item.plan.variants or (), item.plan.variant_rows, strict=False):
            holder = holders.get(variant.get("sku") or "")
            if holder and (holder != item.handle or not overwrite):
                if holder == item.handle:
                    continue  # the product is skipped anyway
                item.problems.append(
                    Problem(
                        row,
                        column,
                        _("SKU “%(sku)s” is already used by the product “%(handle)s”.")
                        % {"sku": variant["sku"], "handle": holder},
                        item.handle,
                    )
                )
        if _errors(item):
            item.action = FAILED
        elif product is None:
            item.action = NEW
        elif not overwrite:
            item.action = SKIPPED
            item.product = product
        else:
            item.product = product
            item.stored_stock = stock
            item.action = UNCHANGED if _same(item.plan, product, stock) else UPDATED


def _same(plan: ProductPlan, product: Product, stock: dict[int, int]) -> bool:
    """Whether writing ``plan`` would change nothing the file names."""
    for name, value in plan.fields.items():
        if getattr(product, name) != value:
            return False
    if plan.options is not None:
        names = [name for name, _values in plan.options]
        if names != product.option_names:
            return False
    if plan.variants is None:
        return not plan.images or len(plan.images) == len(product.images.all())
    stored = {(v.option1, v.option2, v.option3): v for v in product.variants.all()}
    if len(stored) != len(plan.variants):
        return False
    for position, variant in enumerate(plan.variants):
        current = stored.get((variant["option1"], variant["option2"], variant["option3"]))
        if current is None or current.position != position:
            return False
        for name in _VARIANT_FIELDS:
            if name in variant and getattr(current, name) != variant[name]:
                return False
        wanted = plan.stock[position] if plan.stock else None
        if wanted is not None and stock.get(current.pk, 0) != wanted:
            return False
    # Pictures named by URL are fetched only for a product without any
    # (``imports.services``), so the same number of pictures is nothing to do.
    return not plan.images or len(plan.images) == len(product.images.all())

"""Products: the check (preview) and the run of a Shopify product sheet.

The run re-reads the file with the same pass as the check (``imports.products_plan``),
so a product changed in the admin since the preview is judged as it is now, and writes
each batch of products in one transaction together with the job's progress: new
products through ``catalog.services.products_create_many`` (the batch variant of
``product_create``, with the same checks, audited per product), changed ones through
``product_update``, stock through ``inventory.services.stock_levels_set`` (reason
"import"). If a batch is refused as a whole (a SKU taken since the preview), its
products are written one by one with ``product_create`` in their own savepoints, so
the good ones still go in and the bad one is listed with its reason.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.limits import usage
from catalog.models import ProductImage, Variant
from catalog.services import product_create, product_update, products_create_many
from imports.models import ImageFetch, ImportJob, ImportOutcome, KeptColumns
from imports.problems import problems_save
from imports.products_plan import (
    ACTIONS,
    FAILED,
    NEW,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    Planned,
    file_layout,
    planned_batches,
)
from imports.reading import file_shape
from imports.sheet import Problem
from inventory.models import StockMovement
from inventory.services import location_default, stock_levels_set

PREVIEW_PRODUCTS = 10
_OUTCOME_ACTION = {
    NEW: ImportOutcome.Action.CREATED,
    UPDATED: ImportOutcome.Action.UPDATED,
    UNCHANGED: ImportOutcome.Action.UNCHANGED,
    SKIPPED: ImportOutcome.Action.SKIPPED,
    FAILED: ImportOutcome.Action.FAILED,
}


def _batch_size() -> int:
    return settings.CSV_IMPORT_BATCH_SIZE


def products_check(*, job: ImportJob, file, shape) -> None:
    job.header_set = file_layout(file, shape).header_set
    counts = dict.fromkeys(ACTIONS, 0)
    preview: list[dict] = []
    total_rows = total_items = 0
    for batch in planned_batches(file, shape, overwrite=job.overwrite, batch_size=_batch_size()):
        problems = []
        for item in batch:
            counts[item.action] += 1
            total_items += 1
            total_rows += item.row_count
            problems += item.problems
            if item.action == SKIPPED:
                problems.append(_skipped_problem(item))
            if len(preview) < PREVIEW_PRODUCTS:
                preview.append(_preview_row(item))
        problems_save(job, problems)
    job.counts = counts
    job.preview_rows = preview
    job.total_rows = total_rows + 1
    job.total_items = total_items


def _skipped_problem(item: Planned) -> Problem:
    return Problem(
        item.row,
        "",
        _("“%(handle)s” is already in the shop; skipped (tick “overwrite” to update it).")
        % {"handle": item.handle},
        item.handle,
        warning=True,
    )


def _preview_row(item: Planned) -> dict:
    plan = item.plan
    if plan is None:
        return {"row": item.row, "handle": item.handle, "action": item.action}
    prices = [v["price"] for v in plan.variants or () if v.get("price") is not None]
    return {
        "row": item.row,
        "handle": item.handle,
        "action": item.action,
        "title": plan.fields.get("title", ""),
        "status": plan.fields.get("status", ""),
        "vendor": plan.fields.get("vendor", ""),
        "options": [name for name, _v in plan.options or ()],
        "variants": len(plan.variants or ()),
        "price": f"{min(prices)}–{max(prices)}"
        if len(set(prices)) > 1
        else str(prices[0])
        if prices
        else "",
        "stock": sum(q for q in plan.stock if q) if plan.stock else None,
        "images": len(plan.images),
    }


def plan_limit_message(job: ImportJob) -> str:
    """ "This file adds 1,200 products; your plan allows 250 more." or ""."""
    if job.kind != ImportJob.Kind.PRODUCTS:
        return ""
    adding = job.counts.get(NEW, 0)
    for line in usage(shop=connection.tenant):
        if line.resource == "products" and line.limit is not None:
            room = max(0, line.limit - line.used)
            if adding > room:
                return _(
                    "This file adds %(adding)s products; your plan allows %(room)s more. "
                    "Upgrade your plan in Settings → Billing, or import fewer products."
                ) % {"adding": f"{adding:,}", "room": f"{room:,}"}
    return ""


def products_run(*, job: ImportJob, file) -> bool:
    """Write every product after ``items_done``; ``False`` if cancelled on the way."""
    shape = file_shape(file)
    location = location_default()
    user = job.created_by
    for batch in planned_batches(
        file, shape, overwrite=job.overwrite, batch_size=_batch_size(), skip=job.items_done
    ):
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if locked.cancel_requested:
                return False
            _write_batch(locked, batch, location=location, user=user)
    return True


def _spec(plan) -> dict:
    spec = {k: v for k, v in plan.fields.items()}
    spec["handle"] = plan.handle
    if plan.options is not None:
        spec["options"] = plan.options
    if plan.variants is not None:
        spec["variants"] = plan.variants
    return spec


def _write_batch(job: ImportJob, batch: list[Planned], *, location, user) -> None:
    problems: list[Problem] = []
    new = [item for item in batch if item.action == NEW]
    try:
        with transaction.atomic():
            products = products_create_many(products=[_spec(i.plan) for i in new], user=user)
        for item, product in zip(new, products, strict=True):
            item.product = product
    except (ValidationError, IntegrityError):
        for item in new:
            try:
                with transaction.atomic():
                    item.product = product_create(**_spec(item.plan), user=user)
            except (ValidationError, IntegrityError) as error:
                item.action = FAILED
                problems.append(_write_problem(item, error))
    for item in batch:
        if item.action != UPDATED:
            continue
        try:
            with transaction.atomic():
                _update(item, user=user)
        except (ValidationError, IntegrityError) as error:
            item.action = FAILED
            problems.append(_write_problem(item, error))
    written = [i for i in batch if i.action in (NEW, UPDATED) and i.product is not None]
    _stock_write(job, written, location=location, user=user)
    _kept_write(written)
    _images_queue(job, written)
    ImportOutcome.objects.bulk_create(
        ImportOutcome(
            job=job,
            row=item.row,
            key=item.handle[:255],
            action=_OUTCOME_ACTION[item.action],
            object_id=item.product.pk if item.product else None,
        )
        for item in batch
    )
    problems_save(job, problems, while_importing=True)
    result = dict.fromkeys(ACTIONS, 0) | job.result
    for item in batch:
        result[item.action] += 1
    ImportJob.objects.filter(pk=job.pk).update(
        items_done=F("items_done") + len(batch),
        rows_done=F("rows_done") + sum(i.row_count for i in batch),
        result=result,
        updated_at=timezone.now(),
    )
    job.result = result


def _write_problem(item: Planned, error: Exception) -> Problem:
    if isinstance(error, ValidationError):
        messages = (
            [m for ms in error.message_dict.values() for m in ms]
            if hasattr(error, "error_dict")
            else error.messages
        )
    else:
        messages = [_("The database refused this product.")]
    return Problem(item.row, "", " ".join(messages), item.handle)


def _update(item: Planned, *, user) -> None:
    plan, product = item.plan, item.product
    kwargs = dict(plan.fields)
    if plan.options is not None:
        kwargs["options"] = plan.options
    if plan.variants is not None:
        stored = {(v.option1, v.option2, v.option3): v for v in product.variants.all()}
        merged = []
        for variant in plan.variants:
            current = stored.get((variant["option1"], variant["option2"], variant["option3"]))
            row = {}
            if current is not None:
                row = {
                    "id": current.pk,
                    **{
                        name: getattr(current, name)
                        for name in (
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
                    },
                }
            row.update(variant)
            merged.append(row)
        kwargs["variants"] = merged
    item.product = product_update(product=product, **kwargs, user=user)


def _stock_write(job: ImportJob, items: list[Planned], *, location, user) -> None:
    with_stock = [i for i in items if i.plan.stock]
    if not with_stock:
        return
    ids = {
        (v["product_id"], v["option1"], v["option2"], v["option3"]): v["id"]
        for v in Variant.objects.filter(product__in=[i.product for i in with_stock]).values(
            "id", "product_id", "option1", "option2", "option3"
        )
    }
    counts = []
    for item in with_stock:
        variants = item.plan.variants or [{"option1": "", "option2": "", "option3": ""}]
        for variant, quantity in zip(variants, item.plan.stock, strict=False):
            if quantity is None:
                continue
            key = (item.product.pk, variant["option1"], variant["option2"], variant["option3"])
            if key in ids:
                counts.append((ids[key], location.pk, quantity))
    if counts:
        stock_levels_set(
            counts=counts,
            reason=StockMovement.Reason.IMPORT,
            reference=f"import {job.pk}",
            user=user,
        )


def _kept_write(items: list[Planned]) -> None:
    rows = [KeptColumns(product=i.product, columns=i.plan.kept) for i in items if i.plan.kept]
    if rows:
        KeptColumns.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["product"], update_fields=["columns"]
        )


def _images_queue(job: ImportJob, items: list[Planned]) -> None:
    """Images by URL are fetched after the run (``imports.images``); a product that
    already has pictures keeps them rather than getting the file's again."""
    with_images = [i for i in items if i.plan.images]
    if not with_images:
        return
    pictured = set(
        ProductImage.objects.filter(product__in=[i.product for i in with_images]).values_list(
            "product_id", flat=True
        )
    )
    ImageFetch.objects.bulk_create(
        ImageFetch(
            job=job,
            product=item.product,
            url=image["src"][:2048],
            alt_text=image["alt_text"][:255],
            position=position,
            row=image["row"],
            variants=image.get("variants", []),
        )
        for item in with_images
        if item.product.pk not in pictured
        for position, image in enumerate(item.plan.images)
    )

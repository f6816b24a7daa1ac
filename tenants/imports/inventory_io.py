"""Stock per location from a spreadsheet, written through
``inventory.services.stock_levels_set`` (reason "import", one movement per change,
audited per variant as that service does).

Two shapes are read, as Shopify has written both: one row per variant and location
(``Location`` and ``On hand`` columns, what our export writes), or one row per
variant with a column of counts per location, named after the location. A variant is
found by its SKU, or by handle and option values when it has none.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Variant
from imports.models import ImportJob, ImportOutcome
from imports.problems import problems_save
from imports.reading import UnreadableFile, file_shape
from imports.rows_io import cell, header_index, row_batches
from imports.sheet import Problem
from inventory.models import Location, StockLevel, StockMovement
from inventory.services import MAX_STOCK, stock_levels_set

ACTIONS = ("new", "updated", "unchanged", "skipped", "failed")


def _locations() -> dict[str, Location]:
    return {loc.name.strip().casefold(): loc for loc in Location.objects.all()}


def _plan(header, batch):
    index = header_index(header)
    locations = _locations()
    per_row = "location" in index and "on hand" in index
    location_columns = [name for name in index if name in locations]
    if not per_row and not location_columns:
        raise UnreadableFile(
            _(
                "The first row is not an inventory header: it needs Location and On hand "
                "columns, or a column named after one of your locations."
            )
        )
    if "sku" not in index and "handle" not in index:
        raise UnreadableFile(_("The inventory file needs a SKU or a Handle column."))
    skus = [cell(c, index, "sku") for _n, c in batch]
    handles = [cell(c, index, "handle") for _n, c in batch]
    variants = Variant.objects.filter(sku__in=[s for s in skus if s]) | Variant.objects.filter(
        product__handle__in=[h for h in handles if h]
    )
    by_sku, by_combo = {}, {}
    for v in variants.select_related("product"):
        if v.sku:
            by_sku[v.sku] = v
        by_combo[(v.product.handle, v.option1, v.option2, v.option3)] = v
    planned = []
    for number, cells in batch:
        problems: list[Problem] = []
        sku = cell(cells, index, "sku")
        variant = by_sku.get(sku) if sku else None
        if variant is None:
            combo = [cell(cells, index, f"option{i} value") for i in (1, 2, 3)]
            if combo[0] == "Default Title":
                combo[0] = ""
            variant = by_combo.get((cell(cells, index, "handle"), *combo))
        if variant is None:
            problems.append(
                Problem(
                    number,
                    "SKU" if sku else "Handle",
                    _("No variant with this SKU or these options."),
                )
            )
        counts = []
        columns = (
            [(cell(cells, index, "location"), "on hand")]
            if per_row
            else [(name, name) for name in location_columns]
        )
        for location_name, column in columns:
            location = locations.get(location_name.strip().casefold())
            text = cell(cells, index, column)
            if not text:
                continue
            if location is None:
                problems.append(
                    Problem(
                        number,
                        "Location",
                        _("No location named “%(name)s”.") % {"name": location_name},
                    )
                )
                continue
            try:
                value = int(text)
            except ValueError:
                problems.append(
                    Problem(
                        number, column.title(), _("“%(v)s” is not a whole number.") % {"v": text}
                    )
                )
                continue
            if not 0 <= value <= MAX_STOCK:
                problems.append(
                    Problem(
                        number,
                        column.title(),
                        _("Stock is between 0 and %(max)d.") % {"max": MAX_STOCK},
                    )
                )
                continue
            if variant is not None:
                counts.append((variant.pk, location.pk, value))
        planned.append((number, variant, counts, problems))
    return planned


def _actions(planned) -> list[str]:
    keys = {(v, loc) for _n, _var, counts, _p in planned for v, loc, _q in counts}
    stored = {
        (level.variant_id, level.location_id): level.on_hand
        for level in StockLevel.objects.filter(variant_id__in={v for v, _l in keys})
    }
    actions = []
    for _number, variant, counts, problems in planned:
        if variant is None or any(not p.warning for p in problems):
            actions.append("failed")
        elif all(stored.get((v, loc), 0) == q for v, loc, q in counts):
            actions.append("unchanged")
        else:
            actions.append("updated")
    return actions


def inventory_check(*, job: ImportJob, file, shape) -> None:
    counts = dict.fromkeys(ACTIONS, 0)
    preview, total = [], 0
    job.header_set = "inventory"
    for header, batch in row_batches(file, shape):
        planned = _plan(header, batch)
        problems = []
        for (number, variant, stock, found), action in zip(planned, _actions(planned), strict=True):
            counts[action] += 1
            total += 1
            problems += found
            if len(preview) < 10:
                preview.append(
                    {
                        "row": number,
                        "handle": variant.sku if variant else "",
                        "title": str(variant or ""),
                        "stock": sum(q for _v, _l, q in stock),
                        "action": action,
                    }
                )
        problems_save(job, problems)
    job.counts, job.preview_rows, job.total_items, job.total_rows = (
        counts,
        preview,
        total,
        total + 1,
    )


def inventory_run(*, job: ImportJob, file) -> bool:
    shape = file_shape(file)
    for header, batch in row_batches(file, shape, skip=job.items_done):
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if locked.cancel_requested:
                return False
            planned = _plan(header, batch)
            actions = _actions(planned)
            counts = [
                c
                for (_n, _v, stock, _p), a in zip(planned, actions, strict=True)
                if a == "updated"
                for c in stock
            ]
            problems = []
            if counts:
                try:
                    with transaction.atomic():
                        stock_levels_set(
                            counts=counts,
                            reason=StockMovement.Reason.IMPORT,
                            reference=f"import {job.pk}",
                            user=job.created_by,
                        )
                except ValidationError as error:
                    problems.append(Problem(batch[0][0], "", " ".join(error.messages)))
                    actions = ["failed" if a == "updated" else a for a in actions]
            result = dict.fromkeys(ACTIONS, 0) | locked.result
            for action in actions:
                result[action] += 1
            ImportOutcome.objects.bulk_create(
                ImportOutcome(
                    job=job,
                    row=number,
                    key=(variant.sku or str(variant))[:255] if variant else "",
                    action=action,
                    object_id=variant.product_id if variant else None,
                )
                for (number, variant, _s, _p), action in zip(planned, actions, strict=True)
            )
            problems_save(job, problems, while_importing=True)
            ImportJob.objects.filter(pk=job.pk).update(
                items_done=F("items_done") + len(batch),
                rows_done=F("rows_done") + len(batch),
                result=result,
                updated_at=timezone.now(),
            )
    return True

"""Many variants changed in one write: the admin's bulk editor.

A merchant repricing a season changes hundreds of variants at once. Saving them one
``variant_update`` at a time would cost several queries per row and one audit entry
per row; here every cell is checked first (all problems reported together, keyed by
``variant:<id>:<field>`` so the editor puts each message under its cell), then the
rows that really change are written with one ``bulk_update``, the products' derived
columns refreshed in one UPDATE, and one audit entry per product written in one
INSERT — a fixed number of queries however many rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import get_active_log_context
from wagtail.models import ModelLogEntry

from catalog.models import Variant
from catalog.services.products import product_refresh_derived
from kernel.money import money_parse

BULK_FIELDS = ("price", "compare_at_price")


def cell_key(variant_id: int, field: str) -> str:
    return f"variant:{variant_id}:{field}"


def log_many(entries: Iterable[tuple[object, dict]], *, action: str, user=None) -> None:
    """Wagtail audit entries, ``(instance, data)`` each, in one INSERT (as ``log()``
    would write them one by one)."""
    entries = list(entries)
    if not entries:
        return
    context = get_active_log_context()
    user = user if user is not None else context.user
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
            label=str(instance)[:255],
            action=action,
            timestamp=now,
            data=data,
            user=user if getattr(user, "pk", None) else None,
            uuid=context.uuid,
            content_changed=True,
        )
        for instance, data in entries
    )


def variant_cells_clean(changes: Mapping[int, Mapping[str, object]]) -> dict[int, dict]:
    """The typed prices, parsed; every bad cell reported at once."""
    clean: dict[int, dict] = {}
    errors: dict[str, list[str]] = {}
    for variant_id, fields in changes.items():
        row = {}
        for name, value in fields.items():
            if name not in BULK_FIELDS:
                raise ValidationError({cell_key(variant_id, name): _("Not editable here.")})
            try:
                row[name] = money_parse(value, field=name, required=name == "price")
            except ValidationError as error:
                errors[cell_key(variant_id, name)] = error.message_dict[name]
        clean[variant_id] = row
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def variants_bulk_update(*, changes: Mapping[int, Mapping[str, object]], user=None) -> int:
    """Set price and compare-at price of many variants; how many variants changed.

    ``changes`` maps a variant id to the fields typed for it. Ids that are not
    variants of this shop are refused (a stale or forged page), never skipped.
    """
    clean = variant_cells_clean(changes)
    variants = {
        v.pk: v for v in Variant.objects.filter(pk__in=list(clean)).select_related("product")
    }
    missing = [pk for pk in clean if pk not in variants]
    if missing:
        raise ValidationError(
            {"variants": _("These variants no longer exist: %(ids)s.") % {"ids": missing}}
        )
    changed = []
    for pk, fields in clean.items():
        variant = variants[pk]
        if any(getattr(variant, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(variant, name, value)
            variant.updated_at = Now()
            changed.append(variant)
    if not changed:
        return 0
    Variant.objects.bulk_update(changed, [*BULK_FIELDS, "updated_at"])
    products = {v.product_id: v.product for v in changed}
    product_refresh_derived(products=list(products))
    by_product: dict[int, list[int]] = {}
    for variant in changed:
        by_product.setdefault(variant.product_id, []).append(variant.pk)
    log_many(
        ((product, {"variants": by_product[pk]}) for pk, product in products.items()),
        action="wagtail.edit",
        user=user,
    )
    return len(changed)

"""Options generate the variants: every combination of their values is one variant.

The merchant names up to three options with their values (Size: S, M, L × Colour:
red, blue) and the product gets one variant per combination, as in Shopify. When the
options change, ``variant_matrix`` works out what happens to each variant:

* a combination that already has a variant keeps it, with its id, so its price, SKU,
  stock and order history stay where they are;
* a combination that is new gets a new variant (the merchant prices it);
* a variant whose combination is gone (a value or an option removed) is deleted,
  which also deletes its stock — so ``product_options_set`` refuses to do it unless
  the caller says the merchant confirmed it.

When an option is added, the existing variants take its first value (a product with
only sizes that gains colours keeps its sized variants as the first colour), and when
an option is removed, the first variant of each remaining combination is kept.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog.models import MAX_OPTIONS, MAX_VARIANTS, Product, Variant
from catalog.services.product_validation import VARIANT_FIELDS, options_clean
from catalog.services.products import product_update

Combo = tuple[str, str, str]
# What a new variant starts with, before the merchant's edits.
NEW_VARIANT = {
    "sku": "",
    "barcode": "",
    "price": Decimal(0),
    "compare_at_price": None,
    "cost": None,
    "weight_grams": 0,
    "requires_shipping": True,
    "taxable": True,
    "inventory_policy": Variant.InventoryPolicy.DENY,
}
_KEPT_FIELDS = sorted(VARIANT_FIELDS - {"option1", "option2", "option3", "position"})


def combo_of(values: Iterable[str]) -> Combo:
    """``("S", "red")`` as the three-slot key variants are stored under."""
    values = [" ".join(str(v or "").split()) for v in values][:MAX_OPTIONS]
    return tuple([*values, "", "", ""][:MAX_OPTIONS])


def combo_label(combo: Combo) -> str:
    return " / ".join(v for v in combo if v) or _("Default")


@dataclass
class Matrix:
    """The variants a product will have, in order, and the variants that go."""

    rows: list[dict] = field(default_factory=list)
    added: list[Combo] = field(default_factory=list)
    removed: list[Variant] = field(default_factory=list)

    @property
    def combos(self) -> list[Combo]:
        return [combo_of((r["option1"], r["option2"], r["option3"])) for r in self.rows]


def matrix_size(options) -> int:
    return math.prod(len(values) for _name, values in options) if options else 1


def variant_matrix(
    *,
    options,
    existing: Iterable[Variant] = (),
    edits: Mapping[Combo, dict] | None = None,
) -> Matrix:
    """The variants for ``options`` (cleaned here), keeping the ``existing`` ones.

    ``edits`` maps a combination to fields the merchant typed for it (price, SKU…);
    they win over what the variant holds. Rows of kept variants carry their ``id``,
    ready for ``product_update(variants=…)``.
    """
    options = options_clean(options)
    count = matrix_size(options)
    if count > MAX_VARIANTS:
        raise ValidationError(
            {
                "options": _(
                    "These options make %(count)d variants; a product can have at most %(max)d."
                )
                % {"count": count, "max": MAX_VARIANTS}
            }
        )
    edits = edits or {}
    n = len(options)
    first_values = [values[0] for _name, values in options]
    kept: dict[Combo, Variant] = {}
    removed: list[Variant] = []
    for variant in existing:
        values = [variant.option1, variant.option2, variant.option3][:n]
        # An option added since: the variant takes its first value.
        values = [v or first_values[i] for i, v in enumerate(values)]
        combo = combo_of(values)
        if combo in kept or not _in_options(combo, options):
            removed.append(variant)
        else:
            kept[combo] = variant
    matrix = Matrix(removed=removed)
    combos = itertools.product(*(values for _name, values in options)) if options else [()]
    for values in combos:
        combo = combo_of(values)
        variant = kept.get(combo)
        if variant is None:
            row = dict(NEW_VARIANT)
            matrix.added.append(combo)
        else:
            row = {"id": variant.pk, **{name: getattr(variant, name) for name in _KEPT_FIELDS}}
        row.update(edits.get(combo, {}))
        row.update(option1=combo[0], option2=combo[1], option3=combo[2])
        matrix.rows.append(row)
    return matrix


def _in_options(combo: Combo, options) -> bool:
    for i, value in enumerate(combo):
        if i < len(options):
            if value not in options[i][1]:
                return False
        elif value:
            return False
    return True


def removal_message(removed: list[Variant]) -> str:
    names = ", ".join(combo_label(combo_of((v.option1, v.option2, v.option3))) for v in removed)
    return ngettext(
        "This deletes %(count)d variant and its stock: %(names)s. Confirm to delete it.",
        "This deletes %(count)d variants and their stock: %(names)s. Confirm to delete them.",
        len(removed),
    ) % {"count": len(removed), "names": names}


@transaction.atomic
def product_options_set(
    *,
    product: Product,
    options,
    edits: Mapping[Combo, dict] | None = None,
    confirm_removal: bool = False,
    user=None,
    **fields,
) -> tuple[Product, Matrix]:
    """Give ``product`` these options and the variants they make, in one write.

    Existing variants whose combination remains keep their prices and stock; new
    combinations become variants (with the merchant's ``edits``). Variants whose
    combination is gone are deleted only with ``confirm_removal``: otherwise a
    ``ValidationError`` keyed ``confirm_removal`` names them and nothing changes.
    Other ``fields`` (title, status, images…) go to ``product_update`` in the same
    transaction, which audits the whole change once.
    """
    matrix = variant_matrix(
        options=options, existing=list(product.variants.order_by("position", "id")), edits=edits
    )
    if matrix.removed and not confirm_removal:
        raise ValidationError({"confirm_removal": removal_message(matrix.removed)})
    product = product_update(
        product=product, options=options, variants=matrix.rows, user=user, **fields
    )
    return product, matrix

"""Shopify's product sheet read into products: the layout rules and each cell's check.

The layout, as Shopify writes it: the handle repeats on every row of a product; the
product's own fields are on its first row; each further variant has its own row;
a row with only the handle and an image adds an image; a product without options
says ``Option1 Name = Title``, ``Option1 Value = Default Title``. ``product_groups``
walks the rows once, holding one product's rows at a time; ``product_plan`` turns a
group into the arguments of the catalogue services (``catalog.services``), checked
with the same cleaning functions they use, and lists every problem with its row,
column and reason instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalog.models import MAX_OPTIONS, MAX_VARIANTS, Product, Variant
from catalog.services import description_clean, tags_normalise
from catalog.services.product_validation import options_clean, text_clean, variant_clean
from imports.columns import (
    EXTRA_OPTION_HEADERS,
    STORED_VARIANT_KEYS,
    VARIANT_MARKERS,
    Layout,
)
from kernel.money import money_parse

WEIGHT_UNITS = {"g": 1, "kg": 1000, "lb": 453.59237, "oz": 28.349523125}
TRUE = {"true", "yes", "y", "1", "t"}
FALSE = {"false", "no", "n", "0", "f"}
_DECIMAL_COMMA = re.compile(r"^\d+,\d{1,4}$")
DEFAULT_TITLE = "Default Title"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, where the merchant can find it."""

    row: int
    column: str
    message: str
    handle: str = ""
    warning: bool = False


@dataclass
class Row:
    number: int
    cells: dict[str, str]  # key -> text, known columns only
    kept: dict[str, str]  # header -> text, kept columns only


@dataclass
class ProductGroup:
    handle: str
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def first_row(self) -> int:
        return self.rows[0].number


@dataclass
class ProductPlan:
    """What one product of the file becomes: the service's arguments, given only for
    the columns the file has (a column left out keeps the stored value)."""

    handle: str
    row: int
    fields: dict
    options: list[tuple[str, list[str]]] | None
    variants: list[dict] | None
    stock: list[int | None]
    images: list[dict]
    kept: dict
    variant_rows: list[int]


def product_groups(
    records: Iterable[tuple[int, list[str]]], layout: Layout
) -> Iterator[ProductGroup]:
    """Consecutive rows with the same handle, one group at a time.

    A handle that comes back after another product's rows is reported (its rows
    must be together), as is a row with neither handle nor title.
    """
    seen: set[str] = set()
    group: ProductGroup | None = None
    handle_header = layout.header_for("handle")
    for number, cells in records:
        known, kept = {}, {}
        for header, key, value in zip(layout.headers, layout.keys, cells, strict=False):
            value = value.strip()
            if key:
                known[key] = value
            elif value:
                kept[header] = value
        row = Row(number, known, kept)
        handle = known.get("handle", "")
        if not handle and known.get("title") and not _is_continuation(group, row):
            handle = slugify(known["title"])[:255] or ""
        if not handle:
            if group is not None and _is_continuation(group, row):
                group.rows.append(row)
                continue
            problem = Problem(number, handle_header, _("This row has no handle and no title."))
            yield ProductGroup(handle="", rows=[row], problems=[problem])
            continue
        if group is not None and handle == group.handle:
            group.rows.append(row)
            continue
        if group is not None:
            yield group
        group = ProductGroup(handle=handle, rows=[row])
        if handle in seen:
            group.problems.append(
                Problem(
                    number,
                    handle_header,
                    _(
                        "The rows of “%(handle)s” must be together; "
                        "they are split by other products."
                    )
                    % {"handle": handle},
                    handle,
                )
            )
        seen.add(handle)
    if group is not None:
        yield group


def _is_continuation(group: ProductGroup | None, row: Row) -> bool:
    """A row of the current product in the current set, whose handle column is blank
    (the current header set allows it after a product's first row)."""
    return group is not None and not row.cells.get("title") and not row.cells.get("handle")


# --- One product ----------------------------------------------------------------------


class _Cells:
    """Collects problems while reading a group's cells."""

    def __init__(self, group: ProductGroup, layout: Layout, decimal_comma: bool):
        self.group = group
        self.layout = layout
        self.decimal_comma = decimal_comma
        self.problems: list[Problem] = list(group.problems)

    def problem(self, row: Row | int, key: str, message: str, *, warning=False) -> None:
        number = row if isinstance(row, int) else row.number
        column = (
            self.layout.header_for(key) if key in self.layout.present() or key.islower() else key
        )
        self.problems.append(Problem(number, column, str(message), self.group.handle, warning))

    def money(self, row: Row, key: str, *, required: bool):
        text = row.cells.get(key, "")
        if self.decimal_comma and _DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")
        try:
            return money_parse(text, field=key, required=required)
        except ValidationError as error:
            self.problem(
                row,
                key,
                _("“%(value)s”: %(reason)s")
                % {"value": text, "reason": " ".join(error.message_dict[key])}
                if text
                else " ".join(error.message_dict[key]),
            )
            return None

    def boolean(self, row: Row, key: str, default: bool) -> bool:
        text = row.cells.get(key, "").casefold()
        if not text:
            return default
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        self.problem(row, key, _("“%(value)s” is not TRUE or FALSE.") % {"value": row.cells[key]})
        return default

    def number(self, row: Row, key: str) -> Decimal | None:
        text = row.cells.get(key, "")
        if not text:
            return None
        try:
            value = Decimal(text.replace(",", ".") if self.decimal_comma else text)
        except ArithmeticError:
            value = None
        if value is None or not value.is_finite():
            self.problem(row, key, _("“%(value)s” is not a number.") % {"value": text})
            return None
        return value


def product_plan(
    group: ProductGroup, layout: Layout, *, decimal_comma: bool = False
) -> tuple[ProductPlan | None, list[Problem]]:
    """The services' arguments for one product, or ``None`` with the reasons."""
    cells = _Cells(group, layout, decimal_comma)
    present = layout.present()
    first = group.rows[0]
    fields = _product_fields(cells, first, present)
    option_names = _option_names(cells, first, present)
    variant_rows = [r for r in group.rows if any(r.cells.get(k) for k in VARIANT_MARKERS)]
    if not variant_rows:
        variant_rows = [first]
    has_variants = bool(present & STORED_VARIANT_KEYS)
    for header in layout.kept_headers():
        if header.casefold() in EXTRA_OPTION_HEADERS and any(
            r.kept.get(header) for r in group.rows
        ):
            cells.problem(
                first,
                header,
                _("A product can have at most %(max)d options.") % {"max": MAX_OPTIONS},
            )
    variants, stock, variant_kept = [], [], {}
    for row in variant_rows:
        variant, quantity = _variant(cells, row, option_names, present)
        variants.append(variant)
        stock.append(quantity)
        extra = _kept_of(
            row,
            keys=(
                "tax_code",
                "inventory_tracker",
                "fulfillment_service",
                "weight_unit",
                "option1_linked",
                "option2_linked",
                "option3_linked",
            ),
        )
        extra.update(row.kept)
        if extra:
            variant_kept[_combo_key(variant)] = extra
    if len(variants) > MAX_VARIANTS:
        cells.problem(
            first,
            "handle",
            _("A product can have at most %(max)d variants; this one has %(count)d.")
            % {"max": MAX_VARIANTS, "count": len(variants)},
        )
    options = None
    if "option1_name" in present or has_variants:
        options = _options(cells, first, option_names, variants)
    combos: dict[tuple, int] = {}
    for row, variant in zip(variant_rows, variants, strict=True):
        combo = (variant.get("option1"), variant.get("option2"), variant.get("option3"))
        if combo in combos and options is not None:
            cells.problem(
                row, "option1", _("Same option values as row %(row)d.") % {"row": combos[combo]}
            )
        combos.setdefault(combo, row.number)
    images = _images(cells, group.rows)
    _variant_images(cells, images, variant_rows, variants)
    product_kept = _kept_of(first, keys=("category", "gift_card"))
    product_kept.update(first.kept)
    if [p for p in cells.problems if not p.warning]:
        return None, cells.problems
    plan = ProductPlan(
        handle=group.handle,
        row=first.number,
        fields=fields,
        options=options,
        variants=variants if has_variants else None,
        stock=stock if "inventory_quantity" in present else [],
        images=images,
        kept={"product": product_kept, "variants": variant_kept}
        if (product_kept or variant_kept)
        else {},
        variant_rows=[r.number for r in variant_rows],
    )
    return plan, cells.problems


# Shopify's defaults, which our export writes when nothing was kept: not worth keeping.
_DEFAULTS = {
    "inventory_tracker": "shopify",
    "fulfillment_service": "manual",
    "gift_card": "false",
}


def _kept_of(row: Row, *, keys) -> dict:
    return {
        f"@{k}": row.cells[k]
        for k in keys
        if row.cells.get(k) and row.cells[k].casefold() != _DEFAULTS.get(k)
    }


def _combo_key(variant: dict) -> str:
    return "/".join(variant.get(f"option{i}", "") for i in (1, 2, 3))


def _product_fields(cells: _Cells, row: Row, present) -> dict:
    fields: dict = {}
    for key in ("title", "vendor", "product_type", "seo_title"):
        if key in present:
            try:
                fields[key] = text_clean(row.cells.get(key), field=key, required=key == "title")
            except ValidationError as error:
                message = error.message_dict[key][0]
                if key == "title" and not row.cells.get(key):
                    message = _("The product’s first row needs a title.")
                cells.problem(row, key, message)
    if "seo_description" in present:
        try:
            fields["seo_description"] = text_clean(
                row.cells.get("seo_description"), field="seo_description", max_length=320
            )
        except ValidationError as error:
            cells.problem(row, "seo_description", error.message_dict["seo_description"][0])
    if "title" not in present:
        cells.problem(row, "Title", _("The file has no Title column."))
    if "description" in present:
        fields["description"] = description_clean(row.cells.get("description", ""))
    if "tags" in present:
        try:
            fields["tags"] = tags_normalise(row.cells.get("tags", ""))
        except ValidationError as error:
            cells.problem(row, "tags", error.message_dict["tags"][0])
    status = row.cells.get("status", "").casefold()
    if status:
        if status not in Product.Status.values:
            cells.problem(
                row,
                "status",
                _("“%(value)s” is not active, draft or archived.") % {"value": row.cells["status"]},
            )
        else:
            fields["status"] = status
    elif row.cells.get("published"):
        fields["status"] = (
            Product.Status.ACTIVE
            if cells.boolean(row, "published", False)
            else Product.Status.DRAFT
        )
    return fields


def _option_names(cells: _Cells, row: Row, present) -> list[str]:
    names = []
    for i in range(1, MAX_OPTIONS + 1):
        names.append(row.cells.get(f"option{i}_name", ""))
    if names[0] == "Title" and row.cells.get("option1") == DEFAULT_TITLE and not any(names[1:]):
        return []
    while names and not names[-1]:
        names.pop()
    for i, name in enumerate(names, start=1):
        if not name:
            cells.problem(
                row,
                f"option{i}_name",
                _("Option %(n)d has no name but option %(m)d has one.") % {"n": i, "m": i + 1},
            )
    return names


def _variant(cells: _Cells, row: Row, option_names: list[str], present) -> tuple[dict, int | None]:
    variant: dict = {}
    single = not option_names
    for i in range(1, MAX_OPTIONS + 1):
        value = " ".join(row.cells.get(f"option{i}", "").split())
        if single and i == 1 and value == DEFAULT_TITLE:
            value = ""
        if value and i > len(option_names):
            cells.problem(
                row,
                f"option{i}",
                _("“%(value)s” is a value of option %(n)d, which has no name.")
                % {"value": value, "n": i},
            )
        elif not value and i <= len(option_names):
            cells.problem(
                row,
                f"option{i}",
                _("Choose a value for “%(name)s”.") % {"name": option_names[i - 1]},
            )
        variant[f"option{i}"] = value
    for key in ("sku", "barcode"):
        if key in present:
            variant[key] = row.cells.get(key, "")
    if "price" in present:
        variant["price"] = cells.money(row, "price", required=True)
    for key in ("compare_at_price", "cost"):
        if key in present:
            variant[key] = cells.money(row, key, required=False)
    for key in ("requires_shipping", "taxable"):
        if key in present:
            variant[key] = cells.boolean(row, key, True)
    if "inventory_policy" in present:
        text = row.cells.get("inventory_policy", "").casefold()
        if text in ("deny", "continue"):
            variant["inventory_policy"] = text
        elif text:
            continue_selling = cells.boolean(row, "inventory_policy", False)
            variant["inventory_policy"] = "continue" if continue_selling else "deny"
        else:
            variant["inventory_policy"] = Variant.InventoryPolicy.DENY
    if "weight_grams" in present:
        grams = cells.number(row, "weight_grams")
        unit = row.cells.get("weight_unit", "").casefold()
        if unit and unit not in WEIGHT_UNITS:
            cells.problem(
                row,
                "weight_unit",
                _("“%(value)s” is not a weight unit (g, kg, lb, oz).")
                % {"value": row.cells["weight_unit"]},
            )
        if grams is not None and grams < 0:
            cells.problem(row, "weight_grams", _("A weight cannot be negative."))
        variant["weight_grams"] = (
            int(grams.to_integral_value()) if grams is not None and grams >= 0 else 0
        )
    elif row.cells.get("weight_unit", "").casefold() not in ("", *WEIGHT_UNITS):
        cells.problem(
            row,
            "weight_unit",
            _("“%(value)s” is not a weight unit (g, kg, lb, oz).")
            % {"value": row.cells["weight_unit"]},
        )
    quantity = None
    if "inventory_quantity" in present and row.cells.get("inventory_quantity"):
        number = cells.number(row, "inventory_quantity")
        if number is not None:
            if number != number.to_integral_value():
                cells.problem(row, "inventory_quantity", _("Stock is a whole number."))
            elif number < 0:
                cells.problem(
                    row,
                    "inventory_quantity",
                    _("Stock below zero (%(value)s) is imported as 0.") % {"value": number},
                    warning=True,
                )
                quantity = 0
            else:
                quantity = int(number)
    if not any(p.row == row.number and not p.warning for p in cells.problems):
        try:
            variant_clean(
                {
                    k: v
                    for k, v in variant.items()
                    if v is not None or k in ("compare_at_price", "cost")
                },
                option_names=option_names,
            )
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                cells.problem(row, key, messages[0])
    return variant, quantity


def _options(cells: _Cells, row: Row, names: list[str], variants: list[dict]):
    options = []
    for i, name in enumerate(names, start=1):
        values = []
        for variant in variants:
            value = variant.get(f"option{i}")
            if value and value not in values:
                values.append(value)
        options.append((name, values))
    try:
        return options_clean(options)
    except ValidationError as error:
        for message in error.message_dict.get("options", []):
            cells.problem(row, "option1_name", message)
        return None


def _images(cells: _Cells, rows: list[Row]) -> list[dict]:
    images = []
    for order, row in enumerate(rows):
        src = row.cells.get("image_src", "")
        if not src:
            continue
        if not src.lower().startswith(("http://", "https://")):
            cells.problem(
                row,
                "image_src",
                _("“%(value)s” is not a web address (http or https).") % {"value": src[:80]},
            )
            continue
        position = cells.number(row, "image_position")
        images.append(
            {
                "src": src,
                "alt_text": row.cells.get("image_alt", ""),
                "position": int(position) if position is not None else 10**6 + order,
                "row": row.number,
            }
        )
    images.sort(key=lambda image: image["position"])
    seen, unique = set(), []
    for image in images:
        if image["src"] not in seen:
            seen.add(image["src"])
            unique.append(image)
    return unique


def _variant_images(cells: _Cells, images: list[dict], rows: list[Row], variants: list[dict]):
    """Shopify's "Variant image": the picture a variant shows, added to the product's
    pictures when it is not one of them already."""
    by_src = {image["src"]: image for image in images}
    for row, variant in zip(rows, variants, strict=True):
        src = row.cells.get("variant_image", "")
        if not src:
            continue
        if not src.lower().startswith(("http://", "https://")):
            cells.problem(
                row,
                "variant_image",
                _("“%(value)s” is not a web address (http or https).") % {"value": src[:80]},
            )
            continue
        image = by_src.get(src)
        if image is None:
            image = {"src": src, "alt_text": "", "position": 10**7 + row.number, "row": row.number}
            images.append(image)
            by_src[src] = image
        image.setdefault("variants", []).append(_combo_key(variant))

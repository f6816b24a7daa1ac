"""The product editor's form: product fields, options and the variant grid, stock per
location, pictures and collections, checked together before one save.

The variant grid is not a Django formset: its rows follow the options (every
combination of their values is a row, ``catalog.services.variant_matrix``), and the
editor's script adds and removes rows as the merchant types values. Each row posts
the same named inputs (``variant-price``, ``variant-sku``…, one ``variant-stock-<id>``
per location) in table order, keyed by ``variant-key``, the JSON list of its option
values. Every cell is checked here, so a bad price in row 7 is shown under that cell
with everything else the merchant typed still in place; nothing is written until
every cell is right.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.images import get_image_model

from catalog.models import MAX_OPTIONS, Collection, Product, Variant
from catalog.services import (
    combo_label,
    combo_of,
    handle_generate,
    handle_validate,
    options_of,
    sku_conflicts,
    tags_normalise,
    variant_matrix,
)
from catalog.services.variant_matrix import removal_message
from inventory.models import Location, StockLevel
from inventory.services import MAX_STOCK
from kernel.admin_writes import form_errors_add
from kernel.money import money_parse

HANDLE_HELP = gettext_lazy("Leave blank to make one from the title.")
VALUES_HELP = gettext_lazy("Separate values with commas, e.g. S, M, L.")
# Cells of a grid row, in the order the editor shows them.
TEXT_CELLS = ("sku", "barcode")
MONEY_CELLS = ("price", "compare_at_price", "cost")


def combo_key(combo) -> str:
    """A row's key as the editor's script writes it: ``JSON.stringify(values)``."""
    return json.dumps([v for v in combo if v], ensure_ascii=False, separators=(",", ":"))


def values_split(text: str) -> list[str]:
    return [" ".join(v.split()) for v in (text or "").split(",") if v.strip()]


@dataclass
class StockCell:
    location: Location
    value: str = ""
    was: str = ""
    error: str = ""


@dataclass
class GridRow:
    """One row of the variant grid as shown: typed text, not parsed values."""

    key: str
    label: str
    variant_id: int | None = None
    cells: dict[str, str] = field(default_factory=dict)
    stock: list[StockCell] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class ImageRow:
    image: object
    row_id: int | None = None
    alt_text: str = ""


def _text(value) -> str:
    return "" if value is None else str(value)


class ProductEditorForm(WagtailAdminModelForm):
    handle = forms.CharField(label=gettext_lazy("handle"), required=False, help_text=HANDLE_HELP)
    collections = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Collections"),
        queryset=Collection.objects.filter(kind=Collection.Kind.MANUAL),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Automatic collections add products by their rules."),
    )
    confirm_removal = forms.BooleanField(
        label=gettext_lazy("Yes, delete these variants and their stock"), required=False
    )

    option1_name = forms.CharField(label=gettext_lazy("Option 1"), required=False, max_length=255)
    option1_values = forms.CharField(
        label=gettext_lazy("Values"), required=False, help_text=VALUES_HELP
    )
    option2_name = forms.CharField(label=gettext_lazy("Option 2"), required=False, max_length=255)
    option2_values = forms.CharField(
        label=gettext_lazy("Values"), required=False, help_text=VALUES_HELP
    )
    option3_name = forms.CharField(label=gettext_lazy("Option 3"), required=False, max_length=255)
    option3_values = forms.CharField(
        label=gettext_lazy("Values"), required=False, help_text=VALUES_HELP
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _tolerate_html(self.fields["description"].widget)
        if not self.instance.pk:
            # No default: the merchant says whether the product goes on sale now.
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"),
                choices=[
                    (Product.Status.ACTIVE, _("Active — on sale in the shop")),
                    (Product.Status.DRAFT, _("Draft — hidden from shoppers")),
                ],
                widget=forms.RadioSelect,
                required=True,
                error_messages={"required": _("Choose Active or Draft.")},
            )
            self.initial.pop("status", None)
        user = getattr(self, "for_user", None)
        # Stock is inventory's: staff who may edit products but not stock see it only.
        self.can_stock = bool(user and user.has_perm("inventory.change_stocklevel"))
        self.locations = list(Location.objects.all())
        self.variants = list(self.instance.variants.all()) if self.instance.pk else []
        if self.instance.pk and not self.is_bound:
            names = self.instance.option_names
            rows = [
                {f"option{i}": getattr(v, f"option{i}") for i in (1, 2, 3)} for v in self.variants
            ]
            for i, (name, values) in enumerate(options_of(names, rows), start=1):
                self.initial[f"option{i}_name"] = name
                self.initial[f"option{i}_values"] = ", ".join(values)
            self.initial["collections"] = list(
                self.instance.memberships.filter(
                    collection__kind=Collection.Kind.MANUAL
                ).values_list("collection_id", flat=True)
            )
        self.grid: list[GridRow] = []
        self.image_rows: list[ImageRow] = []
        self.removed_labels: list[str] = []
        if not self.is_bound:
            self.grid = self._grid_from_variants()
            self.image_rows = self._images_from_instance()

    # --- Initial rendering --------------------------------------------------------

    def _levels(self) -> dict[tuple[int, int], int]:
        if not self.variants:
            return {}
        return {
            (level.variant_id, level.location_id): level.on_hand
            for level in StockLevel.objects.filter(variant__in=self.variants)
        }

    def _grid_from_variants(self) -> list[GridRow]:
        if not self.variants:
            return [self._new_row(combo_of(()))]
        levels = self._levels()
        rows = []
        for variant in self.variants:
            combo = combo_of((variant.option1, variant.option2, variant.option3))
            row = GridRow(key=combo_key(combo), label=combo_label(combo), variant_id=variant.pk)
            for name in (*MONEY_CELLS, *TEXT_CELLS, "weight_grams", "inventory_policy"):
                row.cells[name] = _text(getattr(variant, name))
            for location in self.locations:
                count = _text(levels.get((variant.pk, location.pk), 0))
                row.stock.append(StockCell(location, count, count))
            rows.append(row)
        return rows

    def _new_row(self, combo) -> GridRow:
        row = GridRow(key=combo_key(combo), label=combo_label(combo))
        row.cells = {name: "" for name in (*MONEY_CELLS, *TEXT_CELLS)}
        row.cells.update(weight_grams="0", inventory_policy=Variant.InventoryPolicy.DENY)
        row.stock = [StockCell(location, "0", "") for location in self.locations]
        return row

    def _images_from_instance(self) -> list[ImageRow]:
        if not self.instance.pk:
            return []
        return [
            ImageRow(row.image, row.pk, row.alt_text)
            for row in self.instance.images.select_related("image")
        ]

    # --- Checking -----------------------------------------------------------------

    def clean_tags(self):
        return tags_normalise(self.cleaned_data.get("tags") or [])

    def clean(self):
        cleaned = super().clean()
        self._clean_handle()
        options = self._clean_options()
        posted = self._clean_grid()
        self._clean_images()
        if options is not None:
            self._build_matrix(options, posted)
        if any(row.errors for row in self.grid):
            self.add_error(None, _("Some variants need attention: see the messages in the table."))
        return cleaned

    def _clean_handle(self):
        handle = (self.cleaned_data.get("handle") or "").strip()
        title = self.cleaned_data.get("title")
        try:
            if handle:
                self.cleaned_data["handle"] = handle_validate(
                    model=Product, handle=handle, exclude_pk=self.instance.pk
                )
            elif title:
                self.cleaned_data["handle"] = handle_generate(
                    model=Product, title=title, exclude_pk=self.instance.pk
                )
        except ValidationError as error:
            form_errors_add(self, error)

    def _clean_options(self):
        options = []
        ok = True
        for i in range(1, MAX_OPTIONS + 1):
            name = " ".join((self.cleaned_data.get(f"option{i}_name") or "").split())
            values = values_split(self.cleaned_data.get(f"option{i}_values") or "")
            if not name and not values:
                continue
            if not name:
                self.add_error(f"option{i}_name", _("Name this option, e.g. Size."))
                ok = False
            elif not values:
                self.add_error(
                    f"option{i}_values", _("Give “%(name)s” at least one value.") % {"name": name}
                )
                ok = False
            options.append((name, values))
        if ok and len(options) > 0:
            seen = [n.casefold() for n, _v in options]
            if len(set(seen)) < len(seen):
                self.add_error(None, _("Two options have the same name."))
                ok = False
        self.cleaned_data["options"] = options
        return options if ok else None

    def _clean_grid(self) -> dict:
        """The posted rows, by option combination: typed text kept, cells parsed."""
        data = self.data
        keys = data.getlist("variant-key")
        columns = {
            name: data.getlist(f"variant-{name}")
            for name in (*MONEY_CELLS, *TEXT_CELLS, "weight_grams", "inventory_policy")
        }
        stock = {loc.pk: data.getlist(f"variant-stock-{loc.pk}") for loc in self.locations}
        was = {loc.pk: data.getlist(f"variant-stock_was-{loc.pk}") for loc in self.locations}
        posted: dict = {}
        for n, key in enumerate(keys):
            try:
                combo = combo_of(json.loads(key))
            except (ValueError, TypeError):
                continue
            row = GridRow(key=combo_key(combo), label=combo_label(combo))
            row.cells = {name: _at(values, n) for name, values in columns.items()}
            row.stock = [
                StockCell(loc, _at(stock[loc.pk], n).strip(), _at(was[loc.pk], n).strip())
                for loc in self.locations
            ]
            posted[combo] = (row, self._parse_row(row))
        return posted

    def _parse_row(self, row: GridRow) -> dict:
        fields: dict = {}
        for name in MONEY_CELLS:
            try:
                fields[name] = money_parse(row.cells[name], field=name, required=name == "price")
            except ValidationError as error:
                row.errors[name] = error.message_dict[name][0]
        for name in TEXT_CELLS:
            value = row.cells[name].strip()
            if len(value) > 255:
                row.errors[name] = _("At most 255 characters.")
            fields[name] = value
        weight = row.cells["weight_grams"].strip() or "0"
        if weight.isdigit():
            fields["weight_grams"] = int(weight)
        else:
            row.errors["weight_grams"] = _("Grams, a whole number.")
        policy = row.cells["inventory_policy"]
        fields["inventory_policy"] = (
            policy if policy in Variant.InventoryPolicy.values else Variant.InventoryPolicy.DENY
        )
        for cell in row.stock:
            if cell.value == "":
                continue
            if not cell.value.isdigit() or int(cell.value) > MAX_STOCK:
                cell.error = _("A whole number, 0 or more.")
        return fields

    def _build_matrix(self, options, posted):
        """The rows the options make, with what was typed for each; the grid to show."""
        try:
            matrix = variant_matrix(
                options=options,
                existing=self.variants,
                edits={combo: fields for combo, (_row, fields) in posted.items()},
            )
        except ValidationError as error:
            form_errors_add(self, error)
            self.grid = [row for row, _fields in posted.values()]
            return
        levels = self._levels()
        ids = {
            combo_of((r["option1"], r["option2"], r["option3"])): r.get("id") for r in matrix.rows
        }
        self.grid = []
        for combo in matrix.combos:
            row = posted[combo][0] if combo in posted else self._new_row(combo)
            row.variant_id = ids.get(combo)
            if combo not in posted and row.variant_id:
                for cell in row.stock:
                    cell.value = cell.was = _text(levels.get((row.variant_id, cell.location.pk), 0))
            self.grid.append(row)
        self._check_skus()
        self.matrix = matrix
        self.cleaned_data["matrix"] = matrix
        self.removed_labels = [
            combo_label(combo_of((v.option1, v.option2, v.option3))) for v in matrix.removed
        ]
        if matrix.removed and not self.cleaned_data.get("confirm_removal"):
            self.add_error("confirm_removal", removal_message(matrix.removed))

    def _check_skus(self):
        by_sku: dict[str, GridRow] = {}
        for row in self.grid:
            sku = row.cells.get("sku", "").strip()
            if not sku:
                continue
            if sku in by_sku:
                row.errors["sku"] = _("Another variant in this table has this SKU.")
            else:
                by_sku[sku] = row
        own = [v.pk for v in self.variants]
        for sku in sku_conflicts(by_sku, exclude_variant_pks=own):
            by_sku[sku].errors["sku"] = _("That SKU is already used by another product.")

    def _clean_images(self):
        data = self.data
        image_ids, row_ids, alts = (
            data.getlist("image-image"),
            data.getlist("image-id"),
            data.getlist("image-alt"),
        )
        wanted = [int(i) for i in image_ids if i.isdigit()]
        found = get_image_model().objects.in_bulk(wanted)
        rows = []
        for n, image_id in enumerate(image_ids):
            image = found.get(int(image_id)) if image_id.isdigit() else None
            if image is None:
                self.add_error(None, _("A picture was deleted from the library; add it again."))
                continue
            row_id = _at(row_ids, n)
            rows.append(
                ImageRow(image, int(row_id) if row_id.isdigit() else None, _at(alts, n).strip())
            )
        self.image_rows = rows
        self.cleaned_data["images"] = [
            {"id": r.row_id, "image": r.image, "alt_text": r.alt_text} for r in rows
        ]

    # --- After a failed save ------------------------------------------------------

    def service_errors_add(self, error: ValidationError, *, variant_keys: dict[int, str]):
        """Put a service's refusal next to what caused it: a stock cell, or the form.

        ``variant_keys``: the saved variants' ids and their rows' keys.
        """
        rows = {row.key: row for row in self.grid}
        rest = {}
        errors = error.error_dict if hasattr(error, "error_dict") else {"__all__": error.error_list}
        for key, messages in errors.items():
            parts = key.split(":")
            if parts[0] == "stock" and len(parts) == 3:
                row = rows.get(variant_keys.get(int(parts[1]), ""))
                cell = (
                    next((c for c in row.stock if c.location.pk == int(parts[2])), None)
                    if row
                    else None
                )
                if cell is not None:
                    cell.error = " ".join(m for e in messages for m in ValidationError(e).messages)
                    continue
            rest[key] = messages
        if rest:
            form_errors_add(self, ValidationError(rest))
        if any(c.error for row in self.grid for c in row.stock):
            self.add_error(None, _("Some variants need attention: see the messages in the table."))

    # --- What the view saves --------------------------------------------------------

    def stock_counts(self, variant_ids: dict[str, int]) -> list[tuple[int, int, int]]:
        """``(variant_id, location_id, on_hand)`` for each stock cell the merchant changed.

        ``variant_ids``: the saved variants by their rows' keys. Only changed cells
        are written, so units sold while the merchant was editing are not counted back.
        """
        counts = []
        if not self.can_stock:
            return counts
        for row in self.grid:
            variant_id = variant_ids.get(row.key)
            if variant_id is None:
                continue
            for cell in row.stock:
                if cell.value != "" and cell.value != cell.was:
                    counts.append((variant_id, cell.location.pk, int(cell.value)))
        return counts

    def has_grid_errors(self) -> bool:
        return any(row.errors or any(c.error for c in row.stock) for row in self.grid)


def _tolerate_html(widget) -> None:
    """Let the description's editor accept HTML as well as its own JSON.

    Draftail posts its content as JSON and Wagtail's widget fails with a server error
    on anything else (an empty value, a script posting HTML). HTML is taken as it
    is: ``catalog.services`` keeps only the safe elements of any description.
    """
    read = widget.value_from_datadict

    def value_from_datadict(data, files, name):
        try:
            return read(data, files, name)
        except ValueError:
            return data.get(name) or ""

    widget.value_from_datadict = value_from_datadict


def _at(values: list, n: int) -> str:
    return values[n] if n < len(values) else ""

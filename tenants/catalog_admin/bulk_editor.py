"""The bulk editor: price, compare-at price, stock and status of many variants, one save.

It is also the Inventory page (all variants, searchable, one location at a time).
The whole page is one form: a merchant can type in fifty rows and save once. Every
cell is checked before anything is written; if one is wrong, the page comes back
with every typed value still in its cell and the message under the wrong one, and
nothing is saved. Only cells whose value differs from what the page was drawn with
are written (each input carries the value it started with), so a sale or another
person's change made while the merchant was typing is not overwritten by a cell
they did not touch.

Reads and writes cost a fixed number of queries whatever the number of rows: one
query for the variants with their products, one for their stock at the location;
the writes are ``catalog.services.variants_bulk_update``,
``inventory.services.stock_levels_set`` and ``product_set_status``, all bulk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalog.models import Product, Variant
from catalog.services import product_set_status, variant_cells_clean, variants_bulk_update
from catalog_admin.viewsets import shop_currency
from inventory.models import Location, StockLevel
from inventory.services import MAX_STOCK, location_default, stock_levels_set

PER_PAGE = 100
CELLS = ("price", "compare_at_price", "on_hand")


@dataclass
class Row:
    variant: Variant
    first_of_product: bool = False
    cells: dict[str, str] = field(default_factory=dict)
    was: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    status: str = ""
    status_was: str = ""


def _text(value) -> str:
    return "" if value is None else str(value)


class BulkEditView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "catalog_admin/bulk_edit.html"
    page_title = gettext_lazy("Edit variants")
    header_icon = "list-ul"
    inventory_page = False

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        self.can_price = user.has_perm("catalog.change_product")
        self.can_stock = user.has_perm("inventory.change_stocklevel")
        if not (self.can_price or self.can_stock or user.has_perm("inventory.view_stocklevel")):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Inventory") if self.inventory_page else _("Edit variants")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    # --- Which rows -----------------------------------------------------------------

    @property
    def product_ids(self) -> list[int]:
        return [int(i) for i in self.request.GET.getlist("id") if i.isdigit()]

    @property
    def location(self) -> Location:
        wanted = self.request.GET.get("location") or self.request.POST.get("location")
        if wanted and wanted.isdigit():
            found = Location.objects.filter(pk=int(wanted)).first()
            if found is not None:
                return found
        return location_default()

    def variants(self):
        variants = Variant.objects.select_related("product").order_by(
            "product__title", "product_id", "position", "id"
        )
        if self.product_ids:
            variants = variants.filter(product_id__in=self.product_ids)
        query = (self.request.GET.get("q") or "").strip()[:100]
        if query:
            variants = variants.filter(Q(product__title__icontains=query) | Q(sku__icontains=query))
        return variants

    def rows_for(self, variants, location) -> list[Row]:
        levels = {
            level.variant_id: level.on_hand
            for level in StockLevel.objects.filter(location=location, variant__in=variants)
        }
        rows, previous = [], None
        for variant in variants:
            row = Row(variant=variant, first_of_product=variant.product_id != previous)
            previous = variant.product_id
            row.cells = {
                "price": _text(variant.price),
                "compare_at_price": _text(variant.compare_at_price),
                "on_hand": _text(levels.get(variant.pk, 0)),
            }
            row.was = dict(row.cells)
            row.status = row.status_was = variant.product.status
            rows.append(row)
        return rows

    # --- Pages ----------------------------------------------------------------------

    def get_context_data(self, rows=None, page=None, **kwargs):
        context = super().get_context_data(**kwargs)
        location = self.location
        if rows is None:
            page = Paginator(self.variants(), PER_PAGE).get_page(self.request.GET.get("p"))
            rows = self.rows_for(list(page.object_list), location)
        context.update(
            rows=rows,
            page_obj=page,
            location=location,
            locations=list(Location.objects.all()),
            statuses=Product.Status.choices,
            currency=shop_currency(),
            query=(self.request.GET.get("q") or "").strip()[:100],
            product_ids=self.product_ids,
            can_price=self.can_price,
            can_stock=self.can_stock,
            inventory_page=self.inventory_page,
            has_errors=any(row.errors for row in rows),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not (self.can_price or self.can_stock):
            raise PermissionDenied
        location = self.location
        ids = [int(i) for i in request.POST.getlist("row") if i.isdigit()]
        found = Variant.objects.select_related("product").in_bulk(ids)
        variants = [found[i] for i in ids if i in found]
        rows = self.rows_for(variants, location)
        for row in rows:
            self._read(row)
        if len(variants) < len(ids):
            messages.error(
                request, _("Some variants were deleted meanwhile; check the rows below.")
            )
        changes, counts, statuses = self._changes(rows)
        if not any(row.errors for row in rows):
            try:
                with transaction.atomic():
                    saved = self._write(changes, counts, statuses, location)
            except ValidationError as error:
                self._errors_add(rows, error, location)
            else:
                messages.success(request, saved)
                return redirect(request.get_full_path())
        messages.error(request, _("Nothing was saved: correct the cells marked below."))
        return self.render_to_response(self.get_context_data(rows=rows))

    def _read(self, row: Row) -> None:
        data, pk = self.request.POST, row.variant.pk
        for name in CELLS:
            if f"{name}-{pk}" in data:
                row.cells[name] = data[f"{name}-{pk}"].strip()
                row.was[name] = data.get(f"was-{name}-{pk}", "").strip()
        product_id = row.variant.product_id
        if f"status-{product_id}" in data:
            row.status = data[f"status-{product_id}"]
            row.status_was = data.get(f"was-status-{product_id}", "")

    def _changes(self, rows: list[Row]):
        """What the merchant changed, parsed; problems go on their cells."""
        changes: dict[int, dict] = {}
        counts: list[tuple[int, int, int]] = []
        statuses: dict[str, set[int]] = {}
        location = self.location
        for row in rows:
            pk = row.variant.pk
            fields = {
                name: row.cells[name]
                for name in ("price", "compare_at_price")
                if row.cells[name] != row.was[name]
            }
            if fields and self.can_price:
                try:
                    changes.update(variant_cells_clean({pk: fields}))
                except ValidationError as error:
                    for key, problems in error.message_dict.items():
                        row.errors[key.rsplit(":", 1)[1]] = problems[0]
            if row.cells["on_hand"] != row.was["on_hand"] and self.can_stock:
                count = row.cells["on_hand"]
                if count.isdigit() and int(count) <= MAX_STOCK:
                    counts.append((pk, location.pk, int(count)))
                else:
                    row.errors["on_hand"] = _("A whole number, 0 or more.")
            if row.first_of_product and row.status != row.status_was and self.can_price:
                if row.status not in Product.Status.values:
                    row.errors["status"] = _("Choose a status.")
                else:
                    statuses.setdefault(row.status, set()).add(row.variant.product_id)
        return changes, counts, statuses

    def _write(self, changes, counts, statuses, location) -> str:
        user = self.request.user
        prices = variants_bulk_update(changes=changes, user=user) if changes else 0
        stock = (
            stock_levels_set(counts=counts, reference=f"admin:{user.email}", user=user)
            if counts
            else 0
        )
        status_count = 0
        for status, product_ids in statuses.items():
            status_count += product_set_status(products=product_ids, status=status, user=user)
        return _(
            "Saved: %(prices)d variants’ prices, %(stock)d stock counts, %(statuses)d statuses."
        ) % {"prices": prices, "stock": stock, "statuses": status_count}

    def _errors_add(self, rows: list[Row], error: ValidationError, location) -> None:
        by_variant = {row.variant.pk: row for row in rows}
        for key, problems in error.message_dict.items():
            parts = key.split(":")
            if parts[0] == "stock" and len(parts) == 3 and int(parts[1]) in by_variant:
                by_variant[int(parts[1])].errors["on_hand"] = problems[0]
            elif parts[0] == "variant" and len(parts) == 3 and int(parts[1]) in by_variant:
                by_variant[int(parts[1])].errors[parts[2]] = problems[0]
            else:
                messages.error(self.request, " ".join(problems))


bulk_edit = BulkEditView.as_view()
inventory_index = BulkEditView.as_view(inventory_page=True)

"""Products in the shop admin: the list and the editor.

A snippet viewset (the list's search, filters, bulk actions and history come with
it). The list shows what a merchant scans for — picture, status in words, stock over
all locations, price range in the shop's currency — at a fixed number of queries.
The editor (``catalog_admin.forms``, ``catalog_admin.panels``) saves the product, its
variants, pictures and collections through ``catalog.services`` and the stock it
shows per location through ``inventory.services``, in one transaction: a refusal
from any of them leaves nothing written and the form as the merchant typed it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.widgets import HeaderButton
from wagtail.images import get_image_model
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from catalog.models import Product, ProductImage, Variant
from catalog.services import (
    product_collections_set,
    product_create,
    product_options_set,
)
from catalog.viewsets import (
    CollectionViewSet,
    ProductDeleteView,
    ProductFilterSet,
)
from catalog.viewsets import ProductIndexView as SearchingIndexView
from catalog_admin.forms import ProductEditorForm, combo_key
from catalog_admin.panels import ImagesPanel, OptionsPanel, VariantGridPanel
from inventory.models import StockLevel
from inventory.services import stock_levels_set
from kernel.admin_writes import ServiceSaveMixin
from kernel.money import money_format
from shops.selectors import shop_currency

THUMBNAIL = "fill-96x96"
PRODUCT_FIELDS = (
    "title",
    "handle",
    "description",
    "vendor",
    "product_type",
    "tags",
    "status",
    "seo_title",
    "seo_description",
)


def price_range(product: Product) -> str:
    currency = shop_currency()
    if product.min_price is None:
        return "—"
    low = money_format(product.min_price, currency)
    if product.min_price == product.max_price:
        return low
    return f"{low} – {money_format(product.max_price, currency)}"


def stock_summary(product: Product) -> str:
    variants = product.variant_count
    return (
        _("%(stock)d in stock for %(n)d variants")
        % {
            "stock": product.stock_total,
            "n": variants,
        }
        if variants != 1
        else _("%(stock)d in stock") % {"stock": product.stock_total}
    )


class ThumbnailColumn(Column):
    cell_template_name = "catalog_admin/thumbnail_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        images = list(instance.images.all())
        context["image"] = images[0].image if images else None
        context["alt"] = images[0].alt_text if images else ""
        return context


class ProductIndexView(SearchingIndexView):
    @cached_property
    def header_buttons(self):
        """Import and Export beside "Add product": the pages are the imports app's
        (above this one), reached by URL name only."""
        buttons = list(super().header_buttons)
        user = self.request.user
        if user.has_perm("catalog.add_product") and user.has_perm("catalog.change_product"):
            buttons.append(
                HeaderButton(
                    _("Import"),
                    url=reverse("imports_admin:upload", args=["products"]),
                    icon_name="upload",
                    attrs={"id": "products-import"},
                )
            )
        buttons.append(
            HeaderButton(
                _("Export"),
                url=reverse("imports_admin:index") + "#export",
                icon_name="download",
                attrs={"id": "products-export"},
            )
        )
        return buttons

    def get_base_queryset(self):
        stock = (
            StockLevel.objects.filter(variant__product=OuterRef("pk"))
            .order_by()
            .values("variant__product")
            .annotate(total=Sum("on_hand"))
            .values("total")
        )
        variants = (
            Variant.objects.filter(product=OuterRef("pk"))
            .order_by()
            .values("product")
            .annotate(n=Count("pk"))
            .values("n")
        )
        images = ProductImage.objects.select_related("image").prefetch_related(
            Prefetch(
                "image__renditions",
                queryset=get_image_model()
                .get_rendition_model()
                .objects.filter(filter_spec=THUMBNAIL),
            )
        )
        return (
            super()
            .get_base_queryset()
            .annotate(
                stock_total=Coalesce(Subquery(stock, output_field=IntegerField()), 0),
                variant_count=Coalesce(Subquery(variants, output_field=IntegerField()), 0),
            )
            .prefetch_related(Prefetch("images", queryset=images))
        )


def _variant_keys(product: Product) -> dict[str, int]:
    return {
        combo_key((v.option1, v.option2, v.option3)): v.pk
        for v in Variant.objects.filter(product=product).only("option1", "option2", "option3")
    }


class ProductEditorMixin(ServiceSaveMixin):
    """Saves the whole editor: product (with variants and pictures), collections, stock."""

    def product_write(self, form, data):
        raise NotImplementedError

    def service_save(self, form):
        data = form.cleaned_data
        fields = {name: data.get(name) for name in PRODUCT_FIELDS}
        fields["images"] = data["images"]
        with transaction.atomic():
            product = self.product_write(form, fields)
            product_collections_set(
                product=product, collections=data.get("collections") or [], user=self.request.user
            )
            keys = _variant_keys(product)
            try:
                stock_levels_set(
                    counts=form.stock_counts(keys),
                    reference=f"admin:{self.request.user.email}",
                    user=self.request.user,
                )
            except ValidationError as error:
                form.service_errors_add(error, variant_keys={pk: key for key, pk in keys.items()})
                raise ValidationError(_("Nothing was saved.")) from error
        return product


class ProductCreateView(ProductEditorMixin, CreateView):
    def product_write(self, form, fields):
        matrix = form.cleaned_data["matrix"]
        options = form.cleaned_data["options"]
        return product_create(
            **fields, options=options, variants=matrix.rows, user=self.request.user
        )


class ProductEditView(ProductEditorMixin, EditView):
    def product_write(self, form, fields):
        product = Product.objects.get(pk=form.instance.pk)
        matrix = form.cleaned_data["matrix"]
        product, _matrix = product_options_set(
            product=product,
            options=form.cleaned_data["options"],
            edits={tuple(r[f"option{i}"] for i in (1, 2, 3)): r for r in matrix.rows},
            confirm_removal=bool(form.cleaned_data.get("confirm_removal")),
            user=self.request.user,
            **fields,
        )
        return product

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.object.status == Product.Status.ACTIVE:
            buttons.append(
                HeaderButton(
                    _("View on storefront"),
                    url=reverse("storefront:product", kwargs={"handle": self.object.handle}),
                    icon_name="link-external",
                    attrs={"target": "_blank", "rel": "noopener"},
                )
            )
        return buttons


class ProductViewSet(SnippetViewSet):
    """The product list and editor; delete and bulk actions as in ``catalog.viewsets``."""

    model = Product
    icon = "tag"
    menu_label = gettext_lazy("Products")
    menu_name = "products"
    url_prefix = "catalog/products"
    url_namespace = "catalog_products"
    index_view_class = ProductIndexView
    add_view_class = ProductCreateView
    edit_view_class = ProductEditView
    delete_view_class = ProductDeleteView
    copy_view_enabled = False
    filterset_class = ProductFilterSet
    # Enables the search box; the query itself is the index view's search_queryset.
    search_fields = ["title"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-created_at", "-id"]
    # On a phone the secondary columns are hidden (product_editor.css), so the
    # picture, title, status, stock and price fit 390 px without scrolling sideways.
    list_display = [
        ThumbnailColumn("thumbnail", label=gettext_lazy("Picture"), classname="pe-col-thumb"),
        TitleColumn(
            "title",
            label=gettext_lazy("Title"),
            sort_key="title",
            url_name="catalog_products:edit",
        ),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("stock", label=gettext_lazy("Stock"), accessor=stock_summary),
        Column("price", label=gettext_lazy("Price"), accessor=price_range),
        Column("vendor", label=gettext_lazy("Vendor"), classname="pe-col-secondary"),
        DateColumn(
            "updated_at",
            label=gettext_lazy("Updated"),
            sort_key="updated_at",
            classname="pe-col-secondary",
        ),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("title"),
                    FieldPanel("description"),
                    FieldPanel("status"),
                ],
                heading=gettext_lazy("Product"),
            ),
            ImagesPanel(heading=gettext_lazy("Pictures")),
            OptionsPanel(heading=gettext_lazy("Options")),
            VariantGridPanel(heading=gettext_lazy("Variants, prices and stock")),
            MultiFieldPanel(
                [
                    FieldPanel("collections"),
                    FieldPanel("tags"),
                    FieldRowPanel([FieldPanel("vendor"), FieldPanel("product_type")]),
                ],
                heading=gettext_lazy("Organisation"),
            ),
            MultiFieldPanel(
                [FieldPanel("handle"), FieldPanel("seo_title"), FieldPanel("seo_description")],
                heading=gettext_lazy("Search engines"),
            ),
        ],
        base_form_class=ProductEditorForm,
    )


class CatalogViewSetGroup(SnippetViewSetGroup):
    items = (ProductViewSet, CollectionViewSet)
    menu_icon = "tag"
    menu_label = gettext_lazy("Products")
    menu_name = "catalog"

"""The catalog in the shop's Wagtail admin: products and collections.

Snippet viewsets, because snippets bring the listing with search, filters and bulk
actions (delete with its confirmation step) that a plain ModelViewSet lacks. The
views stay thin: forms validate (``catalog.forms``), and every save is followed, in
the same transaction, by ``product_refresh_derived`` so the price range and search
vector never lag behind what the merchant typed.

The listing's search is the catalog's own PostgreSQL full-text search (prefix mode),
not Wagtail's search index: it needs no indexing step, finds SKUs, and reads only the
shop's own schema like every other query.
"""

from __future__ import annotations

import django_filters
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from billing.limits import LimitReached, limit_check
from catalog.forms import CollectionForm, ProductForm
from catalog.models import MAX_VARIANTS, Collection, Product
from catalog.services import product_refresh_derived


def _distinct_values(field):
    def choices():
        values = (
            Product.objects.exclude(**{field: ""})
            .order_by(field)
            .values_list(field, flat=True)
            .distinct()
        )
        return [(v, v) for v in values]

    return choices


class ProductFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Product.Status.choices)
    vendor = django_filters.ChoiceFilter(label=_("Vendor"), choices=_distinct_values("vendor"))
    product_type = django_filters.ChoiceFilter(
        label=_("Product type"), choices=_distinct_values("product_type")
    )

    class Meta:
        model = Product
        fields = ["status", "vendor", "product_type"]


def _price_range(product: Product) -> str:
    if product.min_price is None:
        return "—"
    if product.min_price == product.max_price:
        return str(product.min_price)
    return f"{product.min_price} – {product.max_price}"


class ProductIndexView(IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        found = queryset.search(self.search_query, prefix=True)
        return self.order_queryset(found) if self.is_explicitly_ordered else found


class _RefreshAfterSave:
    """Save the form and refresh the product's derived fields, all or nothing."""

    def save_instance(self):
        with transaction.atomic():
            instance = super().save_instance()
            product_refresh_derived(products=[instance])
        return instance


class ProductCreateView(_RefreshAfterSave, CreateView):
    def save_instance(self):
        # The plan's product limit, in the same transaction as the save (see
        # billing.limits.limit_check): refused, nothing is written.
        limit_check(shop=connection.tenant, resource="products")
        return super().save_instance()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except LimitReached as error:
            form.add_error(None, error)
            self.produced_error_code = "limit_reached"
            self.produced_error_message = error.messages[0]
            return self.form_invalid(form)


class ProductEditView(_RefreshAfterSave, EditView):
    pass


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = _("Products")
    url_prefix = "catalog/products"
    url_namespace = "catalog_products"
    index_view_class = ProductIndexView
    add_view_class = ProductCreateView
    edit_view_class = ProductEditView
    copy_view_enabled = False
    filterset_class = ProductFilterSet
    # Enables the search box; the query itself is ProductIndexView.search_queryset.
    search_fields = ["title"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        "title",
        "status",
        "vendor",
        "product_type",
        Column("price", label=_("Price"), accessor=_price_range),
        DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
    ]
    ordering = ["-created_at", "-id"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldPanel("handle"),
                    FieldPanel("description"),
                    FieldRowPanel([FieldPanel("vendor"), FieldPanel("product_type")]),
                    FieldPanel("tags"),
                    FieldPanel("status"),
                    MultiFieldPanel(
                        [
                            FieldPanel("option1_name"),
                            FieldPanel("option2_name"),
                            FieldPanel("option3_name"),
                        ],
                        heading=_("Options"),
                    ),
                ],
                heading=_("Product"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "variants",
                        label=_("Variant"),
                        min_num=1,
                        max_num=MAX_VARIANTS,
                        panels=[
                            FieldRowPanel(
                                [
                                    FieldPanel("option1"),
                                    FieldPanel("option2"),
                                    FieldPanel("option3"),
                                ]
                            ),
                            FieldRowPanel(
                                [
                                    FieldPanel("price"),
                                    FieldPanel("compare_at_price"),
                                    FieldPanel("cost"),
                                ]
                            ),
                            FieldRowPanel([FieldPanel("sku"), FieldPanel("barcode")]),
                            FieldRowPanel(
                                [
                                    FieldPanel("weight_grams"),
                                    FieldPanel("requires_shipping"),
                                    FieldPanel("taxable"),
                                    FieldPanel("inventory_policy"),
                                ]
                            ),
                        ],
                    )
                ],
                heading=_("Variants"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "images",
                        label=_("Image"),
                        panels=[FieldPanel("image"), FieldPanel("alt_text")],
                    )
                ],
                heading=_("Images"),
            ),
            ObjectList([FieldPanel("seo_title"), FieldPanel("seo_description")], heading=_("SEO")),
        ],
        base_form_class=ProductForm,
    )


class CollectionViewSet(SnippetViewSet):
    model = Collection
    icon = "folder-open-inverse"
    menu_label = _("Collections")
    url_prefix = "catalog/collections"
    url_namespace = "catalog_collections"
    copy_view_enabled = False
    search_fields = ["title", "handle"]
    search_backend_name = None
    list_filter = ["kind", "is_published"]
    list_display = ["title", "handle", "kind", "is_published"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldPanel("handle"),
                    FieldPanel("description"),
                    FieldPanel("image"),
                    FieldPanel("is_published"),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("match")]),
                ],
                heading=_("Collection"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "rules",
                        label=_("Rule"),
                        panels=[
                            FieldRowPanel(
                                [FieldPanel("field"), FieldPanel("relation"), FieldPanel("value")]
                            )
                        ],
                    ),
                    InlinePanel("memberships", label=_("Product"), panels=[FieldPanel("product")]),
                ],
                heading=_("Products"),
            ),
            ObjectList([FieldPanel("seo_title"), FieldPanel("seo_description")], heading=_("SEO")),
        ],
        base_form_class=CollectionForm,
    )


class CatalogViewSetGroup(SnippetViewSetGroup):
    items = (ProductViewSet, CollectionViewSet)
    menu_icon = "tag"
    menu_label = _("Catalog")
    menu_name = "catalog"

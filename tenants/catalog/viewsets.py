"""The catalog in the shop's Wagtail admin: products and collections.

Snippet viewsets, because snippets bring the listing with search, filters and bulk
actions (delete with its confirmation step) that a plain ModelViewSet lacks.

The views stay thin: forms validate (``catalog.forms``) and the create, edit and
delete views hand the write to ``catalog.services`` (through ``admin_writes``), the
path every other entry point takes, so the plan's product limit, the derived price
range and search vector, the catalogue version and the audit entry come with it.

The listing's search is the catalog's own PostgreSQL full-text search (prefix mode),
not Wagtail's search index: it needs no indexing step, finds SKUs, and reads only the
shop's own schema like every other query.
"""

from __future__ import annotations

import django_filters
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
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from admin_writes import ServiceBulkDeleteMixin, ServiceDeleteMixin, ServiceSaveMixin, live_forms
from catalog.forms import CollectionForm, ProductForm
from catalog.models import MAX_VARIANTS, Collection, Product
from catalog.services import (
    collection_create,
    collection_delete,
    collection_update,
    options_of,
    product_create,
    product_delete,
    product_update,
)

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
VARIANT_FIELDS = (
    "option1",
    "option2",
    "option3",
    "price",
    "compare_at_price",
    "cost",
    "sku",
    "barcode",
    "weight_grams",
    "requires_shipping",
    "taxable",
    "inventory_policy",
)
COLLECTION_FIELDS = (
    "title",
    "handle",
    "description",
    "image",
    "is_published",
    "match",
    "seo_title",
    "seo_description",
)


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


def _with_id(form, fields) -> dict:
    row = {name: form.cleaned_data.get(name) for name in fields}
    return {"id": form.instance.pk, **row} if form.instance.pk else row


def product_input(form) -> dict:
    """The product form's cleaned data (variants and images too) as service arguments."""
    data = form.cleaned_data
    variants = [_with_id(f, VARIANT_FIELDS) for f in live_forms(form.formsets["variants"])]
    names = [data.get(f"option{i}_name") or "" for i in (1, 2, 3)]
    return {
        **{name: data.get(name) for name in PRODUCT_FIELDS},
        "options": options_of(names, variants),
        "variants": variants,
        "images": [_with_id(f, ("image", "alt_text")) for f in live_forms(form.formsets["images"])],
    }


class ProductCreateView(ServiceSaveMixin, CreateView):
    def service_save(self, form):
        return product_create(**product_input(form), user=self.request.user)


class ProductEditView(ServiceSaveMixin, EditView):
    def service_save(self, form):
        product = Product.objects.get(pk=form.instance.pk)
        return product_update(product=product, **product_input(form), user=self.request.user)


class ProductDeleteView(ServiceDeleteMixin, DeleteView):
    def service_delete(self, instance):
        product_delete(product=instance, user=self.request.user)


class ProductBulkDelete(ServiceBulkDeleteMixin, DeleteBulkAction):
    models = [Product]

    @classmethod
    def service_delete(cls, instance, *, user):
        product_delete(product=instance, user=user)


def collection_input(form) -> dict:
    """The collection form's cleaned data (rules, chosen products) as service arguments."""
    data = form.cleaned_data
    fields = {name: data.get(name) for name in COLLECTION_FIELDS}
    fields["rules"] = [
        {k: f.cleaned_data.get(k) for k in ("field", "relation", "value")}
        for f in live_forms(form.formsets["rules"])
    ]
    if (data.get("kind") or form.instance.kind) == Collection.Kind.MANUAL:
        fields["products"] = [
            f.cleaned_data["product"] for f in live_forms(form.formsets["memberships"])
        ]
    return fields


class CollectionCreateView(ServiceSaveMixin, CreateView):
    def service_save(self, form):
        return collection_create(
            **collection_input(form), kind=form.cleaned_data["kind"], user=self.request.user
        )


class CollectionEditView(ServiceSaveMixin, EditView):
    def service_save(self, form):
        collection = Collection.objects.get(pk=form.instance.pk)
        return collection_update(
            collection=collection, **collection_input(form), user=self.request.user
        )


class CollectionDeleteView(ServiceDeleteMixin, DeleteView):
    def service_delete(self, instance):
        collection_delete(collection=instance, user=self.request.user)


class CollectionBulkDelete(ServiceBulkDeleteMixin, DeleteBulkAction):
    models = [Collection]

    @classmethod
    def service_delete(cls, instance, *, user):
        collection_delete(collection=instance, user=user)


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = _("Products")
    url_prefix = "catalog/products"
    url_namespace = "catalog_products"
    index_view_class = ProductIndexView
    add_view_class = ProductCreateView
    edit_view_class = ProductEditView
    delete_view_class = ProductDeleteView
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
    add_view_class = CollectionCreateView
    edit_view_class = CollectionEditView
    delete_view_class = CollectionDeleteView
    copy_view_enabled = False
    search_fields = ["title", "handle"]
    search_backend_name = None
    list_filter = ["kind", "is_published"]
    list_display = [
        "title",
        "handle",
        "kind",
        StatusTagColumn(
            "is_published",
            label=_("Visibility"),
            accessor=lambda c: _("Published") if c.is_published else _("Hidden"),
            primary=lambda c: c.is_published,
            sort_key="is_published",
        ),
    ]
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

"""The catalog in the shop's Wagtail admin: collections, and the product list's parts.

Snippet viewsets, because snippets bring the listing with search, filters and bulk
actions (delete with its confirmation step) that a plain ModelViewSet lacks. The
product list and editor are ``catalog_admin.viewsets`` (the editor shows stock,
which is inventory's); they reuse the product filters, search and deletes here.

The views stay thin: forms validate (``catalog.forms``) and the create, edit and
delete views hand the write to ``catalog.services`` (through ``kernel.admin_writes``), the
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
    ObjectList,
    TabbedInterface,
)
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    SnippetViewSet,
)

from catalog.forms import CollectionForm
from catalog.models import Collection, Product
from catalog.services import (
    collection_create,
    collection_delete,
    collection_update,
    product_delete,
)
from kernel.admin_writes import (
    ServiceBulkDeleteMixin,
    ServiceDeleteMixin,
    ServiceSaveMixin,
    live_forms,
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


class ProductIndexView(IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        found = queryset.search(self.search_query, prefix=True)
        return self.order_queryset(found) if self.is_explicitly_ordered else found


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


class CollectionViewSet(SnippetViewSet):
    model = Collection
    icon = "folder-open-inverse"
    menu_label = _("Collections")
    menu_name = "collections"
    url_prefix = "catalog/collections"
    url_namespace = "catalog_collections"
    add_view_class = CollectionCreateView
    edit_view_class = CollectionEditView
    delete_view_class = CollectionDeleteView
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

"""Blocks that show the shop's catalog: product grids, a featured collection or product.

The merchant picks products and collections with Wagtail's snippet chooser, which
lists only the current shop's catalog (each shop's schema holds its own). What a
block shows (current price, availability, pictures) is read when the page is
rendered, from the ``PageCatalog`` the page loaded for all its blocks at once
(``cms.selectors``); a block rendered on its own (a preview of one block) loads
its own.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cms import selectors


class CatalogBlockMixin:
    """Gives the block's template the rows it shows, from the page's catalog."""

    catalog_kind = ""

    def page_catalog(self, value, parent_context) -> selectors.PageCatalog:
        catalog = (parent_context or {}).get("page_catalog")
        if catalog is None:
            catalog = selectors.page_catalog([(self.catalog_kind, self.get_prep_value(value))])
        return catalog

    @staticmethod
    def _pk(obj):
        return getattr(obj, "pk", None)


class ProductGridBlock(CatalogBlockMixin, blocks.StructBlock):
    catalog_kind = selectors.PRODUCT_GRID

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    products = blocks.ListBlock(
        SnippetChooserBlock("catalog.Product"),
        label=_("Products"),
        required=False,
        default=[],
        help_text=_(
            "Choose products, or a collection below; leave both empty to show your newest products."
        ),
    )
    collection = SnippetChooserBlock(
        "catalog.Collection", label=_("…or a collection"), required=False
    )
    count = blocks.IntegerBlock(
        label=_("How many from the collection (or newest)"), min_value=1, max_value=24, default=4
    )
    columns = blocks.ChoiceBlock(
        label=_("Columns"),
        choices=[("2", "2"), ("3", "3"), ("4", "4")],
        default="4",
    )

    def clean(self, value):
        value = super().clean(value)
        has_products = any(p for p in value.get("products") or [])
        if has_products and value.get("collection"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "collection": ValidationError(
                        _("Choose some products or one collection (not both).")
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        catalog = self.page_catalog(value, parent_context)
        chosen = [self._pk(p) for p in value.get("products") or [] if p]
        count = value.get("count") or selectors.DEFAULT_COUNT
        collection_pk = self._pk(value.get("collection"))
        if chosen:
            context["products"] = catalog.chosen(chosen)
        elif collection_pk is not None:
            context["products"] = catalog.in_collection(collection_pk, count)
        else:
            context["products"] = catalog.newest_products(count)
            context["shows_newest"] = True
        context["collection"] = catalog.collection(collection_pk)
        return context

    class Meta:
        icon = "table"
        label = _("Product grid")
        template = "cms/blocks/product_grid.html"


class FeaturedCollectionBlock(CatalogBlockMixin, blocks.StructBlock):
    catalog_kind = selectors.FEATURED_COLLECTION

    collection = SnippetChooserBlock("catalog.Collection", label=_("Collection"))
    heading = blocks.CharBlock(
        label=_("Heading"), max_length=120, required=False, help_text=_("Defaults to its title.")
    )
    text = blocks.TextBlock(label=_("Text"), max_length=400, required=False)
    count = blocks.IntegerBlock(label=_("Products shown"), min_value=0, max_value=12, default=3)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        catalog = self.page_catalog(value, parent_context)
        pk = self._pk(value.get("collection"))
        context["collection"] = catalog.collection(pk)
        context["products"] = catalog.in_collection(pk, value.get("count") or 0)
        return context

    class Meta:
        icon = "folder-open-inverse"
        label = _("Featured collection")
        template = "cms/blocks/featured_collection.html"


class FeaturedProductBlock(CatalogBlockMixin, blocks.StructBlock):
    """One product with its price, availability and an add-to-cart form (``cart:add``)."""

    catalog_kind = selectors.FEATURED_PRODUCT

    product = SnippetChooserBlock("catalog.Product", label=_("Product"))
    heading = blocks.CharBlock(
        label=_("Eyebrow"), max_length=60, required=False, help_text=_("e.g. “New this week”")
    )
    text = blocks.TextBlock(
        label=_("Text"),
        max_length=600,
        required=False,
        help_text=_("Defaults to the product's description."),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["product"] = self.page_catalog(value, parent_context).product(
            self._pk(value.get("product"))
        )
        return context

    class Meta:
        icon = "tag"
        label = _("Featured product")
        template = "cms/blocks/featured_product.html"

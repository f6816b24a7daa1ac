"""What a shop sells: products, their variants and images, and collections.

Shapes follow Shopify's, which merchants already know: a product has up to three
options (``Size``, ``Colour``...), named on the product; each variant holds one value
per option and is what is priced, stocked and bought. Tags are a plain text array
(GIN-indexed) because automatic collections and search filter on them directly.
``search_vector``, ``min_price``, ``max_price``, ``option_values`` and ``published_at``
are kept by ``catalog.services`` (no trigger: the shop template clone copies no
functions), in one UPDATE per write, weighting title over tags and SKUs over vendor
and type.

Products and collections are ``ClusterableModel``s and their children hang on
``ParentalKey``s so the Wagtail admin can edit variants, images, rules and manual
members inline in one form; to the ORM they are ordinary foreign keys.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField

from catalog.querysets import CollectionQuerySet, ProductQuerySet, VariantQuerySet
from kernel.money import money_field

MAX_OPTIONS = 3
# Shopify's limit, which merchants importing catalogues will expect us to match.
MAX_VARIANTS = 2048
# What the product description's editor offers; ``catalog.services.descriptions``
# keeps stored descriptions to the same elements.
DESCRIPTION_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class Product(ClusterableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=255)
    handle = models.SlugField(_("handle"), max_length=255, unique=True, allow_unicode=False)
    # Rich text (HTML of the elements in ``DESCRIPTION_FEATURES``); products made
    # before it was rich hold plain text, which the storefront prints with line breaks.
    description = RichTextField(_("description"), blank=True, features=DESCRIPTION_FEATURES)
    vendor = models.CharField(_("vendor"), max_length=255, blank=True, db_index=True)
    product_type = models.CharField(_("product type"), max_length=255, blank=True, db_index=True)
    tags = ArrayField(
        models.CharField(max_length=255), default=list, blank=True, verbose_name=_("tags")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    option1_name = models.CharField(_("option 1"), max_length=255, blank=True)
    option2_name = models.CharField(_("option 2"), max_length=255, blank=True)
    option3_name = models.CharField(_("option 3"), max_length=255, blank=True)
    seo_title = models.CharField(_("SEO title"), max_length=255, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=320, blank=True)
    # Denormalised from the variants by catalog.services, for listing and sorting
    # without a join: price range and whether anything can be bought.
    min_price = money_field(_("lowest price"), null=True, blank=True)
    max_price = money_field(_("highest price"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # Every value any variant holds for any option (``{S, M, Red}``), deduplicated
    # and sorted: the storefront's option filter and its list of choices read this
    # GIN-indexed array instead of every variant of a listing (docs/benchmarks-catalog.md).
    option_values = ArrayField(
        models.CharField(max_length=255), default=list, blank=True, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Units sold (order lines of orders not cancelled, less refunded units): the
    # storefront's "best selling" sort. Refreshed periodically from the order lines by
    # ``storefront.tasks.catalog_sales_refresh``, so it lags sales by up to that period.
    units_sold = models.PositiveIntegerField(_("units sold"), default=0, editable=False)
    # Whether a variant can be bought now (stock available or sold beyond stock):
    # the storefront's "in stock only" filter reads this instead of every variant's
    # stock. Kept by ``catalog.services.product_stock_refresh``, which the inventory
    # services call in the transaction that changes stock.
    in_stock = models.BooleanField(_("in stock"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="product_search_gin"),
            GinIndex(fields=["tags"], name="product_tags_gin"),
            models.Index(fields=["status", "-created_at"], name="product_status_created"),
            # Price sorts break ties by id, so that a "next page" cursor on
            # ``(min_price, id)`` is one row comparison these indexes serve
            # (storefront.keyset). "High to low" sorts nulls last too: a backward scan
            # of the first index would put them first, so it needs its own.
            models.Index(F("status"), F("min_price"), F("id"), name="product_status_price_id"),
            models.Index(
                F("status"),
                F("min_price").desc(nulls_last=True),
                F("id").desc(),
                name="product_status_price_id_desc",
            ),
            models.Index(
                F("status"), F("units_sold").desc(), F("id").desc(), name="product_status_sold"
            ),
            GinIndex(fields=["option_values"], name="product_options_gin"),
            # "Newest": an active product always has ``published_at`` (the services
            # set it), so the storefront's default sort walks this index.
            models.Index(
                F("status"),
                F("published_at").desc(nulls_last=True),
                F("id").desc(),
                name="product_status_published",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "active", "archived"]), name="product_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(min_price__lte=F("max_price")), name="product_price_range_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def option_names(self) -> list[str]:
        return [n for n in (self.option1_name, self.option2_name, self.option3_name) if n]


class Variant(models.Model):
    class InventoryPolicy(models.TextChoices):
        DENY = "deny", _("Stop selling when out of stock")
        CONTINUE = "continue", _("Continue selling when out of stock")

    product = ParentalKey(Product, on_delete=models.CASCADE, related_name="variants")
    option1 = models.CharField(_("option 1 value"), max_length=255, blank=True)
    option2 = models.CharField(_("option 2 value"), max_length=255, blank=True)
    option3 = models.CharField(_("option 3 value"), max_length=255, blank=True)
    sku = models.CharField(_("SKU"), max_length=255, blank=True)
    barcode = models.CharField(_("barcode"), max_length=255, blank=True)
    price = money_field(_("price"), validators=[MinValueValidator(Decimal(0))])
    compare_at_price = money_field(
        _("compare-at price"), null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    cost = money_field(
        _("cost per item"), null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    weight_grams = models.PositiveIntegerField(_("weight (g)"), default=0)
    requires_shipping = models.BooleanField(_("requires shipping"), default=True)
    taxable = models.BooleanField(_("charge tax"), default=True)
    inventory_policy = models.CharField(
        _("when out of stock"),
        max_length=16,
        choices=InventoryPolicy.choices,
        default=InventoryPolicy.DENY,
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VariantQuerySet.as_manager()
    # The admin's inline formset writes the merchant's order here (modelcluster).
    sort_order_field = "position"

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "option1", "option2", "option3"],
                name="variant_options_unique_per_product",
                violation_error_message=_("Two variants of this product have the same options."),
            ),
            models.UniqueConstraint(
                fields=["sku"],
                condition=~Q(sku=""),
                name="variant_sku_unique_when_set",
                violation_error_message=_("That SKU is already used by another variant."),
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="variant_price_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(compare_at_price__isnull=True) | Q(compare_at_price__gte=0),
                name="variant_compare_at_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0), name="variant_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(inventory_policy__in=["deny", "continue"]),
                name="variant_inventory_policy_valid",
            ),
        ]
        indexes = [models.Index(fields=["product", "position"], name="variant_product_position")]

    def __str__(self) -> str:
        return f"{self.product.title} — {self.title}" if self.title else self.product.title

    @property
    def options(self) -> list[str]:
        return [v for v in (self.option1, self.option2, self.option3) if v]

    @property
    def title(self) -> str:
        return " / ".join(self.options)


class ProductImage(models.Model):
    """An image of a product, in the merchant's order; optionally a variant's own."""

    product = ParentalKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(_("alt text"), max_length=255, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    variants = models.ManyToManyField(Variant, blank=True, related_name="images")

    sort_order_field = "position"

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text or f"{self.product_id}#{self.position}"


class Collection(ClusterableModel):
    """A group of products with its own storefront page.

    Manual collections list chosen products in the merchant's order; automatic ones
    hold every active product matching their rules (all or any of them).
    """

    class Kind(models.TextChoices):
        MANUAL = "manual", _("Manual")
        AUTOMATIC = "automatic", _("Automatic")

    class Match(models.TextChoices):
        ALL = "all", _("All conditions")
        ANY = "any", _("Any condition")

    title = models.CharField(_("title"), max_length=255)
    handle = models.SlugField(_("handle"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MANUAL)
    match = models.CharField(
        _("products must match"), max_length=8, choices=Match.choices, default=Match.ALL
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_published = models.BooleanField(_("published"), default=True)
    seo_title = models.CharField(_("SEO title"), max_length=255, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=320, blank=True)
    products = models.ManyToManyField(
        Product, through="CollectionProduct", blank=True, related_name="manual_collections"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["manual", "automatic"]), name="collection_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(match__in=["all", "any"]), name="collection_match_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CollectionProduct(models.Model):
    collection = ParentalKey(Collection, on_delete=models.CASCADE, related_name="memberships")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="memberships")
    position = models.PositiveIntegerField(default=0)

    sort_order_field = "position"

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "product"], name="collection_product_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collection_id}:{self.product_id}"


class CollectionRule(models.Model):
    """One condition of an automatic collection, e.g. ``tag equals summer``."""

    class Field(models.TextChoices):
        TAG = "tag", _("Tag")
        TYPE = "type", _("Product type")
        VENDOR = "vendor", _("Vendor")
        PRICE = "price", _("Price")
        TITLE = "title", _("Title")

    class Relation(models.TextChoices):
        EQUALS = "equals", _("is equal to")
        NOT_EQUALS = "not_equals", _("is not equal to")
        GREATER_THAN = "greater_than", _("is greater than")
        LESS_THAN = "less_than", _("is less than")
        CONTAINS = "contains", _("contains")

    collection = ParentalKey(Collection, on_delete=models.CASCADE, related_name="rules")
    field = models.CharField(_("field"), max_length=16, choices=Field.choices)
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    value = models.CharField(_("value"), max_length=255)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(field__in=["tag", "type", "vendor", "price", "title"]),
                name="collection_rule_field_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    relation__in=["equals", "not_equals", "greater_than", "less_than", "contains"]
                ),
                name="collection_rule_relation_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field} {self.relation} {self.value}"

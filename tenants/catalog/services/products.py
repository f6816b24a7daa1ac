"""Writes of products, their variants and images: the one path every entry point takes.

The shop admin's product form, the bulk actions, the demo seed and (later) the APIs
and CSV import all call these functions. Each checks everything first with
``catalog.services.product_validation`` and raises one ``ValidationError`` keyed by
field, then writes inside ``transaction.atomic``: bad input leaves nothing behind.
The database constraints (unique handle, unique SKU, prices not negative) stay the
backstop for races; a violation is turned back into the same message.

After every write, ``product_refresh_derived`` recomputes the denormalised price range,
option values, publication date and search vector in a single UPDATE, so listings,
their filters and search never join the variants; every write also bumps the shop's
catalogue version (``catalog.versions``), which keys what the storefront caches.
Each write of one product leaves an entry in Wagtail's audit log (``wagtail.create``,
``wagtail.edit``, ``wagtail.delete``: the admin's history shows them), with the staff
``user`` who made it, or none for commands and tasks.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Func, Max, Min, OuterRef, Subquery, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Now
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from billing.limits import limit_check
from catalog.models import MAX_OPTIONS, Product, ProductImage, Variant
from catalog.services.descriptions import description_clean
from catalog.services.handles import handle_generate, handle_validate
from catalog.services.listing import product_in_stock_condition
from catalog.services.product_validation import (
    VARIANT_FIELDS,
    constraint_error,
    options_clean,
    options_of,
    skus_check,
    status_clean,
    tags_normalise,
    text_clean,
    variant_clean,
    variants_clean,
)
from catalog.versions import catalog_version_bump

_UNSET = object()


# --- Denormalised fields ------------------------------------------------------------


def option_values_sql(product_table: str, variant_table: str) -> str:
    """SQL for a product's ``option_values``: its variants' values, distinct, sorted.

    Shared with the catalogue generator and the migration that filled the column, so
    every product holds exactly what this service would have written.
    """
    return (
        f"ARRAY(SELECT DISTINCT o.value FROM {variant_table} AS ov, "  # noqa: S608 — table names from the models, no input
        "unnest(ARRAY[ov.option1, ov.option2, ov.option3]) AS o(value) "
        f"WHERE ov.product_id = {product_table}.id AND o.value <> '' ORDER BY o.value)"
    )


def product_refresh_derived(*, products: Iterable[Product | int]) -> None:
    """Recompute price range, option values, search vector, publication date, in stock.

    One UPDATE in all, called after every write that touches a product or its
    variants, whichever entry point made it. SKUs are weighted like tags so a shop
    assistant typing a SKU finds the product; vendor and type rank below both.
    ``published_at`` is set whenever a product is active: the storefront's "newest"
    sort reads it alone, through an index.
    """
    ids = [p.pk if isinstance(p, Product) else p for p in products]
    if not ids:
        return
    catalog_version_bump()
    tables = Product._meta.db_table, Variant._meta.db_table
    variants = Variant.objects.filter(product=OuterRef("pk")).order_by().values("product")
    tags = Func(F("tags"), Value(" "), function="array_to_string", output_field=TextField())
    skus = Subquery(variants.annotate(v=StringAgg("sku", delimiter=" ")).values("v"))
    Product.objects.filter(pk__in=ids).update(
        min_price=Subquery(variants.annotate(v=Min("price")).values("v")),
        max_price=Subquery(variants.annotate(v=Max("price")).values("v")),
        # Table names from the models, no input: nothing to inject.
        option_values=RawSQL(option_values_sql(*(f'"{t}"' for t in tables)), ()),  # noqa: S611
        published_at=Case(
            When(status=Product.Status.ACTIVE, then=Coalesce(F("published_at"), Now())),
            default=None,
        ),
        search_vector=(
            SearchVector("title", weight="A", config="simple")
            + SearchVector(tags, weight="B", config="simple")
            + SearchVector(skus, weight="B", config="simple")
            + SearchVector("vendor", "product_type", weight="C", config="simple")
        ),
        in_stock=product_in_stock_condition(),
    )


def _reload_derived(product: Product) -> None:
    product.refresh_from_db(
        fields=[
            "min_price",
            "max_price",
            "option_values",
            "published_at",
            "search_vector",
            "in_stock",
        ]
    )


def _saved(write) -> None:
    """Run ``write``; a constraint the checks could not see (a race) becomes a message."""
    try:
        with transaction.atomic():
            write()
    except IntegrityError as exc:
        error = constraint_error(exc)
        if error is None:
            raise
        raise error from exc


def _images_clean(images: Iterable[dict], *, product: Product | None = None) -> list[dict]:
    """Image rows (``image``, ``alt_text``, optional ``id`` of one of this product's)."""
    clean = []
    own = set(product.images.values_list("pk", flat=True)) if product and product.pk else set()
    for given in images:
        pk = given.get("id")
        if pk and pk not in own:
            raise ValidationError({"images": _("That image is not one of this product’s.")})
        image = given.get("image")
        if image is None:
            raise ValidationError({"images": _("Choose an image.")})
        row = {
            "id": pk,
            "image_id": getattr(image, "pk", image),
            "alt_text": text_clean(given.get("alt_text"), field="alt_text"),
        }
        if "variants" in given:
            # The variants this picture shows (Shopify's "Variant image"): ids of
            # this product's own variants only.
            ids = [getattr(v, "pk", v) for v in given["variants"] or ()]
            theirs = set(product.variants.values_list("pk", flat=True)) if product else set()
            if any(i not in theirs for i in ids):
                raise ValidationError({"images": _("That variant is not one of this product’s.")})
            row["variants"] = ids
        clean.append(row)
    return clean


def _images_write(product: Product, images: list[dict]) -> None:
    keep = [row["id"] for row in images if row["id"]]
    product.images.exclude(pk__in=keep).delete()
    for position, row in enumerate(images):
        fields = {"image_id": row["image_id"], "alt_text": row["alt_text"], "position": position}
        if row["id"]:
            ProductImage.objects.filter(pk=row["id"]).update(**fields)
            picture_id = row["id"]
        else:
            picture_id = ProductImage.objects.create(product=product, **fields).pk
        if "variants" in row:
            ProductImage.objects.get(pk=picture_id).variants.set(row["variants"])


def _variants_write(product: Product, variants: list[dict]) -> None:
    """Make the product's variants exactly ``variants``, in that order.

    Removed ones go first so their SKUs and option values are free for the others.
    """
    keep = [v["id"] for v in variants if v.get("id")]
    product.variants.exclude(pk__in=keep).delete()
    new = []
    for position, variant in enumerate(variants):
        fields = {**{k: v for k, v in variant.items() if k != "id"}, "position": position}
        if variant.get("id"):
            Variant.objects.filter(pk=variant["id"]).update(**fields, updated_at=Now())
        else:
            new.append(Variant(product=product, **fields))
    Variant.objects.bulk_create(new)


def _option_names(options) -> list[str]:
    return [*(name for name, _values in options), "", "", ""][:MAX_OPTIONS]


# --- Products -----------------------------------------------------------------------


def product_new_clean(
    *,
    title: str,
    handle: str | None = None,
    description: str = "",
    vendor: str = "",
    product_type: str = "",
    tags: Iterable[str] | str = (),
    status: str = Product.Status.DRAFT,
    options: list[tuple[str, list[str]]] = (),
    variants: list[dict] | None = None,
    seo_title: str = "",
    seo_description: str = "",
    skus_in_shop: bool = True,
) -> tuple[Product, list[dict]]:
    """A new product's fields and variants, checked, not saved: what ``product_create``
    and ``catalog.services.bulk_create`` both write. The handle is left as given
    (lowercased; empty when none): its uniqueness is the caller's check, one product
    or a whole batch at a time, as are the SKUs against the shop (``skus_in_shop``)."""
    title = text_clean(title, field="title", required=True)
    status = status_clean(status)
    options = options_clean(options)
    clean_variants = variants_clean(variants, options=options, skus_in_shop=skus_in_shop)
    names = _option_names(options)
    product = Product(
        title=title,
        handle=(handle or "").strip().lower(),
        description=description_clean(description),
        vendor=text_clean(vendor, field="vendor"),
        product_type=text_clean(product_type, field="product_type"),
        tags=tags_normalise(tags),
        status=status,
        option1_name=names[0],
        option2_name=names[1],
        option3_name=names[2],
        seo_title=text_clean(seo_title, field="seo_title"),
        seo_description=text_clean(seo_description, field="seo_description", max_length=320),
    )
    return product, clean_variants


@transaction.atomic
def product_create(
    *,
    title: str,
    handle: str | None = None,
    description: str = "",
    vendor: str = "",
    product_type: str = "",
    tags: Iterable[str] | str = (),
    status: str = Product.Status.DRAFT,
    options: list[tuple[str, list[str]]] = (),
    variants: list[dict] | None = None,
    images: Iterable[dict] = (),
    seo_title: str = "",
    seo_description: str = "",
    user=None,
) -> Product:
    """Create a product, its variants and images, within the plan's product limit.

    With ``variants=None`` every combination of the option values becomes a variant
    (priced 0, to be priced by the merchant), as Shopify does; a product without
    options gets one variant. The variants go in with one bulk INSERT, so 2,048 of
    them cost what one does.
    """
    product, clean_variants = product_new_clean(
        title=title,
        handle=handle,
        description=description,
        vendor=vendor,
        product_type=product_type,
        tags=tags,
        status=status,
        options=options,
        variants=variants,
        seo_title=seo_title,
        seo_description=seo_description,
    )
    clean_images = _images_clean(images)
    if product.handle:
        product.handle = handle_validate(model=Product, handle=product.handle)
    else:
        product.handle = handle_generate(model=Product, title=product.title)

    # The plan's product limit, checked (with the shop's subscription row locked)
    # inside this transaction, before anything is written.
    limit_check(shop=connection.tenant, resource="products")
    rows = [Variant(product=product, **{"position": i, **v}) for i, v in enumerate(clean_variants)]

    def write():
        product.save()
        Variant.objects.bulk_create(rows)
        if clean_images:
            _images_write(product, clean_images)

    _saved(write)
    product_refresh_derived(products=[product])
    _reload_derived(product)
    log(instance=product, action="wagtail.create", user=user, content_changed=True)
    return product


@transaction.atomic
def product_update(
    *,
    product: Product,
    title=_UNSET,
    handle=_UNSET,
    description=_UNSET,
    vendor=_UNSET,
    product_type=_UNSET,
    tags=_UNSET,
    status=_UNSET,
    options=_UNSET,
    variants=_UNSET,
    images=_UNSET,
    seo_title=_UNSET,
    seo_description=_UNSET,
    user=None,
) -> Product:
    """Change the given fields only.

    A new title keeps the handle (links already shared keep working); pass
    ``handle=None`` to make a new one from the title. ``variants``, when given, is
    the product's whole list: a dict with the ``id`` of one of its variants changes
    that variant, one without adds a variant, and variants left out are deleted
    (with their stock). ``images`` works the same way. ``options`` (names with
    their values, as for ``product_create``) renames the options.
    """
    changes: dict = {}
    if title is not _UNSET:
        changes["title"] = text_clean(title, field="title", required=True)
    if description is not _UNSET:
        changes["description"] = description_clean(description)
    for field, value in (
        ("vendor", vendor),
        ("product_type", product_type),
        ("seo_title", seo_title),
    ):
        if value is not _UNSET:
            changes[field] = text_clean(value, field=field)
    if seo_description is not _UNSET:
        changes["seo_description"] = text_clean(
            seo_description, field="seo_description", max_length=320
        )
    if tags is not _UNSET:
        changes["tags"] = tags_normalise(tags)
    if status is not _UNSET:
        changes["status"] = status_clean(status)
    if handle is not _UNSET:
        if handle:
            changes["handle"] = handle_validate(model=Product, handle=handle, exclude_pk=product.pk)
        else:
            changes["handle"] = handle_generate(
                model=Product, title=changes.get("title", product.title), exclude_pk=product.pk
            )
    if options is not _UNSET:
        options = options_clean(options)
        names = _option_names(options)
        changes.update(option1_name=names[0], option2_name=names[1], option3_name=names[2])
    clean_variants = None
    if variants is not _UNSET:
        if options is _UNSET:
            options = options_clean(options_of(product.option_names, variants))
        own = set(product.variants.values_list("pk", flat=True))
        if any(v.get("id") and v["id"] not in own for v in variants):
            raise ValidationError({"variants": _("That variant is not one of this product’s.")})
        clean_variants = variants_clean(variants, options=options, exclude_variant_pks=own)
    clean_images = None if images is _UNSET else _images_clean(images, product=product)
    for field, value in changes.items():
        setattr(product, field, value)

    def write():
        product.save(update_fields=[*changes, "updated_at"])
        if clean_variants is not None:
            _variants_write(product, clean_variants)
        if clean_images is not None:
            _images_write(product, clean_images)

    _saved(write)
    product_refresh_derived(products=[product])
    _reload_derived(product)
    log(instance=product, action="wagtail.edit", user=user, content_changed=True)
    return product


_STATUS_LOG_ACTIONS = {
    Product.Status.ACTIVE: "catalog.product.publish",
    Product.Status.ARCHIVED: "catalog.product.archive",
    Product.Status.DRAFT: "catalog.product.unpublish",
}


@transaction.atomic
def product_set_status(*, products: Iterable[Product | int], status: str, user=None) -> int:
    """Publish, archive or unpublish many products at once (the admin's bulk actions).

    ``published_at`` is set the first time a product becomes active and cleared when
    it leaves that state, in the same UPDATE. Each product gets its own audit entry.
    Returns how many products changed.
    """
    status = status_clean(status)
    ids = [p.pk if isinstance(p, Product) else p for p in products]
    catalog_version_bump()
    published_at = Coalesce(F("published_at"), Now()) if status == Product.Status.ACTIVE else None
    changed = (
        Product.objects.filter(pk__in=ids)
        .exclude(status=status)
        .update(status=status, published_at=published_at)
    )
    for product in Product.objects.filter(pk__in=ids):
        log(instance=product, action=_STATUS_LOG_ACTIONS[status], user=user)
    return changed


@transaction.atomic
def product_delete(*, product: Product, user=None) -> None:
    """Delete a product with its variants, images and collection memberships.

    The Wagtail images themselves stay in the shop's image library.
    """
    log(instance=product, action="wagtail.delete", user=user, deleted=True)
    product.delete()
    catalog_version_bump()


# --- Variants -----------------------------------------------------------------------


@transaction.atomic
def variant_update(*, variant: Variant, user=None, **fields) -> Variant:
    """Change some of a variant's fields; the product's price range and search follow."""
    product = variant.product
    current = {name: getattr(variant, name) for name in VARIANT_FIELDS}
    clean = variant_clean({**current, **fields}, option_names=product.option_names)
    if clean["sku"] and clean["sku"] != variant.sku:
        skus_check([clean["sku"]], exclude_variant_pks=[variant.pk])
    for name, value in clean.items():
        setattr(variant, name, value)
    _saved(variant.save)
    product_refresh_derived(products=[product])
    log(instance=product, action="wagtail.edit", user=user, content_changed=True)
    return variant

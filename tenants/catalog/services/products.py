"""Writes of products and their variants.

Every function validates everything first and raises one ``ValidationError`` keyed by
field (so a form can show each message next to its input), then writes inside
``transaction.atomic``: bad input leaves nothing behind. The database constraints
(unique handle, unique SKU, prices not negative) stay the backstop for races; a
violation of the SKU constraint is turned back into the same message.

After every write, ``product_refresh_derived`` recomputes the denormalised price range,
option values, publication date and search vector in a single UPDATE, so listings,
their filters and search never join the variants; every write also bumps the shop's
catalogue version (``catalog.versions``), which keys what the storefront caches.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Func, Max, Min, OuterRef, Subquery, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Now
from django.utils.translation import gettext as _

from billing.limits import limit_check
from catalog.models import MAX_OPTIONS, MAX_VARIANTS, Product, Variant
from catalog.services.handles import handle_generate, handle_validate
from catalog.services.listing import product_in_stock_condition
from catalog.versions import catalog_version_bump
from kernel.money import money_parse

_UNSET = object()
TEXT_MAX_LENGTH = 255
# Two decimal places and at most 12 digits, as the money columns hold.
VARIANT_FIELDS = frozenset(
    {
        "option1",
        "option2",
        "option3",
        "sku",
        "barcode",
        "price",
        "compare_at_price",
        "cost",
        "weight_grams",
        "requires_shipping",
        "taxable",
        "inventory_policy",
        "position",
    }
)
_CONSTRAINT_MESSAGES = {
    "variant_sku_unique_when_set": ("sku", "That SKU is already used by another variant."),
    "variant_options_unique_per_product": (
        "variants",
        "Two variants of this product have the same option values.",
    ),
    "catalog_product_handle_key": ("handle", "That handle is already used."),
}


# --- Cleaning ---------------------------------------------------------------------


def tags_normalise(tags: Iterable[str] | str) -> list[str]:
    """Trimmed, inner spaces collapsed, deduplicated ignoring case (first spelling kept).

    A string is read as a comma-separated list, as merchants type tags.
    """
    if isinstance(tags, str):
        tags = tags.split(",")
    seen: set[str] = set()
    result = []
    for tag in tags:
        tag = " ".join(str(tag).split())
        if not tag or tag.casefold() in seen:
            continue
        if len(tag) > TEXT_MAX_LENGTH:
            raise ValidationError(
                {"tags": _("A tag can be at most %(max)d characters.") % {"max": TEXT_MAX_LENGTH}}
            )
        seen.add(tag.casefold())
        result.append(tag)
    return result


def options_clean(options) -> list[tuple[str, list[str]]]:
    """Up to three named options, each with distinct, non-empty values."""
    options = list(options or ())
    if len(options) > MAX_OPTIONS:
        raise ValidationError(
            {"options": _("A product can have at most %(max)d options.") % {"max": MAX_OPTIONS}}
        )
    cleaned: list[tuple[str, list[str]]] = []
    names: set[str] = set()
    errors = []
    for name, values in options:
        name = " ".join(str(name or "").split())
        if not name:
            errors.append(_("Every option needs a name."))
            continue
        if name.casefold() in names:
            errors.append(_("The option “%(name)s” appears twice.") % {"name": name})
            continue
        names.add(name.casefold())
        seen: set[str] = set()
        clean_values = []
        for value in values or ():
            value = " ".join(str(value or "").split())
            if not value:
                errors.append(_("The option “%(name)s” has an empty value.") % {"name": name})
            elif value.casefold() in seen:
                errors.append(
                    _("The option “%(name)s” lists “%(value)s” twice.")
                    % {"name": name, "value": value}
                )
            elif len(value) > TEXT_MAX_LENGTH:
                errors.append(
                    _("Option values can be at most %(max)d characters.") % {"max": TEXT_MAX_LENGTH}
                )
            else:
                seen.add(value.casefold())
                clean_values.append(value)
        if not clean_values and not errors:
            errors.append(_("The option “%(name)s” needs at least one value.") % {"name": name})
        cleaned.append((name, clean_values))
    if errors:
        raise ValidationError({"options": errors})
    return cleaned


def variant_clean(data: dict, *, option_names: list[str], allowed_values=None) -> dict:
    """One variant's fields, checked; ``allowed_values`` (per option) when known."""
    unknown = set(data) - VARIANT_FIELDS
    if unknown:
        raise ValidationError(
            {
                "variants": _("Unknown variant fields: %(names)s.")
                % {"names": ", ".join(sorted(unknown))}
            }
        )
    clean: dict = {}
    for i in range(MAX_OPTIONS):
        key = f"option{i + 1}"
        value = " ".join(str(data.get(key) or "").split())
        if i < len(option_names):
            if not value:
                raise ValidationError(
                    {key: _("Choose a value for “%(name)s”.") % {"name": option_names[i]}}
                )
            if allowed_values is not None and value not in allowed_values[i]:
                raise ValidationError(
                    {
                        key: _("“%(value)s” is not a value of “%(name)s”.")
                        % {"value": value, "name": option_names[i]}
                    }
                )
        elif value:
            raise ValidationError({key: _("This product has no option %(n)d.") % {"n": i + 1}})
        clean[key] = value
    for key in ("sku", "barcode"):
        clean[key] = str(data.get(key) or "").strip()
        if len(clean[key]) > TEXT_MAX_LENGTH:
            raise ValidationError(
                {key: _("At most %(max)d characters.") % {"max": TEXT_MAX_LENGTH}}
            )
    clean["price"] = money_parse(data.get("price", Decimal(0)), field="price")
    clean["compare_at_price"] = money_parse(
        data.get("compare_at_price"), field="compare_at_price", required=False
    )
    clean["cost"] = money_parse(data.get("cost"), field="cost", required=False)
    weight = data.get("weight_grams", 0)
    if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
        raise ValidationError(
            {"weight_grams": _("The weight is a whole number of grams, 0 or more.")}
        )
    clean["weight_grams"] = weight
    clean["requires_shipping"] = bool(data.get("requires_shipping", True))
    clean["taxable"] = bool(data.get("taxable", True))
    policy = data.get("inventory_policy", Variant.InventoryPolicy.DENY)
    if policy not in Variant.InventoryPolicy.values:
        raise ValidationError({"inventory_policy": _("Choose deny or continue.")})
    clean["inventory_policy"] = policy
    if "position" in data:
        clean["position"] = int(data["position"])
    return clean


def sku_conflicts(skus: Iterable[str], *, exclude_variant_pks: Iterable[int] = ()) -> list[str]:
    """SKUs (among ``skus``) already held by a variant not in ``exclude_variant_pks``."""
    skus = [s for s in skus if s]
    if not skus:
        return []
    return sorted(
        Variant.objects.filter(sku__in=skus)
        .exclude(pk__in=list(exclude_variant_pks))
        .values_list("sku", flat=True)
    )


def _check_skus(skus: list[str], *, exclude_variant_pks: Iterable[int] = ()) -> None:
    given = [s for s in skus if s]
    repeated = (
        sorted({s for s in given if given.count(s) > 1}) if len(set(given)) < len(given) else []
    )
    if repeated:
        raise ValidationError(
            {
                "sku": _("Each variant needs its own SKU: %(skus)s repeated.")
                % {"skus": ", ".join(repeated)}
            }
        )
    taken = sku_conflicts(given, exclude_variant_pks=exclude_variant_pks)
    if taken:
        raise ValidationError(
            {
                "sku": _("SKU already used by another variant: %(skus)s.")
                % {"skus": ", ".join(taken)}
            }
        )


def text_clean(
    value, *, field: str, required: bool = False, max_length: int = TEXT_MAX_LENGTH
) -> str:
    value = " ".join(str(value or "").split())
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError({field: _("At most %(max)d characters.") % {"max": max_length}})
    return value


def _status(value) -> str:
    if value not in Product.Status.values:
        raise ValidationError({"status": _("Choose draft, active or archived.")})
    return value


def _constraint_error(exc: IntegrityError) -> ValidationError | None:
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    if name in _CONSTRAINT_MESSAGES:
        field, message = _CONSTRAINT_MESSAGES[name]
        return ValidationError({field: _(message)})
    return None


# --- Denormalised fields ------------------------------------------------------------


def option_values_sql(product_table: str, variant_table: str) -> str:
    """SQL for a product's ``option_values``: its variants' values, distinct, sorted.

    Shared with the catalogue generator and the migration that filled the column, so
    every product holds exactly what this service would have written.
    """
    return (
        f"ARRAY(SELECT DISTINCT o.value FROM {variant_table} AS ov, "
        "unnest(ARRAY[ov.option1, ov.option2, ov.option3]) AS o(value) "
        f"WHERE ov.product_id = {product_table}.id AND o.value <> '' ORDER BY o.value)"
    )


def product_refresh_derived(*, products: Iterable[Product | int]) -> None:
    """Recompute price range, option values, search vector, publication date, in stock.

    One UPDATE in all, called after every write that touches a product or its
    variants, including the admin's form saves. SKUs are weighted like tags so a shop
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


# --- Products -----------------------------------------------------------------------


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
    seo_title: str = "",
    seo_description: str = "",
) -> Product:
    """Create a product and its variants.

    With ``variants=None`` every combination of the option values becomes a variant
    (priced 0, to be priced by the merchant), as Shopify does; a product without
    options gets one variant. The variants go in with one bulk INSERT, so 2,048 of
    them cost what one does.
    """
    title = text_clean(title, field="title", required=True)
    status = _status(status)
    options = options_clean(options)
    option_names = [name for name, _values in options]
    allowed = [set(values) for _name, values in options]
    if variants is None:
        count = math.prod(len(values) for _name, values in options)
        if count > MAX_VARIANTS:
            raise ValidationError(
                {
                    "options": _(
                        "These options make %(count)d variants; a product can have at most %(max)d."
                    )
                    % {"count": count, "max": MAX_VARIANTS}
                }
            )
        combos = itertools.product(*(values for _name, values in options))
        variants = [{f"option{i + 1}": v for i, v in enumerate(combo)} for combo in combos]
    elif len(variants) > MAX_VARIANTS:
        raise ValidationError(
            {
                "variants": _("A product can have at most %(max)d variants, not %(count)d.")
                % {"max": MAX_VARIANTS, "count": len(variants)}
            }
        )
    elif not variants:
        raise ValidationError({"variants": _("A product needs at least one variant.")})
    clean_variants = [
        variant_clean(v, option_names=option_names, allowed_values=allowed) for v in variants
    ]
    combos_seen = {(v["option1"], v["option2"], v["option3"]) for v in clean_variants}
    if len(combos_seen) < len(clean_variants):
        raise ValidationError(
            {"variants": _("Two variants of this product have the same option values.")}
        )
    _check_skus([v["sku"] for v in clean_variants])
    if handle:
        handle = handle_validate(model=Product, handle=handle)
    else:
        handle = handle_generate(model=Product, title=title)

    # The plan's product limit, checked (with the shop's subscription row locked)
    # inside this transaction, before anything is written.
    limit_check(shop=connection.tenant, resource="products")
    names = [*option_names, "", "", ""][:MAX_OPTIONS]
    product = Product(
        title=title,
        handle=handle,
        description=description or "",
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
    rows = [Variant(product=product, **{"position": i, **v}) for i, v in enumerate(clean_variants)]
    try:
        with transaction.atomic():
            product.save()
            Variant.objects.bulk_create(rows)
    except IntegrityError as exc:
        error = _constraint_error(exc)
        if error is None:
            raise
        raise error from exc
    product_refresh_derived(products=[product])
    _reload_derived(product)
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
    seo_title=_UNSET,
    seo_description=_UNSET,
) -> Product:
    """Change the given fields only.

    A new title keeps the handle (links already shared keep working); pass
    ``handle=None`` to make a new one from the title.
    """
    changes: dict = {}
    if title is not _UNSET:
        changes["title"] = text_clean(title, field="title", required=True)
    if description is not _UNSET:
        changes["description"] = description or ""
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
        changes["status"] = _status(status)
    if handle is not _UNSET:
        if handle:
            changes["handle"] = handle_validate(model=Product, handle=handle, exclude_pk=product.pk)
        else:
            changes["handle"] = handle_generate(
                model=Product, title=changes.get("title", product.title), exclude_pk=product.pk
            )
    for field, value in changes.items():
        setattr(product, field, value)
    try:
        with transaction.atomic():
            product.save(update_fields=[*changes, "updated_at"])
    except IntegrityError as exc:
        error = _constraint_error(exc)
        if error is None:
            raise
        raise error from exc
    product_refresh_derived(products=[product])
    _reload_derived(product)
    return product


@transaction.atomic
def product_set_status(*, products: Iterable[Product | int], status: str) -> int:
    """Publish, archive or unpublish many products at once (the admin's bulk actions).

    ``published_at`` is set the first time a product becomes active and cleared when
    it leaves that state, in the same UPDATE. Returns how many products changed.
    """
    status = _status(status)
    ids = [p.pk if isinstance(p, Product) else p for p in products]
    catalog_version_bump()
    published_at = Coalesce(F("published_at"), Now()) if status == Product.Status.ACTIVE else None
    return (
        Product.objects.filter(pk__in=ids)
        .exclude(status=status)
        .update(status=status, published_at=published_at)
    )


@transaction.atomic
def product_delete(*, product: Product) -> None:
    """Delete a product with its variants, images and collection memberships.

    The Wagtail images themselves stay in the shop's image library.
    """
    product.delete()
    catalog_version_bump()


# --- Variants -----------------------------------------------------------------------


@transaction.atomic
def variant_update(*, variant: Variant, **fields) -> Variant:
    """Change some of a variant's fields; the product's price range and search follow."""
    product = variant.product
    current = {name: getattr(variant, name) for name in VARIANT_FIELDS}
    clean = variant_clean({**current, **fields}, option_names=product.option_names)
    if clean["sku"] and clean["sku"] != variant.sku:
        _check_skus([clean["sku"]], exclude_variant_pks=[variant.pk])
    for name, value in clean.items():
        setattr(variant, name, value)
    try:
        with transaction.atomic():
            variant.save()
    except IntegrityError as exc:
        error = _constraint_error(exc)
        if error is None:
            raise
        raise error from exc
    product_refresh_derived(products=[product])
    return variant

"""What a product and its variants may hold: the checks behind every product write.

Kept apart from the writes (``catalog.services.products``) so the admin form, the
services and (later) the APIs and CSV import ask the same functions and refuse the
same things with the same message. Each raises one ``ValidationError`` keyed by
field, so a form can show each message next to its input.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from catalog.models import MAX_OPTIONS, MAX_VARIANTS, Product, Variant
from kernel.money import money_parse

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
CONSTRAINT_MESSAGES = {
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


def skus_check(
    skus: list[str], *, exclude_variant_pks: Iterable[int] = (), in_shop: bool = True
) -> None:
    """No SKU repeated in ``skus`` nor (``in_shop``) held by another variant.

    ``in_shop=False`` is for callers that check a whole batch against the shop in one
    query (``catalog.services.bulk_create``)."""
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
    taken = sku_conflicts(given, exclude_variant_pks=exclude_variant_pks) if in_shop else []
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


def status_clean(value) -> str:
    if value not in Product.Status.values:
        raise ValidationError({"status": _("Choose draft, active or archived.")})
    return value


def constraint_error(exc: IntegrityError) -> ValidationError | None:
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    if name in CONSTRAINT_MESSAGES:
        field, message = CONSTRAINT_MESSAGES[name]
        return ValidationError({field: _(message)})
    return None


def variants_clean(
    variants: list[dict] | None,
    *,
    options: list[tuple[str, list[str]]],
    exclude_variant_pks: Iterable[int] = (),
    skus_in_shop: bool = True,
) -> list[dict]:
    """A product's whole list of variants, checked together.

    With ``variants=None`` every combination of the option values becomes a variant
    (priced 0, to be priced by the merchant), as Shopify does; a product without
    options gets one. A variant dict may carry ``id`` (an existing variant of the
    product, kept through the cleaning). ``exclude_variant_pks``: the product's own
    variants, whose SKUs may be reused.
    """
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
    clean_variants = []
    for given in variants:
        given = dict(given)
        pk = given.pop("id", None)
        clean = variant_clean(given, option_names=option_names, allowed_values=allowed)
        clean_variants.append({"id": pk, **clean} if pk else clean)
    combos_seen = {(v["option1"], v["option2"], v["option3"]) for v in clean_variants}
    if len(combos_seen) < len(clean_variants):
        raise ValidationError(
            {"variants": _("Two variants of this product have the same option values.")}
        )
    skus_check(
        [v["sku"] for v in clean_variants],
        exclude_variant_pks=exclude_variant_pks,
        in_shop=skus_in_shop,
    )
    return clean_variants


def options_of(names: Iterable[str], variants: Iterable[dict]) -> list[tuple[str, list[str]]]:
    """Options named ``names`` with the values the variants hold, in first-seen order.

    For inputs that give the option names and the variants but no list of values
    (the admin form): the values are then whatever the variants use.
    """
    options = []
    for i, name in enumerate(n for n in names if (n or "").strip()):
        values = []
        for variant in variants:
            value = " ".join(str(variant.get(f"option{i + 1}") or "").split())
            if value and value not in values:
                values.append(value)
        options.append((name, values))
    return options

"""Writes of collections: manual ones (chosen products, in order) and automatic ones
(rules over tag, type, vendor, title and price, all or any of them).

Every entry point (the admin's collection form, the demo seed, later the APIs)
writes through these functions; each write of a collection leaves an entry in
Wagtail's audit log with the staff ``user`` who made it (none for commands).

Rules are checked here with the same function the admin form uses, so a rule that
could never match ("price contains 3", "price greater than abc") is refused with a
message instead of silently making an empty collection.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from catalog.models import Collection, CollectionProduct, CollectionRule, Product
from catalog.services.handles import handle_generate, handle_validate
from catalog.services.product_validation import text_clean
from catalog.versions import catalog_version_bump

_UNSET = object()
Field = CollectionRule.Field
Relation = CollectionRule.Relation
RELATIONS_BY_FIELD = {
    Field.TAG: {Relation.EQUALS, Relation.NOT_EQUALS},
    Field.TYPE: {Relation.EQUALS, Relation.NOT_EQUALS, Relation.CONTAINS},
    Field.VENDOR: {Relation.EQUALS, Relation.NOT_EQUALS, Relation.CONTAINS},
    Field.TITLE: {Relation.EQUALS, Relation.NOT_EQUALS, Relation.CONTAINS},
    Field.PRICE: {
        Relation.EQUALS,
        Relation.NOT_EQUALS,
        Relation.GREATER_THAN,
        Relation.LESS_THAN,
    },
}


def rule_problem(*, field: str, relation: str, value: str) -> str | None:
    """Why this rule cannot be used, in the merchant's words; None if it is fine."""
    if field not in RELATIONS_BY_FIELD:
        return _("Choose what the rule looks at (tag, type, vendor, title or price).")
    if relation not in RELATIONS_BY_FIELD[field]:
        return _("“%(relation)s” cannot be used with %(field)s.") % {
            "relation": Relation(relation).label if relation in Relation.values else relation,
            "field": Field(field).label.lower(),
        }
    value = (value or "").strip()
    if not value:
        return _("Enter a value for the rule.")
    if field == Field.PRICE:
        try:
            amount = Decimal(value)
        except InvalidOperation:
            return _("“%(value)s” is not a price.") % {"value": value}
        if not amount.is_finite() or amount < 0:
            return _("“%(value)s” is not a price.") % {"value": value}
    return None


def _rules_clean(rules, *, kind: str) -> list[dict]:
    clean = []
    errors = []
    for rule in rules or ():
        if not isinstance(rule, dict):
            rule = dict(zip(("field", "relation", "value"), rule, strict=True))
        problem = rule_problem(**rule)
        if problem:
            errors.append(problem)
        clean.append({**rule, "value": rule["value"].strip()})
    if errors:
        raise ValidationError({"rules": errors})
    if kind == Collection.Kind.AUTOMATIC and not clean:
        raise ValidationError({"rules": _("An automatic collection needs at least one rule.")})
    if kind == Collection.Kind.MANUAL and clean:
        raise ValidationError({"rules": _("A manual collection has no rules.")})
    return clean


def _choice(value, choices, *, field: str) -> str:
    if value not in choices.values:
        raise ValidationError(
            {field: _("Choose one of: %(c)s.") % {"c": ", ".join(choices.values)}}
        )
    return value


@transaction.atomic
def collection_create(
    *,
    title: str,
    handle: str | None = None,
    description: str = "",
    kind: str = Collection.Kind.MANUAL,
    match: str = Collection.Match.ALL,
    rules: Iterable = (),
    is_published: bool = True,
    image=None,
    products: Iterable[Product | int] | None = None,
    seo_title: str = "",
    seo_description: str = "",
    user=None,
) -> Collection:
    """Create a collection; ``rules`` are dicts or ``(field, relation, value)`` tuples.

    ``products``: a manual collection's products, in order.
    """
    title = text_clean(title, field="title", required=True)
    kind = _choice(kind, Collection.Kind, field="kind")
    match = _choice(match, Collection.Match, field="match")
    clean_rules = _rules_clean(rules, kind=kind)
    if handle:
        handle = handle_validate(model=Collection, handle=handle)
    else:
        handle = handle_generate(model=Collection, title=title)
    collection = Collection.objects.create(
        title=title,
        handle=handle,
        description=description or "",
        kind=kind,
        match=match,
        is_published=is_published,
        image=image,
        seo_title=text_clean(seo_title, field="seo_title"),
        seo_description=text_clean(seo_description, field="seo_description", max_length=320),
    )
    CollectionRule.objects.bulk_create(
        CollectionRule(collection=collection, **rule) for rule in clean_rules
    )
    if products is not None:
        collection_set_products(collection=collection, products=products)
    catalog_version_bump()
    log(instance=collection, action="wagtail.create", user=user, content_changed=True)
    return collection


@transaction.atomic
def collection_update(
    *,
    collection: Collection,
    title=_UNSET,
    handle=_UNSET,
    description=_UNSET,
    match=_UNSET,
    rules=_UNSET,
    is_published=_UNSET,
    image=_UNSET,
    products=_UNSET,
    seo_title=_UNSET,
    seo_description=_UNSET,
    user=None,
) -> Collection:
    """Change the given fields; ``rules`` or ``products``, when given, replace them all.

    The kind (manual or automatic) is fixed at creation, as in Shopify: turning one
    into the other would silently drop the merchant's choices or rules.
    """
    changes: dict = {}
    if title is not _UNSET:
        changes["title"] = text_clean(title, field="title", required=True)
    if description is not _UNSET:
        changes["description"] = description or ""
    if match is not _UNSET:
        changes["match"] = _choice(match, Collection.Match, field="match")
    if is_published is not _UNSET:
        changes["is_published"] = bool(is_published)
    if image is not _UNSET:
        changes["image"] = image
    if seo_title is not _UNSET:
        changes["seo_title"] = text_clean(seo_title, field="seo_title")
    if seo_description is not _UNSET:
        changes["seo_description"] = text_clean(
            seo_description, field="seo_description", max_length=320
        )
    if handle is not _UNSET:
        if handle:
            changes["handle"] = handle_validate(
                model=Collection, handle=handle, exclude_pk=collection.pk
            )
        else:
            changes["handle"] = handle_generate(
                model=Collection,
                title=changes.get("title", collection.title),
                exclude_pk=collection.pk,
            )
    clean_rules = None if rules is _UNSET else _rules_clean(rules, kind=collection.kind)
    for field, value in changes.items():
        setattr(collection, field, value)
    collection.save(update_fields=[*changes, "updated_at"])
    if clean_rules is not None:
        CollectionRule.objects.filter(collection=collection).delete()
        CollectionRule.objects.bulk_create(
            CollectionRule(collection=collection, **rule) for rule in clean_rules
        )
    if products is not _UNSET:
        collection_set_products(collection=collection, products=products)
    catalog_version_bump()
    log(instance=collection, action="wagtail.edit", user=user, content_changed=True)
    return collection


@transaction.atomic
def collection_set_products(
    *, collection: Collection, products: Iterable[Product | int]
) -> list[int]:
    """Make a manual collection hold exactly ``products``, in that order.

    Repeats are dropped (first place kept). Ids that are not products of this shop
    are refused rather than skipped, so a stale admin page cannot silently lose some.
    Returns the product ids in their new order.
    """
    if collection.kind != Collection.Kind.MANUAL:
        raise ValidationError(
            {"products": _("Products of an automatic collection are chosen by its rules.")}
        )
    ids = list(dict.fromkeys(p.pk if isinstance(p, Product) else int(p) for p in products))
    found = set(Product.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {"products": _("These products no longer exist: %(ids)s.") % {"ids": missing}}
        )
    CollectionProduct.objects.filter(collection=collection).delete()
    CollectionProduct.objects.bulk_create(
        CollectionProduct(collection=collection, product_id=pk, position=i)
        for i, pk in enumerate(ids)
    )
    catalog_version_bump()
    return ids


@transaction.atomic
def product_collections_set(
    *, product: Product, collections: Iterable[Collection | int], user=None
) -> list[int]:
    """Make ``product`` a member of exactly these manual collections (the product form).

    A collection it joins gets it at the end of its order; those it stays in keep
    its place. Automatic collections choose their products by rules, so naming one
    is refused. Returns the ids of the collections whose members changed.
    """
    wanted = {c.pk if isinstance(c, Collection) else int(c) for c in collections}
    found = dict(Collection.objects.filter(pk__in=wanted).values_list("pk", "kind"))
    if set(found) != wanted:
        raise ValidationError({"collections": _("That collection no longer exists.")})
    if any(kind != Collection.Kind.MANUAL for kind in found.values()):
        raise ValidationError(
            {"collections": _("Products of an automatic collection are chosen by its rules.")}
        )
    current = set(
        CollectionProduct.objects.filter(product=product).values_list("collection_id", flat=True)
    )
    leaving, joining = current - wanted, wanted - current
    if leaving:
        CollectionProduct.objects.filter(product=product, collection_id__in=leaving).delete()
    if joining:
        last = dict(
            CollectionProduct.objects.filter(collection_id__in=joining)
            .values("collection_id")
            .annotate(last=Max("position"))
            .values_list("collection_id", "last")
        )
        CollectionProduct.objects.bulk_create(
            CollectionProduct(collection_id=pk, product=product, position=last.get(pk, -1) + 1)
            for pk in sorted(joining)
        )
    changed = sorted(leaving | joining)
    if changed:
        catalog_version_bump()
        for collection in Collection.objects.filter(pk__in=changed):
            log(instance=collection, action="wagtail.edit", user=user, content_changed=True)
    return changed


@transaction.atomic
def collection_delete(*, collection: Collection, user=None) -> None:
    log(instance=collection, action="wagtail.delete", user=user, deleted=True)
    collection.delete()
    catalog_version_bump()

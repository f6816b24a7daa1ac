"""Denormalised listing data stays true to the variants; writes change the version.

``option_values`` feeds the storefront's option filter and its choices,
``published_at`` its "newest" sort; the catalogue version keys what the storefront
caches. Each is checked after every kind of write that can change it.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from catalog.models import Product, Variant
from catalog.services import (
    collection_create,
    collection_delete,
    collection_set_products,
    collection_update,
    product_create,
    product_delete,
    product_refresh_derived,
    product_set_status,
    product_update,
    variant_update,
)
from catalog.versions import catalog_version

pytestmark = pytest.mark.usefixtures("alpha")


def _values(product) -> list[str]:
    return Product.objects.get(pk=product.pk).option_values


@pytest.fixture
def shirt():
    return product_create(
        title="Shirt",
        options=[("Size", ["S", "M"]), ("Colour", ["Red", "Blue"])],
        status="active",
    )


def test_create_stores_every_option_value_once_sorted(shirt):
    assert shirt.option_values == ["Blue", "M", "Red", "S"]
    assert product_create(title="Gift card").option_values == []


def test_renaming_a_variants_option_value_updates_the_product(shirt):
    for variant in shirt.variants.filter(option1="M"):
        variant_update(variant=variant, option1="XL")
    assert _values(shirt) == ["Blue", "Red", "S", "XL"]


def test_a_value_stays_while_one_variant_still_has_it(shirt):
    variant_update(variant=shirt.variants.get(option1="M", option2="Red"), option1="L")
    assert _values(shirt) == ["Blue", "L", "M", "Red", "S"]  # M/Blue still exists


def test_adding_and_removing_variants_as_the_admin_does(shirt):
    """The admin's form saves the variants, then calls ``product_refresh_derived``."""
    Variant.objects.create(product=shirt, option1="L", option2="Green", price=5)
    product_refresh_derived(products=[shirt])
    assert _values(shirt) == ["Blue", "Green", "L", "M", "Red", "S"]
    shirt.variants.filter(option2="Red").delete()
    product_refresh_derived(products=[shirt])
    assert _values(shirt) == ["Blue", "Green", "L", "M", "S"]


def test_active_products_always_have_a_publication_date(shirt):
    draft = product_create(title="Draft")
    assert draft.published_at is None and shirt.published_at is not None
    product_update(product=draft, status="active")
    assert Product.objects.get(pk=draft.pk).published_at is not None
    product_set_status(products=[shirt], status="draft")
    assert Product.objects.get(pk=shirt.pk).published_at is None
    product_set_status(products=[shirt], status="active")
    assert Product.objects.get(pk=shirt.pk).published_at is not None
    assert not Product.objects.filter(status="active", published_at__isnull=True).exists()


def test_every_catalogue_write_changes_the_version_on_commit(
    shirt, django_capture_on_commit_callbacks
):
    def _bumps(write) -> bool:
        before = catalog_version()
        with django_capture_on_commit_callbacks(execute=True):
            write()
        return catalog_version() != before

    variant = shirt.variants.first()
    writes = {
        "create": lambda: product_create(title="Hat"),
        "update": lambda: product_update(product=shirt, title="Shirt 2"),
        "variant": lambda: variant_update(variant=variant, price="7.00"),
        "status": lambda: product_set_status(products=[shirt], status="archived"),
        "collection": lambda: collection_create(title="Sale", handle="sale"),
    }
    for name, write in writes.items():
        assert _bumps(write), name
    with django_capture_on_commit_callbacks(execute=True):
        sale = collection_create(title="Summer", handle="summer")
    for name, write in {
        "collection update": lambda: collection_update(collection=sale, title="Summer!"),
        "collection products": lambda: collection_set_products(collection=sale, products=[shirt]),
        "collection delete": lambda: collection_delete(collection=sale),
        "product delete": lambda: product_delete(product=shirt),
    }.items():
        assert _bumps(write), name


def test_the_version_changes_only_after_commit(shirt, django_capture_on_commit_callbacks):
    before = catalog_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        product_update(product=shirt, title="Renamed")
    assert catalog_version() == before  # not committed yet: readers keep the old one
    for callback in callbacks:
        callback()
    assert catalog_version() != before


def test_a_write_in_one_shop_leaves_the_other_shops_version(
    shirt, shop_b, django_capture_on_commit_callbacks
):
    mine = connection.schema_name
    theirs_before = catalog_version(schema_name=shop_b.schema_name)
    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=shirt, title="Renamed")
    assert catalog_version(schema_name=shop_b.schema_name) == theirs_before
    with schema_context(shop_b.schema_name):
        assert catalog_version() == theirs_before
    assert catalog_version(schema_name=mine) != theirs_before

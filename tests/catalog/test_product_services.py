"""Product and variant writes: what they store, what they refuse, what they cost."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog.models import MAX_VARIANTS, Product, Variant
from catalog.services import (
    product_create,
    product_delete,
    product_set_status,
    product_update,
    tags_normalise,
    variant_update,
)

pytestmark = pytest.mark.usefixtures("alpha")


def _messages(error: ValidationError) -> str:
    return " ".join(m for msgs in error.message_dict.values() for m in msgs)


def test_create_makes_every_combination_of_options():
    product = product_create(
        title="Linen Shirt",
        options=[("Size", ["S", "M", "L"]), ("Colour", ["Red", "Blue"])],
        tags=[" summer ", "Summer", "linen"],
    )
    variants = list(product.variants.order_by("position"))
    assert len(variants) == 6
    assert [v.options for v in variants[:2]] == [["S", "Red"], ["S", "Blue"]]
    assert product.option_names == ["Size", "Colour"]
    assert product.handle == "linen-shirt"
    assert product.tags == ["summer", "linen"]
    assert product.status == "draft" and product.published_at is None
    assert product.min_price == Decimal("0.00") == product.max_price


def test_create_with_explicit_variants_stores_prices_and_skus():
    product = product_create(
        title="Mug",
        options=[("Colour", ["White", "Black"])],
        variants=[
            {"option1": "White", "price": "9.50", "sku": "MUG-W"},
            {"option1": "Black", "price": "12", "sku": "MUG-B", "inventory_policy": "continue"},
        ],
        status="active",
    )
    assert (product.min_price, product.max_price) == (Decimal("9.50"), Decimal("12.00"))
    assert product.published_at is not None
    assert Variant.objects.get(sku="MUG-B").inventory_policy == "continue"


def test_a_product_without_options_gets_one_variant():
    product = product_create(title="Gift card")
    assert product.variants.count() == 1
    assert product.variants.get().options == []


def test_handles_are_unique_with_suffixes():
    handles = [product_create(title="Blue Shirt!").handle for _ in range(3)]
    assert handles == ["blue-shirt", "blue-shirt-2", "blue-shirt-3"]
    assert product_create(title="¡¡!!").handle == "product"


@pytest.mark.parametrize(
    ("handle", "message"),
    [("Not a handle", "lowercase letters"), ("taken", "already used"), ("a--b", "lowercase")],
)
def test_a_bad_merchant_handle_is_refused(handle, message):
    product_create(title="Taken", handle="taken")
    with pytest.raises(ValidationError) as info:
        product_create(title="Other", handle=handle)
    assert message in _messages(info.value)
    assert "handle" in info.value.message_dict
    assert Product.objects.count() == 1


def test_tags_normalised():
    assert tags_normalise(" a ,  b  c, A,,B C ") == ["a", "b c"]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"title": "  "}, "title", "required"),
        ({"status": "live"}, "status", "draft, active or archived"),
        (
            {"options": [("A", ["1"]), ("B", ["1"]), ("C", ["1"]), ("D", ["1"])]},
            "options",
            "at most 3",
        ),
        ({"options": [("Size", ["S", " ", "M"])]}, "options", "empty value"),
        ({"options": [("Size", ["S", "s"])]}, "options", "lists “s” twice"),
        ({"options": [("Size", ["S"]), ("size", ["M"])]}, "options", "appears twice"),
        ({"options": [("Size", [])]}, "options", "at least one value"),
        ({"variants": [{"price": "-1"}]}, "price", "cannot be negative"),
        ({"variants": [{"price": "1.234"}]}, "price", "at most 2 decimal places"),
        ({"variants": [{"price": "abc"}]}, "price", "Enter an amount."),
        (
            {
                "options": [("Size", ["S", "M"])],
                "variants": [{"option1": "S", "sku": "X"}, {"option1": "M", "sku": "X"}],
            },
            "sku",
            "X repeated",
        ),
        ({"variants": [{"sku": "X"}, {"sku": "Y"}]}, "variants", "same option values"),
        ({"variants": [{"colour": "red"}]}, "variants", "Unknown variant fields: colour"),
        (
            {"options": [("Size", ["S"])], "variants": [{"option1": "XL"}]},
            "option1",
            "not a value of “Size”",
        ),
        ({"variants": []}, "variants", "at least one variant"),
    ],
)
def test_bad_input_gets_a_message_and_writes_nothing(kwargs, field, message):
    with pytest.raises(ValidationError) as info:
        product_create(**{"title": "Shirt", **kwargs})
    assert field in info.value.message_dict
    assert message in _messages(info.value)
    assert not Product.objects.exists()
    assert not Variant.objects.exists()


def test_more_than_max_variants_is_refused_before_anything_is_written():
    options = [("A", [str(i) for i in range(16)]), ("B", [str(i) for i in range(16)])]
    options.append(("C", [str(i) for i in range(9)]))  # 16 * 16 * 9 = 2,304
    with pytest.raises(ValidationError) as info:
        product_create(title="Too many", options=options)
    assert "2304 variants" in _messages(info.value) and "2048" in _messages(info.value)
    assert not Product.objects.exists()


def test_a_sku_taken_by_another_product_is_refused():
    product_create(title="First", variants=[{"sku": "SKU-1", "price": 1}])
    with pytest.raises(ValidationError) as info:
        product_create(title="Second", variants=[{"sku": "SKU-1", "price": 2}])
    assert info.value.message_dict["sku"] == ["SKU already used by another variant: SKU-1."]
    assert Product.objects.count() == 1


def test_the_sku_constraint_is_the_backstop_with_the_same_message(monkeypatch):
    """If two writers race past the check, the UNIQUE constraint answers, not a 500."""
    from catalog.services import product_validation

    product_create(title="First", variants=[{"sku": "SKU-1", "price": 1}])
    monkeypatch.setattr(product_validation, "sku_conflicts", lambda *a, **k: [])
    with pytest.raises(ValidationError) as info:
        product_create(title="Second", variants=[{"sku": "SKU-1", "price": 2}])
    assert info.value.message_dict == {"sku": ["That SKU is already used by another variant."]}
    assert Product.objects.count() == 1


def test_max_variants_are_one_bulk_insert():
    """2,048 variants cost the same queries as one: a single INSERT, a single UPDATE.

    (Wagtail's reference index, which follows every snippet save, accounts for a few;
    the plan's product limit, billing.limits.limit_check, for one; the audit entry
    in Wagtail's log for two.)
    """
    values = [str(i) for i in range(32)]
    options = [("A", values), ("B", values), ("C", ["x", "y"])]  # 32 * 32 * 2 = 2,048

    def create(title, opts):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            product = product_create(title=title, options=opts)
        return product, len(ctx.captured_queries)

    create("Warm-up", [])  # the schema switch and content types, cached afterwards
    _small, small_count = create("Small", [("A", ["1"])])
    big, big_count = create("Big", options)
    assert big.variants.count() == MAX_VARIANTS
    assert big_count == small_count <= 18


def test_update_changes_given_fields_and_keeps_the_handle():
    product = product_create(title="Old", tags=["a"])
    product_update(product=product, title="New name", tags="b, B, c", vendor="Acme")
    product.refresh_from_db()
    assert (product.title, product.handle, product.tags, product.vendor) == (
        "New name",
        "old",
        ["b", "c"],
        "Acme",
    )
    assert Product.objects.search("acme").get() == product
    product_update(product=product, handle=None)
    assert product.handle == "new-name"


def test_update_refuses_another_products_handle_and_changes_nothing():
    product_create(title="Taken")
    product = product_create(title="Mine")
    with pytest.raises(ValidationError):
        product_update(product=product, title="Changed", handle="taken")
    product.refresh_from_db()
    assert (product.title, product.handle) == ("Mine", "mine")


def test_set_status_publishes_and_archives_in_bulk():
    a, b, c = (product_create(title=t) for t in "abc")
    assert product_set_status(products=[a, b], status="active") == 2
    a.refresh_from_db()
    first_published = a.published_at
    assert first_published is not None
    assert product_set_status(products=[a, b, c], status="active") == 1
    a.refresh_from_db()
    assert a.published_at == first_published
    product_set_status(products=[a.pk], status="archived")
    a.refresh_from_db()
    assert (a.status, a.published_at) == ("archived", None)
    with pytest.raises(ValidationError):
        product_set_status(products=[a], status="gone")


def test_variant_update_moves_the_price_range_and_search():
    product = product_create(
        title="Cap",
        options=[("Size", ["S", "M"])],
        variants=[
            {"option1": "S", "price": "10"},
            {"option1": "M", "price": "20"},
        ],
    )
    small = product.variants.get(option1="S")
    variant_update(variant=small, price="5.00", sku="CAP-S-NEW")
    product.refresh_from_db()
    assert (product.min_price, product.max_price) == (Decimal("5.00"), Decimal("20.00"))
    assert Product.objects.search("CAP-S-NEW").get() == product
    with pytest.raises(ValidationError) as info:
        variant_update(variant=small, price="-3")
    assert "price" in info.value.message_dict
    small.refresh_from_db()
    assert small.price == Decimal("5.00")


def test_variant_update_refuses_a_duplicate_sku():
    product_create(title="One", variants=[{"sku": "A1", "price": 1}])
    two = product_create(title="Two", variants=[{"sku": "B1", "price": 1}])
    with pytest.raises(ValidationError) as info:
        variant_update(variant=two.variants.get(), sku="A1")
    assert "A1" in _messages(info.value)
    assert two.variants.get().sku == "B1"


def test_delete_removes_variants():
    product = product_create(title="Gone", options=[("Size", ["S", "M"])])
    product_delete(product=product)
    assert not Variant.objects.exists()

"""Options make the variants: ``variant_matrix`` and ``product_options_set``."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog.services import (
    description_clean,
    product_create,
    product_options_set,
    variant_matrix,
)
from inventory.models import StockLevel
from inventory.services import stock_set


def _combos(matrix):
    return [tuple(v for v in combo if v) for combo in matrix.combos]


def test_every_combination_once_in_option_order():
    matrix = variant_matrix(
        options=[("Size", ["S", "M", "L", "XL"]), ("Colour", ["red", "blue", "green"])]
    )
    assert len(matrix.rows) == 12 and len(matrix.added) == 12 and not matrix.removed
    assert _combos(matrix)[:4] == [("S", "red"), ("S", "blue"), ("S", "green"), ("M", "red")]


def test_too_many_combinations_are_refused():
    values = [str(i) for i in range(13)]
    with pytest.raises(ValidationError, match="at most 2048"):
        variant_matrix(options=[("A", values), ("B", values), ("C", values)])


@pytest.fixture
def tee(alpha):
    product = product_create(
        title="Tee",
        options=[("Size", ["S", "M"])],
        variants=[
            {"option1": "S", "price": 10, "sku": "T-S"},
            {"option1": "M", "price": 12, "sku": "T-M"},
        ],
    )
    stock_set(variant=product.variants.get(sku="T-S"), on_hand=4)
    return product


def test_adding_an_option_keeps_variants_as_its_first_value(tee):
    product, matrix = product_options_set(
        product=tee, options=[("Size", ["S", "M"]), ("Colour", ["red", "blue"])]
    )
    variants = {(v.option1, v.option2): v for v in product.variants.all()}
    assert set(variants) == {("S", "red"), ("S", "blue"), ("M", "red"), ("M", "blue")}
    kept = variants[("S", "red")]
    assert (kept.sku, kept.price) == ("T-S", Decimal("10.00"))
    assert StockLevel.objects.get(variant=kept).on_hand == 4
    assert variants[("S", "blue")].price == Decimal("0.00") and len(matrix.added) == 2


def test_edits_price_the_new_variants(tee):
    product, _m = product_options_set(
        product=tee,
        options=[("Size", ["S", "M", "L"])],
        edits={("L", "", ""): {"price": Decimal("15"), "sku": "T-L"}},
    )
    assert product.variants.get(option1="L").price == Decimal("15.00")
    assert product.max_price == Decimal("15.00")


def test_removing_a_value_needs_confirmation(tee):
    with pytest.raises(ValidationError) as refused:
        product_options_set(product=tee, options=[("Size", ["S"])])
    assert "1 variant and its stock: M" in refused.value.message_dict["confirm_removal"][0]
    assert tee.variants.count() == 2
    product, matrix = product_options_set(
        product=tee, options=[("Size", ["S"])], confirm_removal=True
    )
    assert [v.sku for v in matrix.removed] == ["T-M"]
    assert list(product.variants.values_list("sku", flat=True)) == ["T-S"]
    assert StockLevel.objects.filter(variant__sku="T-S").get().on_hand == 4


def test_removing_an_option_keeps_the_first_variant_of_each_combination(alpha):
    product = product_create(title="Sock", options=[("Size", ["S"]), ("Colour", ["red", "blue"])])
    first = product.variants.order_by("position").first()
    product, matrix = product_options_set(
        product=product, options=[("Size", ["S"])], confirm_removal=True
    )
    assert list(product.variants.values_list("pk", flat=True)) == [first.pk]
    assert len(matrix.removed) == 1


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("<p>Hi <b>there</b></p><script>alert(1)</script>", "<p>Hi <b>there</b></p>alert(1)"),
        ('<p onclick="x()">a</p>', "<p>a</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="https://example.com" style="x">x</a>', '<a href="https://example.com">x</a>'),
        ("Plain text\nwith lines", "Plain text\nwith lines"),
        ("<img src=x onerror=alert(1)>", ""),
    ],
)
def test_descriptions_keep_only_safe_html(given, stored):
    assert description_clean(given) == stored

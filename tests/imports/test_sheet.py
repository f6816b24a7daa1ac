"""Shopify's layout rules and each cell's error, in both header sets."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from imports.columns import header_set_detect, layout_of
from imports.reading import file_shape, rows
from imports.sheet import product_groups, product_plan
from tests.imports.sheets import mug, sheet, shirt

SETS = pytest.mark.parametrize("header_set", ["legacy", "current"])


def plans(text: str, **kwargs):
    file = io.BytesIO(text.encode(kwargs.pop("encoding", "utf-8")))
    shape = file_shape(file)
    records = rows(file, shape)
    _n, header = next(records)
    layout = layout_of(header)
    return [
        product_plan(group, layout, decimal_comma=shape.delimiter == ";")
        for group in product_groups(records, layout)
    ]


def errors(result):
    _plan, problems = result
    return [(p.row, p.column, p.message) for p in problems if not p.warning]


@SETS
def test_header_set_is_detected(header_set):
    header = sheet([], header_set=header_set).strip().split(",")
    assert header_set_detect(header) == header_set
    assert header_set_detect(["Name", "Email"]) is None


@SETS
def test_variants_on_their_own_rows_and_image_only_rows(header_set):
    [(plan, problems)] = plans(sheet(shirt(), header_set=header_set))
    assert problems == []
    assert plan.handle == "linen-shirt"
    assert plan.fields["title"] == "Linen shirt"
    assert plan.fields["status"] == "active"
    assert plan.fields["tags"] == ["summer", "linen"]
    assert plan.options == [("Size", ["S", "M", "L"]), ("Colour", ["White", "Blue"])]
    assert [v["sku"] for v in plan.variants] == ["LS-S-W", "LS-M-W", "LS-L-B"]
    assert plan.variants[2]["price"] == Decimal("52.50")
    assert plan.variants[2]["inventory_policy"] == "continue"
    assert plan.variants[0]["compare_at_price"] == Decimal("59.00")
    assert plan.stock == [5, 3, 0]
    assert [(i["src"].rsplit("/", 1)[1], i["alt_text"]) for i in plan.images] == [
        ("shirt-1.jpg", "Front"),
        ("shirt-2.jpg", "Back"),
    ]
    assert plan.variant_rows == [2, 3, 4]


@SETS
def test_product_fields_are_read_from_the_first_row_only(header_set):
    rows_ = shirt(row1={"title": "Other title", "vendor": "Elsewhere"})
    [(plan, _problems)] = plans(sheet(rows_, header_set=header_set))
    assert plan.fields["title"] == "Linen shirt"
    assert plan.fields["vendor"] == "Atlas"


@SETS
def test_default_title_means_a_product_without_options(header_set):
    [(plan, problems)] = plans(sheet(mug(), header_set=header_set))
    assert problems == []
    assert plan.options == []
    assert plan.variants[0]["option1"] == ""
    assert plan.stock == [7]


@SETS
def test_unknown_columns_are_kept_per_product_and_variant(header_set):
    rows_ = shirt()
    rows_[0]["Google Shopping / Gender"] = "unisex"
    rows_[0]["Fabric (product.metafields.custom.fabric)"] = "linen"
    rows_[1]["Price / Europe"] = "45.00"
    text = sheet(
        rows_,
        header_set=header_set,
        extra=[
            "Google Shopping / Gender",
            "Fabric (product.metafields.custom.fabric)",
            "Price / Europe",
        ],
    )
    [(plan, _problems)] = plans(text)
    assert plan.kept["product"] == {
        "Google Shopping / Gender": "unisex",
        "Fabric (product.metafields.custom.fabric)": "linen",
    }
    assert plan.kept["variants"]["M/White/"]["Price / Europe"] == "45.00"
    assert plan.kept["variants"]["S/White/"]["@weight_unit"] == "g"


@SETS
def test_published_is_read_when_there_is_no_status(header_set):
    keys = ["handle", "title", "published", "price"]
    [(plan, _p)] = plans(
        sheet(
            [{"handle": "a", "title": "A", "published": "FALSE", "price": "1"}],
            header_set=header_set,
            keys=keys,
        )
    )
    assert plan.fields["status"] == "draft"


@SETS
@pytest.mark.parametrize(
    ("rows_", "row", "key", "reason"),
    [
        (mug(title=""), 2, "title", "needs a title"),
        (mug(price="abc"), 2, "price", "“abc”: Enter an amount."),
        (mug(price=""), 2, "price", "Enter an amount."),
        (mug(compare_at_price="-3"), 2, "compare_at_price", "cannot be negative"),
        (mug(weight_unit="stone"), 2, "weight_unit", "“stone” is not a weight unit"),
        (mug(weight_grams="heavy"), 2, "weight_grams", "is not a number"),
        (mug(status="live"), 2, "status", "not active, draft or archived"),
        (mug(requires_shipping="maybe"), 2, "requires_shipping", "not TRUE or FALSE"),
        (shirt(row0={"option2_name": ""}), 2, "option2", "which has no name"),
        (shirt(row1={"option1": ""}), 3, "option1", "Choose a value for “Size”"),
        (shirt(row1={"option1": "S"}), 3, "option1", "Same option values as row 2"),
        (mug(inventory_quantity="2.5"), 2, "inventory_quantity", "whole number"),
        (mug(handle="", title=""), 2, "handle", "no handle and no title"),
    ],
)
def test_each_error_names_its_row_and_column(header_set, rows_, row, key, reason):
    from imports.columns import HEADER_OF

    found = errors(plans(sheet(rows_, header_set=header_set))[0])
    column = HEADER_OF[header_set][key]
    assert any(r == row and c == column and reason in m for r, c, m in found), found


@SETS
def test_more_than_three_options(header_set):
    rows_ = mug()
    rows_[0]["Option4 Name"] = "Material"
    rows_[0]["Option4 Value"] = "Steel"
    text = sheet(rows_, header_set=header_set, extra=["Option4 Name", "Option4 Value"])
    found = errors(plans(text)[0])
    assert any("at most 3 options" in m for _r, _c, m in found)


@SETS
def test_more_variants_than_the_limit(header_set, settings):
    from catalog.models import MAX_VARIANTS

    rows_ = [
        {"handle": "big", "title": "Big", "option1_name": "N", "option1": str(i), "price": "1"}
        for i in range(MAX_VARIANTS + 1)
    ]
    found = errors(plans(sheet(rows_, header_set=header_set))[0])
    assert any("at most 2048 variants" in m for _r, _c, m in found)


@SETS
def test_rows_of_a_product_must_be_together(header_set):
    text = sheet([*mug(), *shirt(), *mug(sku="MUG-2")], header_set=header_set)
    results = plans(text)
    assert len(results) == 3
    assert any("must be together" in m for _r, _c, m in errors(results[2]))


def test_semicolon_files_take_decimal_commas():
    text = sheet(mug(price="12,50"), delimiter=";")
    [(plan, problems)] = plans(text)
    assert problems == []
    assert plan.variants[0]["price"] == Decimal("12.50")


def test_windows_1252_file_with_crlf(settings):
    text = sheet(mug(title="Tasse à café"), line_end="\r\n")
    [(plan, _p)] = plans(text, encoding="cp1252")
    assert plan.fields["title"] == "Tasse à café"


def test_negative_stock_is_a_warning_and_zero():
    [(plan, problems)] = plans(sheet(mug(inventory_quantity="-4")))
    assert plan.stock == [0]
    assert [p.warning for p in problems] == [True]


def test_current_set_continuation_rows_without_handle():
    rows_ = shirt()
    for row in rows_[1:]:
        row["handle"] = ""
    [(plan, problems)] = plans(sheet(rows_, header_set="current"))
    assert not errors((plan, problems))
    assert len(plan.variants) == 3 and len(plan.images) == 2

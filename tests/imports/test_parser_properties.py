"""Property: any product written as a Shopify sheet reads back as it was written,
whatever the header set, separator, line ends, BOM and awkward text (quotes, commas,
newlines, leading ``=`` escaped the way our export escapes it)."""

from __future__ import annotations

import io
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports.columns import layout_of
from imports.exports import sheet_cell as csv_cell
from imports.reading import file_shape, rows
from imports.sheet import product_groups, product_plan
from tests.imports.sheets import sheet

text = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"
        ),
        min_size=1,
        max_size=30,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
handle = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
price = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def products(draw):
    option_count = draw(st.integers(0, 3))
    names = draw(
        st.lists(text, min_size=option_count, max_size=option_count, unique_by=str.casefold)
    )
    if option_count:
        values = [
            draw(st.lists(text, min_size=1, max_size=3, unique_by=str.casefold)) for _ in names
        ]
        combos = [[]]
        for vs in values:
            combos = [[*c, v] for c in combos for v in vs]
        combos = combos[: draw(st.integers(1, len(combos)))]
    else:
        combos = [[]]
    variants = []
    for i, combo in enumerate(combos):
        variants.append(
            {
                "options": combo,
                "sku": f"SKU-{i}-{draw(st.integers(0, 10**6))}",
                "price": draw(price),
                "compare_at_price": draw(st.none() | price),
                "weight_grams": draw(st.integers(0, 100000)),
                "quantity": draw(st.integers(0, 10**6)),
                "policy": draw(st.sampled_from(["deny", "continue"])),
                "taxable": draw(st.booleans()),
            }
        )
    return {
        "handle": draw(handle),
        "title": draw(text),
        "vendor": draw(st.just("") | text),
        "description": draw(st.just("") | st.sampled_from(['<p>a, b\n"c"</p>', "<p>x</p>"])),
        "tags": draw(
            st.lists(text.filter(lambda t: "," not in t), max_size=3, unique_by=str.casefold)
        ),
        "status": draw(st.sampled_from(["active", "draft", "archived"])),
        "names": names,
        "variants": variants,
    }


def _rows(product) -> list[dict]:
    out = []
    for i, variant in enumerate(product["variants"]):
        row = {"handle": product["handle"]}
        if i == 0:
            row.update(
                title=product["title"],
                vendor=product["vendor"],
                description=product["description"],
                tags=", ".join(product["tags"]),
                status=product["status"],
            )
            names = product["names"] or ["Title"]
            for n, name in enumerate(names, start=1):
                row[f"option{n}_name"] = name
        options = variant["options"] or ["Default Title"]
        for n, value in enumerate(options, start=1):
            row[f"option{n}"] = value
        row.update(
            sku=variant["sku"],
            price=str(variant["price"]),
            compare_at_price=""
            if variant["compare_at_price"] is None
            else str(variant["compare_at_price"]),
            weight_grams=str(variant["weight_grams"]),
            inventory_quantity=str(variant["quantity"]),
            inventory_policy=variant["policy"],
            taxable="TRUE" if variant["taxable"] else "FALSE",
        )
        out.append({k: csv_cell(v) for k, v in row.items()})
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(products(), min_size=1, max_size=3, unique_by=lambda p: p["handle"]),
    st.sampled_from(["legacy", "current"]),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_a_written_sheet_reads_back_as_written(catalogue, header_set, delimiter, line_end, bom):
    rows_ = [row for product in catalogue for row in _rows(product)]
    csv_text = sheet(rows_, header_set=header_set, delimiter=delimiter, line_end=line_end)
    data = ("\ufeff" if bom else "").encode() + csv_text.encode()
    file = io.BytesIO(data)
    shape = file_shape(file)
    assert shape.delimiter == delimiter
    records = rows(file, shape)
    layout = layout_of(next(records)[1])
    assert layout.header_set == header_set
    plans = [product_plan(g, layout) for g in product_groups(records, layout)]
    assert len(plans) == len(catalogue)
    for product, (plan, problems) in zip(catalogue, plans, strict=True):
        assert [p for p in problems if not p.warning] == []
        assert plan.handle == product["handle"]
        assert plan.fields["title"] == product["title"]
        assert plan.fields["vendor"] == product["vendor"]
        assert plan.fields["tags"] == product["tags"]
        assert plan.fields["status"] == product["status"]
        assert [name for name, _v in plan.options] == product["names"]
        assert len(plan.variants) == len(product["variants"])
        for got, want, quantity in zip(plan.variants, product["variants"], plan.stock, strict=True):
            assert [got[f"option{i}"] for i in (1, 2, 3)][: len(want["options"])] == want["options"]
            assert got["sku"] == want["sku"]
            assert got["price"] == want["price"].quantize(Decimal("0.01"))
            assert got["compare_at_price"] == want["compare_at_price"]
            assert got["weight_grams"] == want["weight_grams"]
            assert got["inventory_policy"] == want["policy"]
            assert got["taxable"] == want["taxable"]
            assert quantity == want["quantity"]

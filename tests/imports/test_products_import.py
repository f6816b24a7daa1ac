"""Preview, import, overwrite rule, plan limit, stock: products written through the
catalogue services."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from billing.models import Plan
from billing.trials import subscription_trial_start
from catalog.models import Product, Variant
from catalog.services import product_create
from imports.models import ImageFetch, ImportJob, KeptColumns
from inventory.models import StockLevel, StockMovement
from tests.imports.conftest import run, upload
from tests.imports.sheets import mug, sheet, shirt

SETS = pytest.mark.parametrize("header_set", ["legacy", "current"])


@SETS
def test_preview_counts_and_first_rows_and_nothing_written(alpha, header_set):
    product_create(title="Old mug", handle="mug", variants=[{"sku": "OLD", "price": 3}])
    bad = mug(handle="broken", title="Broken", sku="BR-1", price="abc")
    job = upload(sheet([*shirt(), *mug(), *bad], header_set=header_set))
    assert job.status == ImportJob.Status.PREVIEW
    assert job.header_set == header_set
    assert job.counts == {"new": 1, "updated": 0, "unchanged": 0, "skipped": 1, "failed": 1}
    assert job.total_items == 3 and job.total_rows == 7
    assert [r["handle"] for r in job.preview_rows] == ["linen-shirt", "mug", "broken"]
    assert job.preview_rows[0]["variants"] == 3 and job.preview_rows[0]["stock"] == 8
    problems = list(job.problems.values_list("row", "column", "warning"))
    price = "Variant Price" if header_set == "legacy" else "Price"
    assert (7, price, False) in problems
    assert (6, "", True) in problems  # the skipped handle, listed
    assert Product.objects.count() == 1


@SETS
def test_import_writes_products_variants_stock_and_kept_columns(alpha, header_set):
    rows_ = shirt()
    rows_[0]["Google Shopping / Gender"] = "unisex"
    job = upload(sheet([*shirt(), *mug()], header_set=header_set))
    job = run(job)
    assert job.status == ImportJob.Status.DONE
    assert job.result["new"] == 2 and job.items_done == 2
    shirt_ = Product.objects.get(handle="linen-shirt")
    assert shirt_.status == "active" and shirt_.tags == ["summer", "linen"]
    assert shirt_.min_price == Decimal("49.00") and shirt_.max_price == Decimal("52.50")
    assert list(shirt_.variants.values_list("sku", "option1", "option2", "weight_grams")) == [
        ("LS-S-W", "S", "White", 300),
        ("LS-M-W", "M", "White", 310),
        ("LS-L-B", "L", "Blue", 320),
    ]
    levels = dict(StockLevel.objects.values_list("variant__sku", "on_hand"))
    assert levels == {"LS-S-W": 5, "LS-M-W": 3, "LS-L-B": 0, "MUG-1": 7}
    assert set(StockMovement.objects.values_list("reason", flat=True)) == {"import"}
    assert KeptColumns.objects.get(product=shirt_).columns["variants"]["S/White/"]["@weight_unit"]
    # Images by URL wait for the fetcher, in the file's order.
    assert list(ImageFetch.objects.filter(product=shirt_).values_list("alt_text", flat=True)) == [
        "Front",
        "Back",
    ]
    # Audited per product, as product_create does.
    assert (
        ModelLogEntry.objects.filter(action="wagtail.create", content_type__model="product").count()
        == 2
    )
    assert shirt_.search_vector is not None and shirt_.in_stock


def test_errors_block_the_import_unless_valid_only(alpha):
    job = upload(sheet([*shirt(), *mug(price="abc")]))
    with pytest.raises(ValidationError, match="valid products only"):
        run(job)
    job.refresh_from_db()
    job = run(job, valid_only=True)
    assert job.result == {"new": 1, "updated": 0, "unchanged": 0, "skipped": 0, "failed": 1}
    assert list(Product.objects.values_list("handle", flat=True)) == ["linen-shirt"]


def test_duplicate_sku_in_the_file_and_in_the_shop(alpha):
    product_create(title="Other", handle="other", variants=[{"sku": "MUG-1", "price": 1}])
    rows_ = [*shirt(row1={"sku": "LS-S-W"}), *mug()]
    job = upload(sheet(rows_))
    messages = list(job.problems.filter(warning=False).values_list("row", "column", "message"))
    assert (3, "Variant SKU", "SKU “LS-S-W” is also on row 2.") in messages
    assert any(r == 6 and "already used by the product “other”" in m for r, _c, m in messages)
    assert job.counts["failed"] == 2


def test_without_overwrite_existing_handles_are_skipped_and_kept(alpha):
    product_create(title="My mug", handle="mug", variants=[{"sku": "MINE", "price": 3}])
    job = run(upload(sheet(mug(sku="NEW"))))
    assert job.result["skipped"] == 1
    product = Product.objects.get(handle="mug")
    assert product.title == "My mug"
    assert list(product.variants.values_list("sku", flat=True)) == ["MINE"]


def test_overwrite_changes_only_the_columns_in_the_file(alpha):
    product = product_create(
        title="My mug",
        handle="mug",
        vendor="Kiln",
        tags=["clay"],
        variants=[{"sku": "MUG-1", "price": 3, "barcode": "123", "weight_grams": 500}],
    )
    text = sheet(mug(title="Big mug", price="15.00"), keys=["handle", "title", "sku", "price"])
    job = upload(text, overwrite=True)
    assert job.counts["updated"] == 1
    job = run(job)
    product.refresh_from_db()
    assert product.title == "Big mug"
    assert product.vendor == "Kiln" and product.tags == ["clay"]
    variant = product.variants.get()
    assert variant.price == Decimal("15.00")
    assert (variant.barcode, variant.weight_grams) == ("123", 500)


def test_a_blank_required_column_is_an_error_never_a_wipe(alpha):
    product_create(title="My mug", handle="mug", variants=[{"sku": "MUG-1", "price": 3}])
    job = upload(sheet(mug(title="")), overwrite=True)
    assert job.counts["failed"] == 1
    run(job, valid_only=True)
    assert Product.objects.get(handle="mug").title == "My mug"


def test_the_same_file_again_is_unchanged(alpha):
    run(
        upload(
            sheet(
                [*mug()], keys=["handle", "title", "status", "sku", "price", "inventory_quantity"]
            )
        )
    )
    job = upload(
        sheet([*mug()], keys=["handle", "title", "status", "sku", "price", "inventory_quantity"]),
        overwrite=True,
    )
    assert job.counts["unchanged"] == 1
    job = upload(
        sheet(
            [*mug(inventory_quantity="9")],
            keys=["handle", "title", "status", "sku", "price", "inventory_quantity"],
        ),
        overwrite=True,
    )
    assert job.counts["updated"] == 1
    run(job)
    assert StockLevel.objects.get(variant__sku="MUG-1").on_hand == 9


def test_plan_limit_is_named_before_anything_starts(alpha, shop_a):
    from billing.seed import plans_seed

    plans_seed()  # put back if a transactional test elsewhere flushed them
    Plan.objects.filter(code="starter").update(max_products=2)
    subscription_trial_start(shop=shop_a)
    product_create(title="Existing", variants=[{"price": 1}])
    rows_ = [
        *mug(),
        *mug(handle="mug-2", sku="M2"),
        *mug(handle="mug-3", sku="M3"),
    ]
    job = upload(sheet(rows_))
    assert job.error == (
        "This file adds 3 products; your plan allows 1 more. "
        "Upgrade your plan in Settings → Billing, or import fewer products."
    )
    with pytest.raises(ValidationError, match="your plan allows 1 more"):
        run(job)
    assert Product.objects.count() == 1


def test_cancel_stops_between_batches_and_resume_goes_on(alpha, settings):
    from imports.runs import import_run
    from imports.services import import_resume

    settings.CSV_IMPORT_BATCH_SIZE = 1
    rows_ = [*mug(), *mug(handle="mug-2", sku="M2"), *mug(handle="mug-3", sku="M3")]
    job = upload(sheet(rows_))
    from imports.services import import_start

    import_start(job=job, queue=False)
    ImportJob.objects.filter(pk=job.pk).update(status="running", items_done=0)
    # A cancel requested while the first batch is being written.
    from imports import products_io

    original = products_io._write_batch

    def write_then_cancel(locked, batch, **kwargs):
        original(locked, batch, **kwargs)
        ImportJob.objects.filter(pk=locked.pk).update(cancel_requested=True)

    products_io._write_batch = write_then_cancel
    try:
        job = import_run(job_id=job.pk)
    finally:
        products_io._write_batch = original
    assert job.status == ImportJob.Status.CANCELLED
    assert job.items_done == 1 and Product.objects.count() == 1
    with mock.patch("imports.services._queue_run"):
        import_resume(job=job)
    job = import_run(job_id=job.pk)
    assert job.status == ImportJob.Status.DONE
    assert job.items_done == 3
    assert sorted(Product.objects.values_list("handle", flat=True)) == ["mug", "mug-2", "mug-3"]
    assert Variant.objects.count() == 3


def test_unreadable_header_is_refused_with_a_reason(alpha):
    job = upload("Name,Email\nA,a@example.com\n")
    assert job.status == ImportJob.Status.REFUSED
    assert "not a Shopify product header" in job.error


def test_too_large_and_not_csv_are_refused(alpha, settings):
    settings.CSV_IMPORT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="the most is"):
        upload(sheet(mug()))
    settings.CSV_IMPORT_MAX_BYTES = 10**6
    with pytest.raises(ValidationError, match=r"\.csv"):
        upload(sheet(mug()), name="products.xlsx")


def test_the_file_is_stored_under_the_shops_private_prefix(alpha, shop_a):
    from shops.storage import is_private

    job = upload(sheet(mug()))
    assert job.file.name.startswith("imports/") and is_private(job.file.name)
    assert shop_a.schema_name in job.file.path

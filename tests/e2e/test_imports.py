"""A merchant moves a catalogue in: upload a Shopify sheet with one bad row, read the
preview with its error, import the valid products, watch the progress bar (polled by
the page's static script, no reload) reach 100 %, open an imported product.
Screenshots at 390 and 1280 px of the preview and the result."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.test_product_editor import _both_widths
from tests.imports.sheets import mug, sheet, shirt

pytestmark = pytest.mark.browser


def test_upload_preview_import_progress_and_open_a_product(
    committed_shop_factory, page, shop_url, admin_login, tmp_path, monkeypatch, settings
):
    from imports import runs, services
    from imports.models import ImportJob

    settings.CSV_IMPORT_BATCH_SIZE = 1
    settings.CSV_IMPORT_FETCH_IMAGES = False
    shop = committed_shop_factory("movein", name="Move In")
    admin_login(shop)
    rows = [*shirt(), *mug(price="abc")]
    rows += [
        r
        for n in range(3, 9)
        for r in mug(handle=f"cup-{n}", title=f"Cup {n}", sku=f"CUP-{n}", price=f"{n}.50")
    ]
    path = tmp_path / "catalogue.csv"
    path.write_text(sheet(rows))

    page.goto(shop_url(shop, "/admin/catalog/products/"))
    page.locator("#products-import").click()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.locator("#import-counts")).to_contain_text("7 new")
    expect(page.locator("#import-counts")).to_contain_text("1 with errors")
    problem = page.locator("#import-problems tbody tr").first
    expect(problem).to_contain_text("Variant Price")
    expect(problem).to_contain_text("Enter an amount.")
    _both_widths(page, "import-preview")

    # The run is started by a worker a moment after the merchant confirms, so the
    # page shows it queued, then polls its way to 100 % (no reload on the way).
    monkeypatch.setattr(services, "_queue_run", lambda job: None)
    page.locator("#import-valid-only").click()
    expect(page.locator("#import-progress")).to_be_visible()
    with schema_context(shop.schema_name):
        job_id = ImportJob.objects.get().pk

    def worker():
        time.sleep(1.5)
        with schema_context(shop.schema_name):
            runs.import_run(job_id=job_id)
        connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    expect(page.locator("[data-field=percent]")).not_to_have_text("0", timeout=20_000)
    thread.join()
    expect(page.locator("#import-result")).to_be_visible(timeout=20_000)
    assert page.evaluate("document.getElementById('import-progress').value") == 100
    expect(page.locator("[data-field=percent]")).to_have_text("100")
    _both_widths(page, "import-result")

    page.locator("#import-result a", has_text="linen-shirt").click()
    expect(page.locator("input[name=title]")).to_have_value("Linen shirt")
    with schema_context(shop.schema_name):
        from catalog.models import Product

        assert Product.objects.count() == 7

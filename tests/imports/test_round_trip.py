"""Export a shop, import into an empty shop: the catalogue is identical.

Shown on the demo catalogues, in both header sets, images included: the export names
each picture by its URL, a local server (the only address the test settings let the
fetcher call) serves shop A's media, and shop B fetches them through the SSRF guard.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import http.server
import io
import threading

import pytest
from django.conf import settings
from django_tenants.utils import schema_context

from catalog.models import Product
from demo.catalog_seed import catalog_seed
from demo.catalogs import CATALOGS
from imports import exports
from imports.exports import export_stream
from imports.images import images_fetch
from imports.models import ImageFetch, KeptColumns
from inventory.models import StockLevel
from tests.imports.conftest import run, upload
from tests.imports.sheets import sheet, shirt


@pytest.fixture
def media_server():
    """MEDIA_ROOT over HTTP on 127.0.0.1 (an ephemeral port), at ``/media/``."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            path = path.split("?", 1)[0].removeprefix(settings.MEDIA_URL.rstrip("/"))
            return super().translate_path(path)

        def log_message(self, *args):
            pass

    handler = functools.partial(Handler, directory=str(settings.MEDIA_ROOT))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def snapshot() -> list[dict]:
    """Everything the issue lists, per product, comparable across shops."""
    stock = dict(StockLevel.objects.values_list("variant_id", "on_hand"))
    kept = dict(KeptColumns.objects.values_list("product__handle", "columns"))
    products = []
    for p in Product.objects.order_by("handle").prefetch_related(
        "variants", "images__image", "images__variants"
    ):
        products.append(
            {
                "fields": [
                    p.handle,
                    p.title,
                    p.description,
                    p.vendor,
                    p.product_type,
                    p.tags,
                    p.status,
                    p.option_names,
                    p.seo_title,
                    p.seo_description,
                    p.min_price,
                    p.max_price,
                ],
                "variants": [
                    [
                        v.option1,
                        v.option2,
                        v.option3,
                        v.sku,
                        v.barcode,
                        v.price,
                        v.compare_at_price,
                        v.cost,
                        v.weight_grams,
                        v.requires_shipping,
                        v.taxable,
                        v.inventory_policy,
                        stock.get(v.pk, 0),
                    ]
                    for v in p.variants.all()
                ],
                "images": [
                    [
                        i.alt_text,
                        hashlib.sha256(i.image.file.open("rb").read()).hexdigest(),
                        sorted(
                            "/".join((v.option1, v.option2, v.option3)) for v in i.variants.all()
                        ),
                    ]
                    for i in p.images.all()
                ],
                "kept": kept.get(p.handle, {}),
            }
        )
    return products


@pytest.mark.parametrize("header_set", ["legacy", "current"])
@pytest.mark.parametrize("catalog", ["harbour", "atlas"])
def test_demo_catalogue_round_trip(shop_a, shop_b, media_server, monkeypatch, header_set, catalog):
    monkeypatch.setattr(exports, "shop_url", lambda shop, path="/": media_server + "/")
    with schema_context(shop_a.schema_name):
        catalog_seed(catalog=CATALOGS[catalog])
        before = snapshot()
        text = "".join(export_stream(kind="products", header_set=header_set))
    assert len(before) == len(CATALOGS[catalog].products)
    with schema_context(shop_b.schema_name):
        job = upload(text)
        assert job.header_set == header_set
        assert job.problems.filter(warning=False).count() == 0
        assert job.counts["new"] == len(before)
        job = run(job)
        # The task the run queues after it (``imports.tasks.import_run_task``).
        added = images_fetch(job_id=job.pk)
        failed = list(ImageFetch.objects.filter(status="failed").values_list("url", "error"))
        assert failed == []
        assert added == sum(len(p["images"]) for p in before)
        done = ImageFetch.objects.filter(job=job, status="done").count()
        assert done == sum(len(p["images"]) for p in before)
        after = snapshot()
        again = "".join(export_stream(kind="products", header_set=header_set))
    assert after == before
    # The same file again, but for where the pictures now live.
    assert again.replace(f"/{shop_b.schema_name}/", f"/{shop_a.schema_name}/") == text


def test_kept_columns_come_back_in_either_header_set(alpha):
    rows_ = shirt()
    rows_[0]["Google Shopping / Gender"] = "unisex"
    rows_[1]["Price / Europe"] = "45.00"
    text = sheet(rows_, extra=["Google Shopping / Gender", "Price / Europe"], keys=None)
    run(upload(text))
    for header_set in ("current", "legacy"):
        text = "".join(export_stream(kind="products", header_set=header_set))
        header, *lines = csv.reader(io.StringIO(text))
        assert "Google Shopping / Gender" in header and "Price / Europe" in header
        assert lines[0][header.index("Google Shopping / Gender")] == "unisex"
        row = next(line for line in lines if "LS-M-W" in line)
        assert row[header.index("Price / Europe")] == "45.00"


def test_export_cells_cannot_run_as_formulas(alpha):
    from catalog.services import product_create

    product_create(title='=HYPERLINK("http://x")', handle="evil", variants=[{"price": 1}])
    text = "".join(export_stream(kind="products", header_set="legacy"))
    assert "'=HYPERLINK" in text
    job = upload(text, overwrite=True)
    assert job.counts["unchanged"] == 1

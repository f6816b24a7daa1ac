"""The import pages through the admin, and isolation: another shop's staff cannot see,
cancel or download a job, its problems or its file."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from catalog.models import Product
from imports.models import ImportJob
from tests.imports.sheets import mug, sheet, shirt
from tests.support.shop_admin import shop_admin_login

ALPHA = "alpha.souk.test"
BETA = "beta.souk.test"


@pytest.fixture
def owner_a(shop_a):
    return shop_admin_login(Client(), host=ALPHA, email="owner-alpha@example.com")


@pytest.fixture
def owner_b(shop_b):
    return shop_admin_login(Client(), host=BETA, email="owner-beta@example.com")


def _upload(client, text, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            "/admin/imports/new/products/",
            {"file": SimpleUploadedFile("catalogue.csv", text.encode()), **extra},
            HTTP_HOST=ALPHA,
        )


def test_upload_preview_import_result_and_problems_csv(
    owner_a, shop_a, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    response = _upload(
        owner_a, sheet([*shirt(), *mug(price="abc")]), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    url = response["Location"]
    page = owner_a.get(url, HTTP_HOST=ALPHA)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="import-counts"' in html and "<strong>1</strong> new" in html
    assert "Variant Price" in html and "Enter an amount." in html
    assert "Import valid products only" in html
    with schema_context(shop_a.schema_name):
        job = ImportJob.objects.get()
        assert Product.objects.count() == 0
    csv_response = owner_a.get(f"/admin/imports/{job.pk}/problems.csv", HTTP_HOST=ALPHA)
    lines = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode())))
    assert lines[0] == ["Row", "Column", "Handle", "Level", "Reason"]
    assert lines[1][:4] == ["6", "Variant Price", "mug", "Error"]
    with django_capture_on_commit_callbacks(execute=True):
        owner_a.post(f"/admin/imports/{job.pk}/start/", {"valid_only": "1"}, HTTP_HOST=ALPHA)
    with django_assert_max_num_queries(12):
        progress = owner_a.get(f"/admin/imports/{job.pk}/progress/", HTTP_HOST=ALPHA).json()
    assert progress["status"] == "done" and progress["percent"] == 100
    assert progress["result"]["new"] == 1 and progress["result"]["failed"] == 1
    result = owner_a.get(url, HTTP_HOST=ALPHA).content.decode()
    assert 'id="import-result"' in result and "linen-shirt" in result
    assert "imports/progress.js" in result and "<script>" not in result
    with schema_context(shop_a.schema_name):
        assert list(Product.objects.values_list("handle", flat=True)) == ["linen-shirt"]


def test_products_list_has_import_and_export_buttons(owner_a):
    html = owner_a.get("/admin/catalog/products/", HTTP_HOST=ALPHA).content.decode()
    assert 'id="products-import"' in html and "/admin/imports/new/products/" in html
    assert 'id="products-export"' in html


@pytest.mark.parametrize("header_set", ["legacy", "current"])
def test_export_download_is_streamed_in_the_chosen_format(owner_a, shop_a, header_set):
    from catalog.services import product_create

    with schema_context(shop_a.schema_name):
        product_create(title="Mug", handle="mug", variants=[{"sku": "M", "price": 4}])
    connection.set_schema_to_public()
    response = owner_a.get(f"/admin/imports/export/products/?format={header_set}", HTTP_HOST=ALPHA)
    assert response.streaming
    header, row = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert header[1] == ("Handle" if header_set == "legacy" else "URL handle")
    assert row[1] == "mug"


def test_another_shops_staff_cannot_see_cancel_or_download(
    owner_a, owner_b, shop_a, shop_b, django_capture_on_commit_callbacks
):
    _upload(owner_a, sheet(mug()), django_capture_on_commit_callbacks)
    with schema_context(shop_a.schema_name):
        job = ImportJob.objects.get()
        file_name = job.file.name
    paths = [
        f"/admin/imports/{job.pk}/",
        f"/admin/imports/{job.pk}/progress/",
        f"/admin/imports/{job.pk}/problems.csv",
        f"/admin/imports/{job.pk}/file/",
    ]
    # On their own shop's host the job does not exist.
    for path in paths:
        assert owner_b.get(path, HTTP_HOST=BETA).status_code == 404
    assert owner_b.post(f"/admin/imports/{job.pk}/cancel/", HTTP_HOST=BETA).status_code == 404
    # On shop A's host, B's session is nothing: sent to log in, never served.
    for path in paths:
        response = owner_b.get(path, HTTP_HOST=ALPHA)
        assert response.status_code in (302, 403), path
        assert "login" in response.get("Location", "/login") or response.status_code == 403
    owner_b.post(f"/admin/imports/{job.pk}/cancel/", HTTP_HOST=ALPHA)
    with schema_context(shop_a.schema_name):
        assert ImportJob.objects.get().status == ImportJob.Status.PREVIEW
    # The uploaded file is private: not served by URL, on either host.
    for host in (ALPHA, BETA):
        assert (
            Client().get(f"/media/{shop_a.schema_name}/{file_name}", HTTP_HOST=host).status_code
            == 404
        )
    # Its owner may download it.
    response = owner_a.get(f"/admin/imports/{job.pk}/file/", HTTP_HOST=ALPHA)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"Handle,")


def test_files_are_deleted_after_seven_days(alpha, shop_a):
    from datetime import timedelta

    from django.utils import timezone

    from imports.tasks import import_files_expire
    from tests.imports.conftest import upload

    old, new = upload(sheet(mug())), upload(sheet(mug()))
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    path = old.file.path
    assert import_files_expire() == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert not old.file and old.file_deleted_at is not None
    assert new.file
    import os

    assert not os.path.exists(path)


def test_export_of_the_selected_products(owner_a, shop_a):
    from catalog.services import product_create

    with schema_context(shop_a.schema_name):
        keep = product_create(title="Kept", handle="kept", variants=[{"price": 1}])
        product_create(title="Other", handle="other", variants=[{"price": 1}])
    connection.set_schema_to_public()
    response = owner_a.get(f"/admin/bulk/catalog/product/export-csv/?id={keep.pk}", HTTP_HOST=ALPHA)
    assert response.status_code == 302
    download = owner_a.get(response["Location"], HTTP_HOST=ALPHA)
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert [r[1] for r in rows[1:]] == ["kept"]

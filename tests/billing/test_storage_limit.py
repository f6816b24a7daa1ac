"""Uploads in the shop admin count against the plan's media storage."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from billing.models import Plan
from billing.trials import subscription_trial_start
from tests.catalog.conftest import ALPHA, BETA, login


def png(name="photo.png", size=(64, 64)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    # Noise, so the file is not compressed to nothing and its size is predictable.
    PILImage.effect_noise(size, 90).convert("RGB").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="terms.pdf", size=2000) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n" + b"0" * size + b"\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def storage_limit(db):
    def limit(shop, n):
        Plan.objects.filter(code="starter").update(max_storage_bytes=n)
        subscription_trial_start(shop=shop)

    return limit


def _add_image(client, host, upload):
    return client.post("/admin/images/add/", {"title": upload.name, "file": upload}, HTTP_HOST=host)


def test_an_image_over_the_plan_is_refused_with_the_plan_message(shop_a, client, storage_limit):
    upload = png()
    storage_limit(shop_a, upload.size - 1)
    login(client, ALPHA, "owner-alpha@example.com")
    response = _add_image(client, ALPHA, upload)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Starter plan allows" in body and "media storage" in body
    with schema_context(shop_a.schema_name):
        assert not get_image_model().objects.exists()


def test_an_image_within_the_plan_is_stored_and_then_counts(shop_a, client, storage_limit):
    first, second = png("a.png"), png("b.png")
    storage_limit(shop_a, first.size + second.size - 1)
    login(client, ALPHA, "owner-alpha@example.com")
    assert _add_image(client, ALPHA, first).status_code == 302
    with schema_context(shop_a.schema_name):
        assert get_image_model().objects.get().file_size == first.size
    # The second would take the shop one byte over: refused.
    assert _add_image(client, ALPHA, second).status_code == 200
    with schema_context(shop_a.schema_name):
        assert get_image_model().objects.count() == 1


def test_documents_count_too(shop_a, client, storage_limit):
    upload = pdf()
    storage_limit(shop_a, upload.size - 1)
    login(client, ALPHA, "owner-alpha@example.com")
    response = client.post(
        "/admin/documents/add/", {"title": "Terms", "file": upload}, HTTP_HOST=ALPHA
    )
    assert response.status_code == 200
    assert "media storage" in response.content.decode()
    with schema_context(shop_a.schema_name):
        assert not get_document_model().objects.exists()


def test_a_shop_without_a_plan_has_no_storage_limit(shop_a, client):
    login(client, ALPHA, "owner-alpha@example.com")
    assert _add_image(client, ALPHA, png()).status_code == 302


def test_another_shops_files_do_not_count(shop_a, shop_b, client, storage_limit):
    """Shop B's uploads fill B's allowance, never A's."""
    upload = png()
    storage_limit(shop_a, upload.size)
    login(client, BETA, "owner-beta@example.com")
    assert _add_image(client, BETA, png("b.png")).status_code == 302
    client.logout()
    login(client, ALPHA, "owner-alpha@example.com")
    assert _add_image(client, ALPHA, upload).status_code == 302

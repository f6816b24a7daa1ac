"""Documents are served only through Wagtail's permission-checked view, never inline
from the shop's origin unless they are plain pictures, and never readable by key.

An HTML file uploaded as a document and opened from ``https://<shop>/...`` would run
as the shop's origin (the origin of ``/admin/``); a private document (a collection
with a view restriction) must not be fetchable by anyone who knows or guesses its
storage key.
"""

from __future__ import annotations

import uuid

import boto3
import pytest
import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import Client, RequestFactory
from django_tenants.utils import schema_context
from wagtail.documents import get_document_model

from shops.storage import ShopFileSystemStorage, ShopS3Storage

pytestmark = pytest.mark.django_db

HOST = "alpha.souk.test"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
    b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05"
    b"\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
HTML = b"<script>fetch('/admin/').then(r => r.text()).then(alert)</script>"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _document(title: str, name: str, content: bytes, collection=None):
    Document = get_document_model()
    doc = Document(title=title, file=ContentFile(content, name=name))
    if collection is not None:
        doc.collection = collection
    doc.full_clean()
    doc.save()
    return doc


def test_documents_go_through_wagtails_view():
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


@pytest.mark.parametrize("name", ["page.html", "page.htm", "image.svg", "app.js", "x.xhtml"])
def test_active_content_cannot_be_uploaded_as_a_document(shop_a, media_root, name):
    with schema_context(shop_a.schema_name), pytest.raises(ValidationError):
        _document("Bad", name, HTML)


def test_a_pdf_is_served_as_an_attachment_that_cannot_run(shop_a, media_root):
    with schema_context(shop_a.schema_name):
        doc = _document("Price list", "prices.pdf", PDF)
    response = Client().get(doc.url, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_picture_may_show_inline(shop_a, media_root):
    with schema_context(shop_a.schema_name):
        doc = _document("Size chart", "sizes.png", PNG)
    response = Client().get(doc.url, HTTP_HOST=HOST)
    assert response["Content-Disposition"].startswith("inline")


def test_a_private_document_needs_a_login(shop_a, media_root):
    from wagtail.models import Collection, CollectionViewRestriction

    with schema_context(shop_a.schema_name):
        private = Collection.get_first_root_node().add_child(name="Staff only")
        CollectionViewRestriction.objects.create(
            collection=private, restriction_type=CollectionViewRestriction.LOGIN
        )
        doc = _document("Margins", "margins.pdf", PDF, collection=private)
    response = Client().get(doc.url, HTTP_HOST=HOST)
    assert response.status_code == 302 and PDF not in response.content


# --- /media/ in development ---------------------------------------------------------------
def _dev_media(shop, path, settings):
    from storefront.views import media

    settings.DEBUG = True
    request = RequestFactory().get(f"/media/{path}", HTTP_HOST=HOST)
    with schema_context(shop.schema_name):
        return media(request, path)


def test_dev_media_does_not_serve_documents(shop_a, media_root, settings):
    with schema_context(shop_a.schema_name):
        doc = _document("Price list", "prices.pdf", PDF)
    with pytest.raises(Http404):
        _dev_media(shop_a, f"{shop_a.schema_name}/{doc.file.name}", settings)


def test_dev_media_never_serves_html_inline(shop_a, media_root, settings):
    with schema_context(shop_a.schema_name):
        ShopFileSystemStorage().save("images/evil.html", ContentFile(HTML))
        ShopFileSystemStorage().save("images/ok.png", ContentFile(PNG))
    response = _dev_media(shop_a, f"{shop_a.schema_name}/images/evil.html", settings)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    picture = _dev_media(shop_a, f"{shop_a.schema_name}/images/ok.png", settings)
    assert not picture.get("Content-Disposition", "").startswith("attachment")


# --- S3 in production ---------------------------------------------------------------------
S3_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture
def s3(s3_endpoint):
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **S3_CREDENTIALS)
    bucket = f"souk-test-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    storage = ShopS3Storage(
        bucket_name=bucket,
        endpoint_url=s3_endpoint,
        access_key="testing",
        secret_key="testing",
        region_name="us-east-1",
        location="shops",
        querystring_auth=False,
    )
    return client, bucket, storage


def test_documents_live_outside_the_public_prefix_and_their_urls_are_signed(shop_a, s3):
    client, bucket, storage = s3
    with schema_context(shop_a.schema_name):
        picture = storage.save("original_images/shop.png", ContentFile(PNG))
        document = storage.save("documents/margins.pdf", ContentFile(PDF))
        picture_url = storage.url(picture)
        document_url = storage.url(document)
        with storage.open(document) as f:
            assert f.read() == PDF
    keys = {o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"]}
    assert f"shops/{shop_a.schema_name}/original_images/shop.png" in keys
    # Not under the public "shops/" prefix a bucket policy may open to everyone.
    assert f"private/{shop_a.schema_name}/documents/margins.pdf" in keys
    assert not any(k.startswith("shops/") and "documents/" in k for k in keys)
    assert "Signature=" not in picture_url
    assert "Signature=" in document_url and "Expires=" in document_url
    assert requests.get(document_url, timeout=10).content == PDF


def test_a_shops_documents_are_exported_and_deleted_with_it(shop_a, s3):
    client, bucket, storage = s3
    with schema_context(shop_a.schema_name):
        storage.save("documents/margins.pdf", ContentFile(PDF))
        storage.save("original_images/shop.png", ContentFile(PNG))
    names = sorted(name for name, _obj in storage.iter_prefix(shop_a.schema_name))
    assert names == ["documents/margins.pdf", "original_images/shop.png"]
    storage.delete_prefix(shop_a.schema_name)
    assert client.list_objects_v2(Bucket=bucket).get("KeyCount") == 0

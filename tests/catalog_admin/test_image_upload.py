"""The editor's picture upload: several files, each checked, attached when the product is saved."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from PIL import Image as PILImage
from wagtail.images import get_image_model

from catalog.models import Product
from tests.catalog_admin.conftest import ADD, ALPHA, product_post

UPLOAD = "/admin/products/images/upload/"


def png(name="photo.png", colour="red") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_upload_then_save_attaches_pictures_in_order_with_alt_text(
    shop_a, owner_client, default_location
):
    ids = []
    for n, colour in enumerate(["red", "green", "blue"]):
        response = owner_client.post(
            UPLOAD, {"file": png(f"shirt-{n}.png", colour)}, HTTP_HOST=ALPHA
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["thumbnail"] and body["title"] == f"shirt {n}"
        ids.append(body["id"])
    data = product_post(
        rows=[{"key": [], "price": "5"}],
        locations=[default_location.pk],
        **{
            "image-id": ["", "", ""],
            "image-image": [ids[2], ids[0], ids[1]],
            "image-alt": ["Blue shirt", "Red shirt", ""],
        },
    )
    response = owner_client.post(ADD, data, HTTP_HOST=ALPHA)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        product = Product.objects.get(title="Tee")
        rows = list(product.images.values_list("image_id", "alt_text", "position"))
        assert rows == [(ids[2], "Blue shirt", 0), (ids[0], "Red shirt", 1), (ids[1], "", 2)]


def test_a_file_that_is_not_an_image_is_refused(shop_a, owner_client):
    fake = SimpleUploadedFile("evil.png", b"<script>alert(1)</script>", content_type="image/png")
    response = owner_client.post(UPLOAD, {"file": fake}, HTTP_HOST=ALPHA)
    assert response.status_code == 400
    assert response.json()["error"]
    text = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    assert owner_client.post(UPLOAD, {"file": text}, HTTP_HOST=ALPHA).status_code == 400
    with schema_context(shop_a.schema_name):
        assert not get_image_model().objects.exists()


def test_a_file_over_the_size_limit_is_refused(shop_a, owner_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    buffer = io.BytesIO()
    PILImage.effect_noise((200, 200), 80).convert("RGB").save(buffer, "PNG")
    assert len(buffer.getvalue()) > 1000
    big = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    response = owner_client.post(UPLOAD, {"file": big}, HTTP_HOST=ALPHA)
    assert response.status_code == 400
    assert "too big" in response.json()["error"]


def test_upload_needs_a_signed_in_staff_member(shop_a, client):
    response = client.post(UPLOAD, {"file": png()}, HTTP_HOST=ALPHA)
    assert response.status_code in (302, 403)
    with schema_context(shop_a.schema_name):
        assert not get_image_model().objects.exists()


def test_products_staff_can_upload(shop_a, client):
    from tests.support.shop_admin import shop_admin_login, shop_staff_account

    shop_staff_account(shop_a, "stock-keeper@example.com", permissions=["products"])
    shop_admin_login(client, host=ALPHA, email="stock-keeper@example.com")
    response = client.post(UPLOAD, {"file": png("mug.png")}, HTTP_HOST=ALPHA)
    assert response.status_code == 200, response.content
    with schema_context(shop_a.schema_name):
        image = get_image_model().objects.get(title="mug")
        assert image.uploaded_by_user.email == "stock-keeper@example.com"

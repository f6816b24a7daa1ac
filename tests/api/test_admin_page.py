"""Settings → Apps: the owner creates an app and sees its token once."""

from __future__ import annotations

from django_tenants.utils import schema_context

from api.models import App
from tests.catalog.conftest import ALPHA, login


def test_owner_creates_an_app_and_sees_the_token_once(client, shop_a):
    login(client, ALPHA, "owner-alpha@example.com")
    response = client.post(
        "/admin/apps/add/",
        {"name": "Books sync", "scopes": ["read_orders", "write_products"]},
        HTTP_HOST=ALPHA,
    )
    assert response.status_code == 200
    token = response.context["token"]
    assert token.startswith("souk_at_")
    page = client.get("/admin/apps/", HTTP_HOST=ALPHA).content.decode()
    assert "Books sync" in page
    assert token not in page
    assert token[:12] in page
    with schema_context(shop_a.schema_name):
        assert App.objects.get().scopes == ["write_products", "read_orders"]

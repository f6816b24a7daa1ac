"""The stock list's counts are written through ``inventory.services.stock_levels_set``.

Only the service records the stock movement, refreshes the product's ``in_stock``
flag and writes the audit entry with the staff user; a bad count writes nothing.
"""

from __future__ import annotations

from django.test import Client
from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from inventory.models import StockLevel, StockMovement
from tests.catalog_admin.conftest import bulk_form_data
from tests.inventory.factories import create_variant
from tests.support.shop_admin import shop_admin_login

HOST = "alpha.souk.test"
OWNER = "owner-alpha@example.com"


def _lamp(shop):
    with schema_context(shop.schema_name):
        return create_variant(title="Brass lamp")


def test_setting_a_count_goes_through_the_service(shop_a):
    lamp = _lamp(shop_a)
    client = shop_admin_login(Client(HTTP_HOST=HOST))
    data = bulk_form_data(client.get("/admin/inventory/").context)
    data[f"on_hand-{lamp.pk}"] = "5"
    assert client.post("/admin/inventory/", data).status_code == 302
    with schema_context(shop_a.schema_name):
        assert StockLevel.objects.get(variant=lamp).on_hand == 5
        movement = StockMovement.objects.get(variant=lamp)
        assert (movement.delta_on_hand, movement.reference) == (5, f"admin:{OWNER}")
        lamp.product.refresh_from_db()
        assert lamp.product.in_stock
        entry = ModelLogEntry.objects.for_instance(lamp).get(action="inventory.stock_set")
        assert entry.user.email == OWNER and entry.data["on_hand"] == 5


def test_a_bad_count_shows_the_error_and_writes_nothing(shop_a):
    lamp = _lamp(shop_a)
    client = shop_admin_login(Client(HTTP_HOST=HOST))
    data = bulk_form_data(client.get("/admin/inventory/").context)
    data[f"on_hand-{lamp.pk}"] = "-3"
    response = client.post("/admin/inventory/", data)
    assert "Nothing was saved" in response.content.decode()
    with schema_context(shop_a.schema_name):
        assert not StockMovement.objects.filter(variant=lamp).exists()
        assert not ModelLogEntry.objects.for_instance(lamp).exists()

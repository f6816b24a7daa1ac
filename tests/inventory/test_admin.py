"""The shop admin's stock list: see and set counts; bad counts are refused clearly."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from inventory.models import StockLevel
from inventory.services import stock_reserve, stock_set
from tests.inventory.factories import create_variant
from tests.support.shop_admin import shop_admin_login

HOST = "alpha.souk.test"


@pytest.fixture
def admin_client(shop_a):
    return shop_admin_login(Client(HTTP_HOST=HOST))


@pytest.fixture
def lamp(shop_a):
    with schema_context(shop_a.schema_name):
        variant = create_variant(title="Brass lamp")
        stock_set(variant=variant, on_hand=7)
        stock_reserve(token="cart-9", lines=[(variant, 2)])
    return variant


def test_stock_list_shows_counts_and_search(admin_client, lamp):
    page = admin_client.get("/admin/inventory/").content.decode()
    assert "Brass lamp" in page and 'value="7"' in page
    assert "Brass lamp" not in admin_client.get("/admin/inventory/?q=chair").content.decode()


def test_setting_a_count(admin_client, lamp, shop_a):
    response = admin_client.post(f"/admin/inventory/{lamp.pk}/", {"on_hand": "12"}, follow=True)
    assert "stock updated" in response.content.decode()
    with schema_context(shop_a.schema_name):
        assert StockLevel.objects.get(variant=lamp).on_hand == 12


@pytest.mark.parametrize("bad", ["-1", "abc", "", "1"])
def test_bad_counts_are_refused_and_nothing_changes(admin_client, lamp, shop_a, bad):
    """ "1" is below the 2 units a running checkout holds."""
    response = admin_client.post(f"/admin/inventory/{lamp.pk}/", {"on_hand": bad}, follow=True)
    assert "Brass lamp" in response.content.decode()
    assert "stock updated" not in response.content.decode()
    with schema_context(shop_a.schema_name):
        assert StockLevel.objects.get(variant=lamp).on_hand == 7


def test_stock_list_query_count_is_fixed(admin_client, shop_a, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(n):
        with schema_context(shop_a.schema_name):
            for i in range(n):
                stock_set(variant=create_variant(title=f"Thing {i}"), on_hand=i + 1)
        with CaptureQueriesContext(connection) as ctx:
            admin_client.get("/admin/inventory/")
        return len(ctx)

    admin_client.get("/admin/inventory/")  # warm the per-shop caches (theme, billing, access)
    assert count(3) == count(27)


def test_other_shop_cannot_set_a_shops_stock(lamp, shop_a, shop_b):
    client = shop_admin_login(Client(HTTP_HOST="beta.souk.test"))
    client.post(f"/admin/inventory/{lamp.pk}/", {"on_hand": "0"})
    with schema_context(shop_a.schema_name):
        assert StockLevel.objects.get(variant=lamp).on_hand == 7


def test_setting_a_count_is_in_the_audit_log(admin_client, lamp, shop_a):
    from wagtail.models import ModelLogEntry

    admin_client.post(f"/admin/inventory/{lamp.pk}/", {"on_hand": "12"})
    admin_client.post(f"/admin/inventory/{lamp.pk}/", {"on_hand": "-1"})  # refused: no entry
    with schema_context(shop_a.schema_name):
        entry = ModelLogEntry.objects.get(action="inventory.stock_set", user__isnull=False)
        assert entry.object_id == str(lamp.pk) and entry.data == {"on_hand": 12}
        assert entry.user.email == "owner-alpha@example.com"

"""The shop admin's Inventory page: one form for every row; bad counts refused clearly.

(The page is the bulk editor, ``catalog_admin.bulk_editor``; its price and status
columns are tested in tests/catalog_admin.)
"""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from inventory.models import StockLevel
from inventory.services import stock_reserve, stock_set
from tests.catalog_admin.conftest import bulk_form_data
from tests.inventory.factories import create_variant
from tests.support.shop_admin import shop_admin_login

HOST = "alpha.souk.test"
PAGE = "/admin/inventory/"


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


def _post_count(client, variant, count, **extra):
    data = bulk_form_data(client.get(PAGE).context)
    data[f"on_hand-{variant.pk}"] = count
    data.update(extra)
    return client.post(PAGE, data, follow=True)


def test_stock_list_shows_counts_and_search(admin_client, lamp):
    page = admin_client.get(PAGE).content.decode()
    assert "Brass lamp" in page and 'value="7"' in page
    assert "Brass lamp" not in admin_client.get(f"{PAGE}?q=chair").content.decode()


def test_setting_a_count(admin_client, lamp, shop_a):
    response = _post_count(admin_client, lamp, "12")
    assert "1 stock counts" in response.content.decode()
    with schema_context(shop_a.schema_name):
        assert StockLevel.objects.get(variant=lamp).on_hand == 12


def test_edits_in_other_rows_are_saved_with_it(admin_client, lamp, shop_a):
    """The old page had one form per row and dropped what was typed in the others."""
    with schema_context(shop_a.schema_name):
        chair = create_variant(title="Chair")
        stock_set(variant=chair, on_hand=1)
    response = _post_count(admin_client, lamp, "12", **{f"on_hand-{chair.pk}": "4"})
    assert response.status_code == 200
    with schema_context(shop_a.schema_name):
        assert StockLevel.objects.get(variant=lamp).on_hand == 12
        assert StockLevel.objects.get(variant=chair).on_hand == 4


@pytest.mark.parametrize("bad", ["-1", "abc", "", "1"])
def test_bad_counts_are_refused_and_nothing_changes(admin_client, lamp, shop_a, bad):
    """ "1" is below the 2 units a running checkout holds."""
    with schema_context(shop_a.schema_name):
        chair = create_variant(title="Chair")
    response = _post_count(admin_client, lamp, bad, **{f"on_hand-{chair.pk}": "4"})
    page = response.content.decode()
    assert "Brass lamp" in page and "Nothing was saved" in page
    assert f'name="on_hand-{chair.pk}" value="4"' in page  # the other row's edit is kept
    with schema_context(shop_a.schema_name):
        assert StockLevel.objects.get(variant=lamp).on_hand == 7
        assert not StockLevel.objects.filter(variant=chair, on_hand=4).exists()


def test_stock_list_query_count_is_fixed(admin_client, shop_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(n):
        with schema_context(shop_a.schema_name):
            for i in range(n):
                stock_set(variant=create_variant(title=f"Thing {i}"), on_hand=i + 1)
        with CaptureQueriesContext(connection) as ctx:
            admin_client.get(PAGE)
        return len(ctx)

    admin_client.get(PAGE)  # warm the per-shop caches (theme, billing, access)
    assert count(3) == count(27)


def test_other_shop_cannot_set_a_shops_stock(lamp, shop_a, shop_b):
    client = shop_admin_login(Client(HTTP_HOST="beta.souk.test"))
    client.post(
        PAGE,
        {"row": [lamp.pk], f"on_hand-{lamp.pk}": "0", f"was-on_hand-{lamp.pk}": "7"},
    )
    with schema_context(shop_a.schema_name):
        assert StockLevel.objects.get(variant=lamp).on_hand == 7


def test_setting_a_count_is_in_the_audit_log(admin_client, lamp, shop_a):
    from wagtail.models import ModelLogEntry

    _post_count(admin_client, lamp, "12")
    _post_count(admin_client, lamp, "-1")  # refused: no entry
    with schema_context(shop_a.schema_name):
        entry = ModelLogEntry.objects.get(action="inventory.stock_set", user__isnull=False)
        assert entry.object_id == str(lamp.pk) and entry.data["on_hand"] == 12
        assert entry.user.email == "owner-alpha@example.com"

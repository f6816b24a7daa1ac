"""Non-superuser shop staff: the role groups decide which admin pages they open."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django_tenants.utils import schema_context
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from accounts.staff_roles import ROLE_PERMISSIONS, staff_groups_ensure
from tests.orders.conftest import ALPHA
from tests.support.shop_admin import shop_admin_sign_on, shop_staff_account

BETA = "beta.souk.test"


def staff(shop, email, *group_names):
    """A team member whose permissions are the groups named: sign-on gives the shop's
    staff user exactly those groups."""
    return shop_staff_account(shop, email, permissions=[name.lower() for name in group_names])


def log_in(client, email, host=ALPHA):
    return shop_admin_sign_on(client, host=host, email=email)


def status(client, path, host=ALPHA):
    response = client.get(path, HTTP_HOST=host)
    return response.status_code, response.get("Location", "")


@pytest.fixture
def alpha_roles(shop_a):
    with schema_context(shop_a.schema_name):
        staff_groups_ensure()
    return shop_a


def test_ensure_creates_the_four_groups_once(shop_a):
    with schema_context(shop_a.schema_name):
        first = staff_groups_ensure()
        counts = {name: group.permissions.count() for name, group in first.items()}
        pages = GroupPagePermission.objects.count()
        collections = GroupCollectionPermission.objects.count()
        again = staff_groups_ensure()

        assert (
            sorted(first)
            == sorted(ROLE_PERMISSIONS)
            == ["Content", "Orders", "Products", "Settings"]
        )
        assert {n: g.pk for n, g in again.items()} == {n: g.pk for n, g in first.items()}
        assert {n: g.permissions.count() for n, g in again.items()} == counts
        assert (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count()) == (
            pages,
            collections,
        )
        orders = set(first["Orders"].permissions.values_list("codename", flat=True))
        assert {"access_admin", "view_order", "change_order"} <= orders
        assert "change_stocklevel" not in orders
        products = set(first["Products"].permissions.values_list("codename", flat=True))
        assert {"change_product", "change_stocklevel"} <= products and "view_order" not in products
        assert GroupPagePermission.objects.filter(
            group=first["Content"], permission__codename="publish_page"
        ).exists()


def test_ensure_puts_back_a_removed_permission(shop_a):
    with schema_context(shop_a.schema_name):
        orders = staff_groups_ensure()["Orders"]
        orders.permissions.clear()
        staff_groups_ensure()
        assert orders.permissions.filter(codename="view_order").exists()


def test_orders_staff_opens_orders_but_not_inventory(alpha_roles, client):
    staff(alpha_roles, "clerk@example.com", "Orders")
    assert log_in(client, "clerk@example.com").status_code == 302
    home = client.get("/admin/", HTTP_HOST=ALPHA)
    assert home.status_code == 200
    page = home.content.decode()
    assert 'href="/admin/orders/"' in page and 'href="/admin/inventory/"' not in page
    assert status(client, "/admin/orders/")[0] == 200
    # Wagtail sends a user without the right back to the dashboard, not to the login.
    assert status(client, "/admin/inventory/") == (302, "/admin/")


def test_products_staff_opens_inventory_but_not_orders(alpha_roles, client):
    staff(alpha_roles, "stock@example.com", "Products")
    log_in(client, "stock@example.com")
    assert status(client, "/admin/inventory/")[0] == 200
    assert status(client, "/admin/orders/") == (302, "/admin/")


def test_staff_without_a_group_opens_neither(alpha_roles, client):
    staff(alpha_roles, "nobody@example.com")
    log_in(client, "nobody@example.com")
    for path in ("/admin/", "/admin/orders/", "/admin/inventory/"):
        code, location = status(client, path)
        assert code == 302 and location.startswith("/admin/login/"), path


def test_a_disabled_account_cannot_enter(alpha_roles, client):
    account = staff(alpha_roles, "gone@example.com", "Orders")
    account.is_active = False
    account.save()
    assert log_in(client, "gone@example.com").status_code == 403
    assert status(client, "/admin/orders/")[0] == 302


def test_groups_and_staff_belong_to_one_shop(alpha_roles, shop_b, client):
    with schema_context(shop_b.schema_name):
        assert not Group.objects.filter(name="Orders").exists()
    staff(alpha_roles, "clerk@example.com", "Orders")
    assert log_in(client, "clerk@example.com", host=BETA).status_code == 403  # unknown there
    log_in(client, "clerk@example.com")
    code, location = status(client, "/admin/orders/", host=BETA)
    assert code == 302 and location.startswith("/admin/login/")


@pytest.mark.parametrize(
    ("role", "opens", "refused"),
    [
        ("Products", "/admin/catalog/products/", "/admin/shipping/zones/"),
        ("Settings", "/admin/shipping/zones/", "/admin/catalog/products/"),
        ("Content", "/admin/pages/", "/admin/orders/"),
    ],
)
def test_each_role_opens_its_own_pages(alpha_roles, client, role, opens, refused):
    staff(alpha_roles, "someone@example.com", role)
    log_in(client, "someone@example.com")
    assert status(client, opens)[0] == 200
    assert status(client, refused) == (302, "/admin/")

"""A change of membership reaches an open shop admin session at its next request."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from accounts import services
from accounts.models import Membership, Role
from tests.accounts.conftest import shop_host

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_platform_cache():
    caches["platform"].clear()


def test_revoked_member_is_logged_out_at_next_request(
    shop_a, owner_of, member_of, enter, django_capture_on_commit_callbacks
):
    shop = shop_a
    owner = owner_of(shop)
    account = member_of(shop, role=Role.ADMIN)
    client = enter(account, shop)
    host = shop_host(shop)
    assert client.get("/admin/", HTTP_HOST=host).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_remove(membership=Membership.objects.get(account=account), by=owner)
    response = client.get("/admin/", HTTP_HOST=host)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client.get("/admin/", HTTP_HOST=host).status_code == 302  # stays out


def test_role_change_logs_out_then_reentry_applies_new_role(
    shop_a, owner_of, member_of, enter, django_capture_on_commit_callbacks
):
    from django_tenants.utils import schema_context

    from accounts.models import User

    shop = shop_a
    owner = owner_of(shop)
    account = member_of(shop, role=Role.ADMIN)
    client = enter(account, shop)
    host = shop_host(shop)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_update(
            membership=Membership.objects.get(account=account),
            by=owner,
            role=Role.STAFF,
            permissions=["orders"],
        )
    assert client.get("/admin/", HTTP_HOST=host).status_code == 302
    client = enter(account, shop)
    assert client.get("/admin/", HTTP_HOST=host).status_code == 200
    with schema_context(shop.schema_name):
        staff = User.objects.get(platform_account_id=account.pk)
        assert not staff.is_superuser
        assert list(staff.groups.values_list("name", flat=True)) == ["Orders"]


def test_access_check_costs_no_query_once_cached(
    shop_a, owner_of, enter, django_assert_num_queries
):
    from django.test import RequestFactory

    from accounts.middleware import ShopAccessMiddleware

    owner = owner_of(shop_a)
    client = enter(owner, shop_a)
    client.get("/admin/", HTTP_HOST=shop_host(shop_a))  # warms the cache
    request = RequestFactory().get("/admin/", HTTP_HOST=shop_host(shop_a))
    request.shop = shop_a
    from django_tenants.utils import schema_context

    from accounts.models import User

    with schema_context(shop_a.schema_name):
        request.user = User.objects.get(platform_account_id=owner.pk)
        request.session = client.session
        assert request.session.get("souk_access")  # loaded from the shop's sessions
    with django_assert_num_queries(0):
        ShopAccessMiddleware(lambda r: "ok")(request)


def test_a_linked_staff_user_has_no_password_login(shop_a, owner_of, member_of, enter):
    """Even given a password inside the shop, a staff user enters only by sign-on."""
    from django.test import Client
    from django_tenants.utils import schema_context

    from accounts.models import User

    account = member_of(shop_a, role=Role.ADMIN)
    enter(account, shop_a)
    with schema_context(shop_a.schema_name):
        staff = User.objects.get(platform_account_id=account.pk)
        staff.set_password("a-shop-password-77")
        staff.save()
    client = Client()
    client.post(
        "/admin/login/",
        {"username": staff.email, "password": "a-shop-password-77"},
        HTTP_HOST=shop_host(shop_a),
    )
    assert client.get("/admin/", HTTP_HOST=shop_host(shop_a)).status_code == 302

"""My shops, the setup guide and the shop's activity log."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import ShopStats
from tests.accounts.conftest import shop_host

pytestmark = pytest.mark.django_db
PLATFORM = "souk.test"


def test_my_shops_lists_memberships_with_fixed_queries(
    shop_factory, account_factory, member_of, client, django_assert_max_num_queries
):
    account = account_factory()
    shops = [shop_factory() for _ in range(3)]
    for shop in shops:
        member_of(shop, account=account)
    ShopStats.objects.create(
        shop=shops[0],
        orders_today=7,
        orders_30d=40,
        sales_30d=Decimal("99.50"),
        refreshed_at=timezone.now(),
    )
    client.force_login(account)
    with django_assert_max_num_queries(10) as few:
        response = client.get("/shops/", HTTP_HOST=PLATFORM)
    body = response.content.decode()
    for shop in shops:
        assert shop.name in body
    assert "<td>7</td>" in body
    shops.append(shop_factory())
    member_of(shops[-1], account=account)
    with django_assert_max_num_queries(len(few)):
        client.get("/shops/", HTTP_HOST=PLATFORM)


def test_my_shops_hides_other_peoples_shops(shop_a, shop_b, owner_of, client):
    owner_of(shop_b)
    client.force_login(owner_of(shop_a))
    body = client.get("/shops/", HTTP_HOST=PLATFORM).content.decode()
    assert "Alpha Goods" in body and "Beta Things" not in body


def test_shop_stats_refresh_counts_in_the_shop(shop_a):
    from django_tenants.utils import tenant_context

    from accounts.shop_stats import shop_stats_refresh

    with tenant_context(shop_a):
        stats = shop_stats_refresh()
    assert (stats.orders_today, stats.orders_30d, stats.sales_30d) == (0, 0, Decimal("0"))
    assert ShopStats.objects.get(shop=shop_a).currency == shop_a.currency


def test_the_setup_guide_ticks_from_real_data(shop_a, owner_of, enter):
    """Entered by sign-on from My shops, the owner finds the setup guide
    (tests/setup_guide/ tests it step by step)."""
    from django_tenants.utils import schema_context

    from catalog.services import product_create

    client = enter(owner_of(shop_a), shop_a)
    body = client.get("/admin/", HTTP_HOST=shop_host(shop_a)).content.decode()
    assert "0 of 7 done" in body
    with schema_context(shop_a.schema_name):
        product_create(title="Figs", variants=[{"sku": "FIG-1", "price": 3}])
    body = client.get("/admin/", HTTP_HOST=shop_host(shop_a)).content.decode()
    assert "1 of 7 done" in body


def test_activity_log_shows_this_shops_events_only(shop_a, shop_b, owner_of, member_of, enter):
    from shops.audit import shop_event_record

    shop_event_record(shop=shop_a, action="member_joined", actor_name="a-helper@example.com")
    shop_event_record(shop=shop_b, action="member_joined", actor_name="b-helper@example.com")
    client = enter(owner_of(shop_a), shop_a)
    body = client.get("/admin/activity/", HTTP_HOST=shop_host(shop_a)).content.decode()
    assert "a-helper@example.com" in body and "b-helper@example.com" not in body
    staff = member_of(shop_a, permissions=["products"])
    staff_client = enter(staff, shop_a)
    refused = staff_client.get("/admin/activity/", HTTP_HOST=shop_host(shop_a))
    # Wagtail answers a PermissionDenied in its admin by a redirect to the dashboard.
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")

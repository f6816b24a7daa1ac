"""Shops list, detail and actions of the console."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from console.models import ShopExport
from shops.models import Domain, Shop, ShopEvent, ShopUsage


def _names(response) -> set[str]:
    return {shop.subdomain for shop in response.context["page"].object_list}


def test_list_shows_every_shop(console, shop_a, shop_b):
    response = console.get("/console/shops/")
    assert response.status_code == 200
    assert _names(response) == {"alpha", "beta"}
    body = response.content.decode()
    assert "owner-alpha@example.com" in body and "alpha.souk.test" in body


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Alpha Goods", {"alpha"}),
        ("bet", {"beta"}),
        ("owner-beta@", {"beta"}),
        ("alpha-goods.com", {"alpha"}),
        ("  ", {"alpha", "beta"}),
        ("nothing-like-this", set()),
        ("<script>", set()),
    ],
)
def test_search_by_name_subdomain_owner_or_domain(console, shop_a, shop_b, q, expected):
    Domain.objects.create(domain="www.alpha-goods.com", tenant=shop_a, is_primary=False)
    response = console.get("/console/shops/", {"q": q})
    assert response.status_code == 200
    assert _names(response) == expected


def test_filter_by_status_and_created_range(console, shop_a, shop_b):
    Shop.objects.filter(pk=shop_b.pk).update(status="suspended")
    assert _names(console.get("/console/shops/", {"status": "suspended"})) == {"beta"}
    assert _names(console.get("/console/shops/", {"status": "active"})) == {"alpha"}
    long_ago = timezone.now() - datetime.timedelta(days=90)
    Shop.objects.filter(pk=shop_a.pk).update(created_at=long_ago)
    today = timezone.localdate().isoformat()
    assert _names(console.get("/console/shops/", {"created_from": today})) == {"beta"}
    old = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert _names(console.get("/console/shops/", {"created_to": old})) == {"alpha"}


@pytest.mark.parametrize(
    "params",
    [
        {"status": "bogus"},
        {"created_from": "not-a-date"},
        {"created_to": "2026-13-45"},
        {"page": "x"},
    ],
)
def test_bad_filter_values_filter_nothing(console, shop_a, shop_b, params):
    response = console.get("/console/shops/", params)
    assert response.status_code == 200
    assert _names(response) == {"alpha", "beta"}


def test_list_is_paginated(console, shop_a, shop_b, monkeypatch):
    from console import views

    monkeypatch.setattr(views, "PER_PAGE", 1)
    first = console.get("/console/shops/")
    second = console.get("/console/shops/", {"page": 2})
    assert len(_names(first)) == 1 and len(_names(second)) == 1
    assert _names(first) != _names(second)
    assert "page=2" in first.content.decode()


def test_list_costs_the_same_queries_for_more_shops(console, shop_factory):
    shop_factory("one")
    console.get("/console/shops/")  # warm the session, user, content types
    with CaptureQueriesContext(connection) as few:
        console.get("/console/shops/")
    for name in ("two", "three", "four"):
        shop = shop_factory(name)
        ShopUsage.objects.create(shop=shop, products=3, orders=2, refreshed_at=timezone.now())
        Domain.objects.create(domain=f"www.{name}.example", tenant=shop, is_primary=False)
    with CaptureQueriesContext(connection) as many:
        response = console.get("/console/shops/", {"q": "o"})
    assert len(_names(response)) >= 3
    assert len(many) == len(few)
    # session, user, 2FA device, count, page, plan choices (+ savepoints)
    assert len(many) <= 8


def test_detail_shows_domains_owner_usage_and_activity(
    console, shop_a, django_assert_max_num_queries
):
    Domain.objects.create(domain="www.alpha-goods.com", tenant=shop_a, is_primary=False)
    ShopUsage.objects.create(
        shop=shop_a,
        products=12,
        orders=34,
        database_bytes=2048,
        media_bytes=1024,
        refreshed_at=timezone.now(),
    )
    with django_assert_max_num_queries(10):
        response = console.get(f"/console/shops/{shop_a.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("www.alpha-goods.com", "owner-alpha@example.com", "Shop created by", "3.0\xa0KB"):
        assert text in body
    assert response.context["usage"].orders == 34


def test_detail_of_unknown_shop_is_404(console, db):
    assert console.get("/console/shops/999999/").status_code == 404


def test_suspend_takes_two_steps(console, shop_a):
    page = console.get(f"/console/shops/{shop_a.pk}/suspend/")
    assert page.status_code == 200
    assert "Type <strong>alpha</strong> to confirm" in page.content.decode()
    shop_a.refresh_from_db()
    assert shop_a.status == "active"  # showing the page changed nothing

    for typed in ("", "beta", "ALPHA", "alpha-x"):
        response = console.post(
            f"/console/shops/{shop_a.pk}/suspend/", {"confirm_subdomain": typed}
        )
        assert response.status_code == 400
        shop_a.refresh_from_db()
        assert shop_a.status == "active"
    assert "to confirm" in response.content.decode()

    response = console.post(
        f"/console/shops/{shop_a.pk}/suspend/", {"confirm_subdomain": "alpha", "reason": "fraud"}
    )
    assert response.status_code == 302
    shop_a.refresh_from_db()
    assert shop_a.status == "suspended"
    event = ShopEvent.objects.get(shop=shop_a, action="suspended")
    assert event.actor_name == "admin@souk.test"
    assert event.detail == {"reason": "fraud"}


def test_reactivate_is_post_only(console, shop_a):
    Shop.objects.filter(pk=shop_a.pk).update(status="suspended")
    assert console.get(f"/console/shops/{shop_a.pk}/reactivate/").status_code == 405
    response = console.post(f"/console/shops/{shop_a.pk}/reactivate/")
    assert response.status_code == 302
    shop_a.refresh_from_db()
    assert shop_a.status == "active"


def test_delete_needs_the_typed_subdomain(console, shop_a, shop_b):
    response = console.post(f"/console/shops/{shop_a.pk}/delete/", {"confirm_subdomain": "beta"})
    assert response.status_code == 400
    assert Shop.objects.filter(pk=shop_a.pk).exists()
    response = console.post(f"/console/shops/{shop_a.pk}/delete/", {"confirm_subdomain": "alpha"})
    assert response.status_code == 302
    assert not Shop.objects.filter(pk=shop_a.pk).exists()
    assert Shop.objects.filter(pk=shop_b.pk).exists()
    assert ShopEvent.objects.filter(subdomain="alpha", action="deleted").get().actor_name == (
        "admin@souk.test"
    )


def test_view_as_support_enters_the_shop_read_only_and_is_audited(console, shop_a, support_person):
    from tests.support.browser import Browser, open_admin

    page = console.get(f"/console/shops/{shop_a.pk}/").content.decode()
    assert "View as support" in page and "disabled" not in page
    # A holder of the console permission (not a superuser) may view as support too.
    browser = Browser().log_in(support_person)
    url, entered = open_admin(browser, shop_a, support=True)
    assert url == "http://alpha.souk.test/admin/" and entered.status_code == 200
    shop_client = browser.client("alpha.souk.test")
    refused = shop_client.post("/admin/pages/add/", {"title": "x"})
    assert refused.status_code == 403
    event = ShopEvent.objects.get(shop=shop_a, action="support_entered")
    assert event.actor_name == "support@souk.test"


def _platform_client_for(user):
    from tests.console.conftest import PlatformClient
    from tests.support.two_factor import force_login_verified

    client = PlatformClient()
    force_login_verified(client, user)
    return client


def test_export_request_is_recorded_and_queued(console, shop_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = console.post(f"/console/shops/{shop_a.pk}/export/")
    assert response.status_code == 302
    export = ShopExport.objects.get(shop=shop_a)
    assert export.status == "pending" and export.requested_by == "admin@souk.test"
    assert len(callbacks) == 1


def test_export_runs_and_offers_a_download(
    committed_shop_factory, settings, tmp_path, django_capture_on_commit_callbacks
):
    from accounts.models import User
    from tests.console.conftest import PlatformClient
    from tests.support.two_factor import force_login_verified

    settings.EXPORT_ROOT = tmp_path
    shop = committed_shop_factory("exported")
    admin = User.objects.create_superuser(email="admin2@souk.test", password="correct-horse-9")
    client = PlatformClient()
    force_login_verified(client, admin)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/console/shops/{shop.pk}/export/")
        export = ShopExport.objects.get(shop=shop)
        assert export.status == "done", export.error
        page = client.get(f"/console/shops/{shop.pk}/").content.decode()
        assert export.archive_name in page
        download = client.get(f"/console/exports/{export.pk}/download/")
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment")
        assert b"".join(download.streaming_content)[:2] == b"\x1f\x8b"  # gzip
    finally:
        ShopExport.objects.all().delete()
        User.objects.filter(email="admin2@souk.test").delete()


def test_failed_export_is_shown_with_its_error(console, shop_a, settings, tmp_path):
    from console.exports import shop_export_run

    settings.EXPORT_ROOT = tmp_path
    export = ShopExport.objects.create(shop=shop_a, subdomain="alpha", requested_by="x@souk.test")
    shop_export_run(export_id=export.pk)  # the schema is not committed: pg_dump finds nothing
    export.refresh_from_db()
    assert export.status == "failed" and export.error
    assert list(tmp_path.iterdir()) == []
    assert console.get(f"/console/exports/{export.pk}/download/").status_code == 404


def test_plan_filter_and_shops_by_plan(console, shop_a, shop_b):
    from billing.models import Plan
    from billing.seed import plans_seed
    from billing.trials import subscription_trial_start

    plans_seed()  # the seeded plans (a flushed test database may have lost them)
    subscription_trial_start(shop=shop_a)
    subscription_trial_start(shop=shop_b, plan=Plan.objects.get(code="pro"))
    assert _names(console.get("/console/shops/", {"plan": "pro"})) == {"beta"}
    assert _names(console.get("/console/shops/", {"plan": "starter"})) == {"alpha"}
    assert _names(console.get("/console/shops/", {"plan": "no-such-plan"})) == {"alpha", "beta"}
    overview = console.get("/console/").content.decode()
    assert "Shops by plan" in overview

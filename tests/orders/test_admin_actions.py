"""Orders admin: sorting the list, and mark-paid / void / cancel with a confirmation step."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from orders.models import Order, OrderEvent
from tests.orders.conftest import ALPHA, BETA, login, paid_order, place
from tests.support.shop_admin import shop_admin_login, shop_staff_account

LIST = "/admin/orders/"


def _in(shop, fn, *args, **kwargs):
    with schema_context(shop.schema_name):
        return fn(*args, **kwargs)


def numbers_in(page: str) -> list[str]:
    return re.findall(r'">(#10\d\d)</a>', page)


@pytest.fixture
def three_orders(shop_a):
    with schema_context(shop_a.schema_name):
        place(lines=[(None, 1, "30.00")])  # #1001, total 41.00
        paid_order(lines=[(None, 1, "10.00")])  # #1002, total 17.00, paid
        place(lines=[(None, 1, "20.00")])  # #1003, total 29.00


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["#1003", "#1002", "#1001"]),  # newest first by default
        ("total", ["#1002", "#1003", "#1001"]),
        ("-total", ["#1001", "#1003", "#1002"]),
        ("number", ["#1001", "#1002", "#1003"]),
        ("-number", ["#1003", "#1002", "#1001"]),
        ("date", ["#1001", "#1002", "#1003"]),
        ("payment", ["#1002", "#1001", "#1003"]),  # paid < pending, then by id
        ("fulfilment", ["#1001", "#1002", "#1003"]),
        ("nonsense", ["#1003", "#1002", "#1001"]),
    ],
)
def test_list_sorts_by_column(three_orders, owner_client, sort, expected):
    page = owner_client.get(LIST, {"sort": sort}, HTTP_HOST=ALPHA).content.decode()
    assert numbers_in(page) == expected


def test_sort_links_keep_the_filters_and_flip_direction(three_orders, owner_client):
    page = owner_client.get(
        LIST, {"sort": "-total", "financial_status": "pending"}, HTTP_HOST=ALPHA
    ).content.decode()
    assert numbers_in(page) == ["#1001", "#1003"]
    assert 'aria-sort="descending"' in page
    assert "?sort=total&amp;financial_status=pending" in page  # flips to ascending
    assert "?sort=-number&amp;financial_status=pending" in page


def test_sorted_list_costs_the_same_queries_for_3_or_30_orders(shop_a, owner_client):
    def count():
        owner_client.get(LIST, {"sort": "-total"}, HTTP_HOST=ALPHA)
        with CaptureQueriesContext(connection) as ctx:
            owner_client.get(LIST, {"sort": "-total"}, HTTP_HOST=ALPHA)
        return len(ctx.captured_queries)

    for _ in range(3):
        _in(shop_a, place)
    few = count()
    for _ in range(27):
        _in(shop_a, place)
    assert count() == few


def test_mark_paid_asks_first_then_records_once(shop_a, owner_client):
    order = _in(shop_a, place)
    detail = owner_client.get(f"{LIST}{order.pk}/", HTTP_HOST=ALPHA).content.decode()
    assert 'id="mark-paid"' in detail and 'id="void-payment"' in detail

    confirm = owner_client.get(f"{LIST}{order.pk}/mark-paid/", HTTP_HOST=ALPHA)
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Mark order #1001 as paid?" in page and "csrfmiddlewaretoken" in page
    _in(shop_a, order.refresh_from_db)
    assert order.financial_status == "pending"  # a GET changes nothing

    url = f"{LIST}{order.pk}/mark-paid/"
    done = owner_client.post(url, {"reference": "BANK-42"}, HTTP_HOST=ALPHA, follow=True)
    assert "Order marked as paid." in done.content.decode()
    again = owner_client.post(url, {"reference": "BANK-42"}, HTTP_HOST=ALPHA, follow=True)
    assert "Nothing was changed: order #1001 is paid." in again.content.decode()
    with schema_context(shop_a.schema_name):
        order.refresh_from_db()
        assert (order.financial_status, order.payment_reference) == ("paid", "BANK-42")
        assert OrderEvent.objects.filter(order=order, kind="paid").count() == 1
    detail = owner_client.get(f"{LIST}{order.pk}/", HTTP_HOST=ALPHA).content.decode()
    assert 'id="mark-paid"' not in detail


def test_void_asks_first_then_voids_once(shop_a, owner_client):
    order = _in(shop_a, place)
    url = f"{LIST}{order.pk}/void/"
    assert (
        "Void the payment of order #1001?"
        in owner_client.get(url, HTTP_HOST=ALPHA).content.decode()
    )
    owner_client.post(url, {"reason": "Never paid"}, HTTP_HOST=ALPHA)
    again = owner_client.post(url, {"reason": "Never paid"}, HTTP_HOST=ALPHA, follow=True)
    assert "is voided" in again.content.decode()
    with schema_context(shop_a.schema_name):
        assert Order.objects.get().financial_status == "voided"
        assert OrderEvent.objects.filter(kind="voided").count() == 1
    # A voided order can no longer be marked as paid.
    owner_client.post(f"{LIST}{order.pk}/mark-paid/", {}, HTTP_HOST=ALPHA)
    assert _in(shop_a, lambda: Order.objects.get().financial_status) == "voided"


def test_cancel_goes_through_a_confirmation_page(shop_a, owner_client):
    order = _in(shop_a, place)
    confirm = owner_client.get(
        f"{LIST}{order.pk}/cancel/confirm/",
        {"reason": "Customer asked", "restock": "on"},
        HTTP_HOST=ALPHA,
    )
    page = confirm.content.decode()
    assert "Cancel order #1001? This cannot be undone." in page
    assert f'action="{LIST}{order.pk}/cancel/"' in page and "Customer asked" in page
    assert 'type="hidden" name="reason" value="Customer asked"' in page
    assert not _in(shop_a, lambda: Order.objects.get().is_cancelled)

    missing = owner_client.get(
        f"{LIST}{order.pk}/cancel/confirm/", {"reason": ""}, HTTP_HOST=ALPHA, follow=True
    )
    assert "This field is required." in missing.content.decode()

    owner_client.post(f"{LIST}{order.pk}/cancel/", {"reason": "Customer asked"}, HTTP_HOST=ALPHA)
    again = owner_client.post(
        f"{LIST}{order.pk}/cancel/", {"reason": "Customer asked"}, HTTP_HOST=ALPHA, follow=True
    )
    assert "was cancelled; it cannot be changed" in again.content.decode()
    assert _in(shop_a, lambda: OrderEvent.objects.filter(kind="cancelled").count()) == 1


def test_actions_need_the_csrf_token(shop_a):
    order = _in(shop_a, place)
    client = shop_admin_login(Client(enforce_csrf_checks=True), host=ALPHA)
    response = client.post(f"{LIST}{order.pk}/mark-paid/", {}, HTTP_HOST=ALPHA)
    assert response.status_code == 403
    assert _in(shop_a, lambda: Order.objects.get().financial_status) == "pending"


def test_viewing_staff_cannot_mark_paid(shop_a, client):
    viewer = shop_staff_account(shop_a, "viewer@example.com")
    login(client, ALPHA, "viewer@example.com")

    def setup():
        group = Group.objects.create(name="Order viewers")
        group.permissions.add(
            *Permission.objects.filter(codename__in=["access_admin", "view_order"])
        )
        get_user_model().objects.get(platform_account_id=viewer.pk).groups.add(group)
        return place()

    order = _in(shop_a, setup)
    detail = client.get(f"{LIST}{order.pk}/", HTTP_HOST=ALPHA).content.decode()
    assert 'id="mark-paid"' not in detail
    response = client.post(f"{LIST}{order.pk}/mark-paid/", {}, HTTP_HOST=ALPHA)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert _in(shop_a, lambda: Order.objects.get().financial_status) == "pending"


def test_another_shop_cannot_settle_this_shops_order(shop_a, shop_b, client):
    order = _in(shop_a, place)
    login(client, BETA, "owner-beta@example.com")
    response = client.post(f"{LIST}{order.pk}/mark-paid/", {}, HTTP_HOST=BETA)
    assert response.status_code == 404
    assert _in(shop_a, lambda: Order.objects.get().financial_status) == "pending"

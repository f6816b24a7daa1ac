"""The Home panel and the Analytics reports over HTTP, as the shop's owner: figures,
periods, CSV, permissions, and a fixed number of queries whatever the orders."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django_tenants.utils import schema_context

from analytics.panels import dashboard_context
from analytics.reports import REPORTS
from orders.services import order_mark_paid, order_refund
from tests.analytics.conftest import place_with
from tests.orders.conftest import ALPHA, login, variant_with_stock
from tests.support.shop_admin import shop_staff_account

HOME = "/admin/"
INDEX = "/admin/analytics/"


def _in(shop, fn, *args, **kwargs):
    with schema_context(shop.schema_name):
        return fn(*args, **kwargs)


def _orders(n: int, *, title: str = "Linen shirt", code: str = "SUMMER"):
    variant = variant_with_stock(title=title, price=25, on_hand=1000)
    for i in range(n):
        order = place_with(
            email=f"c{i % 4}@example.com",
            lines=[(variant, 1 + i % 3, "25.00", "1.00"), (None, 1, "5.00")],
            discount_code=code if i % 2 else "",
            country=["GB", "DE", "US"][i % 3],
        )
        order = order_mark_paid(order=order, amount=order.total, reference="pi", actor="p")
        if i % 5 == 0:
            order_refund(order=order, amount="2.00", reason="", actor="owner")


def _get(client, url, **params):
    response = client.get(url, params, HTTP_HOST=ALPHA)
    assert response.status_code == 200, response.status_code
    return response


def _queries(client, url, **params) -> int:
    client.get(url, params, HTTP_HOST=ALPHA)  # warm per-process caches
    with CaptureQueriesContext(connection) as ctx:
        _get(client, url, **params)
    return len(ctx.captured_queries)


def test_home_panel_shows_the_period_beside_the_previous(shop_a, owner_client):
    _in(shop_a, _orders, 3)
    page = _get(owner_client, HOME, period="7d").content.decode()
    assert "Sales overview" in page
    for label in ("Total sales", "Orders", "Average order value", "Returning customer rate"):
        assert label in page
    assert "previous period:" in page and "<svg" in page
    assert 'aria-current="true">Last 7 days' in page
    # Three orders of 1×25−1+5, 2×25−1+5, 3×25−1+5 plus 20% tax on the lines, one refund
    # of 2.00: the shop's currency (USD) through babel.
    context = _in(shop_a, dashboard_context, MultiValueDict({"period": ["7d"]}))
    sales = context["cards"][0]
    assert sales["metric"] == "sales" and sales["value"].startswith("$")
    assert context["cards"][1]["value"] == "3"
    assert context["cards"][3]["value"] == "0.0 %"  # three new customers


def test_the_panel_reads_one_query(shop_a, django_assert_num_queries):
    _in(shop_a, _orders, 4)
    with schema_context(shop_a.schema_name):
        dashboard_context(MultiValueDict())  # sets the search path
        with django_assert_num_queries(1):
            dashboard_context(MultiValueDict({"period": ["90d"]}))


def test_home_costs_the_same_queries_for_3_or_30_orders(shop_a, owner_client):
    _in(shop_a, _orders, 3)
    few = _queries(owner_client, HOME, period="30d")
    _in(shop_a, _orders, 27, title="Mug")
    many = _queries(owner_client, HOME, period="30d")
    assert many == few, f"{few} queries for 3 orders, {many} for 30"


@pytest.mark.parametrize("slug", list(REPORTS))
def test_each_report_costs_few_queries_whatever_the_orders(shop_a, owner_client, slug):
    _in(shop_a, _orders, 3)
    few = _queries(owner_client, f"{INDEX}{slug}/", period="30d")
    _in(shop_a, _orders, 27, title="Mug", code="VIP")
    many = _queries(owner_client, f"{INDEX}{slug}/", period="30d")
    assert many == few, f"{slug}: {few} queries for 3 orders, {many} for 30"
    # Session, user, the shop's site and settings, Wagtail's menu: the report adds 1–2.
    assert many <= 14, f"{slug}: {many} queries"


def test_index_lists_every_report_with_the_period(shop_a, owner_client):
    page = _get(owner_client, INDEX, period="90d").content.decode()
    for report in REPORTS.values():
        assert f'href="/admin/analytics/{report.slug}/?period=90d"' in page
    assert "Sales overview" not in page and "Overview" in page


def test_reports_show_the_figures_in_the_shops_currency(shop_a, owner_client):
    _in(shop_a, _orders, 6)
    sales = _get(owner_client, f"{INDEX}sales/").content.decode()
    assert "Total sales" in sales and "$" in sales and "<svg" in sales
    products = _get(owner_client, f"{INDEX}products/").content.decode()
    assert "Linen shirt" in products and "Teapot" in products
    countries = _get(owner_client, f"{INDEX}countries/").content.decode()
    assert "Germany" in countries and "United States" in countries
    codes = _get(owner_client, f"{INDEX}discounts/").content.decode()
    assert "SUMMER" in codes
    taxes = _get(owner_client, f"{INDEX}taxes/").content.decode()
    assert "VAT 20%" in taxes and "20 %" in taxes
    refunds = _get(owner_client, f"{INDEX}refunds/").content.decode()
    assert "$4.00" in refunds  # two refunds of 2.00 (orders 0 and 5)


def test_csv_export_keeps_numbers_plain_and_defuses_formulas(shop_a, owner_client):
    def setup():
        variant = variant_with_stock(title='=HYPERLINK("http://evil")', price=25)
        order = place_with(lines=[(variant, 1, "25.00")], discount_code="+CMD")
        order_mark_paid(order=order, amount=order.total, reference="pi", actor="p")

    _in(shop_a, setup)
    response = _get(owner_client, f"{INDEX}products/export/", period="7d")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Product",
        "Items sold",
        "Gross sales",
        "Discounts",
        "Net sales",
        "Items refunded",
        "Currency",
    ]
    assert rows[1] == ['\'=HYPERLINK("http://evil")', "1", "25.00", "0.00", "25.00", "0", "USD"]
    codes = list(
        csv.reader(io.StringIO(_get(owner_client, f"{INDEX}discounts/export/").content.decode()))
    )
    assert codes[1][0] == "'+CMD"


def test_a_bad_custom_period_falls_back_with_a_message(shop_a, owner_client):
    page = _get(owner_client, INDEX, period="custom", **{"from": "2026-13-01", "to": "x"})
    assert "Enter both dates as YYYY-MM-DD." in page.content.decode()
    report = _get(
        owner_client,
        f"{INDEX}sales/",
        period="custom",
        **{"from": "2026-03-10", "to": "2026-03-01"},
    )
    assert "The end date is before the start date." in report.content.decode()
    export = owner_client.get(
        f"{INDEX}sales/export/", {"period": "custom", "from": "nope"}, HTTP_HOST=ALPHA
    )
    assert export.status_code == 400


def test_a_custom_period_of_a_year_is_shown_by_month(shop_a, owner_client):
    _in(shop_a, _orders, 2)
    today = timezone.localdate()
    start = today - timedelta(days=364)
    page = _get(
        owner_client,
        f"{INDEX}sales/",
        period="custom",
        **{"from": start.isoformat(), "to": today.isoformat()},
    ).content.decode()
    assert ">Month</th>" in page and today.strftime("%B %Y") in page
    empty = _get(
        owner_client,
        f"{INDEX}sales/",
        period="custom",
        **{"from": "2025-01-01", "to": "2025-01-31"},
    ).content.decode()
    assert "No sales in this period." in empty


def test_unknown_report_is_404(shop_a, owner_client):
    assert owner_client.get(f"{INDEX}nope/", HTTP_HOST=ALPHA).status_code == 404


def test_staff_without_the_orders_permission_see_no_analytics(shop_a, client):
    shop_staff_account(shop_a, "content@example.com")
    login(client, ALPHA, "content@example.com")
    assert client.get(INDEX, HTTP_HOST=ALPHA).status_code == 302
    assert client.get(f"{INDEX}sales/export/", HTTP_HOST=ALPHA).status_code == 302
    home = client.get(HOME, HTTP_HOST=ALPHA).content.decode()
    assert "Sales overview" not in home and 'href="/admin/analytics/"' not in home


def test_the_menu_has_the_analytics_item(shop_a, owner_client):
    home = _get(owner_client, HOME).content.decode()
    assert "/admin/analytics/" in home and '"name": "analytics"' in home

"""The customers admin in shop A, driven over HTTP as the shop's owner."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from customers import services
from customers.models import Customer, CustomerSegment
from tests.orders.conftest import ALPHA, login, paid_order, place

LIST = "/admin/customers/"
# The sidebar is drawn from JSON: the menu item's URL, as the JSON holds it.
MENU_LINK = '"url": "/admin/customers/"'


@pytest.fixture
def owner(client, shop_a):
    return login(client, ALPHA, "owner-alpha@example.com")


def _in(shop, fn, *args, **kwargs):
    with schema_context(shop.schema_name):
        return fn(*args, **kwargs)


def _page(client, url, **params):
    response = client.get(url, params, HTTP_HOST=ALPHA)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def _rows(page: str) -> str:
    """The list's table only, so filter labels and messages do not count as hits."""
    start = page.find('<table class="listing" id="customers">')
    return page[start : page.find("</table>", start)] if start >= 0 else ""


def _people(shop):
    """Ada: 2 paid orders (24 + 48), VIP, subscribed. Grace: 1 pending order.
    Alan: no order, wholesale."""

    def make():
        services.customer_create(
            email="ada@example.com",
            first_name="Ada",
            last_name="Lovelace",
            tags="VIP",
            accepts_marketing=True,
        )
        services.customer_create(email="grace@example.com", first_name="Grace", last_name="Hopper")
        services.customer_create(email="alan@example.com", first_name="Alan", tags="wholesale")
        paid_order(email="ada@example.com", lines=[(None, 1, "20.00")], shipping="0.00")
        paid_order(email="ada@example.com", lines=[(None, 2, "20.00")], shipping="0.00")
        place(email="grace@example.com", lines=[(None, 1, "5.00")], shipping="0.00")

    _in(shop, make)


def test_menu_item_and_empty_list(shop_a, owner):
    home = _page(owner, "/admin/")
    assert MENU_LINK in home
    assert "No customers yet" in _page(owner, LIST)


def test_search_filters_and_sort(shop_a, owner):
    _people(shop_a)
    rows = _rows(_page(owner, LIST))
    assert "Ada Lovelace" in rows and "Grace Hopper" in rows and "Alan" in rows
    assert "72.00" in rows  # Ada: 24 + 48

    def names(**params):
        rows = _rows(_page(owner, LIST, **params))
        return [n for n in ("Ada", "Grace", "Alan") if f"<strong>{n}" in rows]

    assert names(q="lovelace") == ["Ada"]
    assert names(q="grace@") == ["Grace"]
    assert names(q="ada lovelace") == ["Ada"]
    assert names(orders_min=1) == ["Ada", "Grace"] or set(names(orders_min=1)) == {"Ada", "Grace"}
    assert names(orders_min=2) == ["Ada"]
    assert names(orders_max=0) == ["Alan"]
    assert names(spent_min="50") == ["Ada"]
    assert set(names(spent_max="0")) == {"Grace", "Alan"}
    assert names(tag="VIP") == ["Ada"]
    assert names(tag="wholesale") == ["Alan"]
    assert names(accepts_marketing="yes") == ["Ada"]
    assert set(names(accepts_marketing="no")) == {"Grace", "Alan"}
    assert set(names(last_order_from="2000-01-01")) == {"Ada", "Grace"}
    assert names(last_order_to="2000-01-01") == []
    # Sorting: amount spent, most first; orders, fewest first; never-ordered customers
    # last by last order, whichever way.
    rows = _rows(_page(owner, LIST, sort="-spent"))
    assert rows.index("Ada") < rows.index("Grace")
    rows = _rows(_page(owner, LIST, sort="orders"))
    assert rows.index("Alan") < rows.index("Grace") < rows.index("Ada")
    for sort in ("last_order", "-last_order"):
        rows = _rows(_page(owner, LIST, sort=sort))
        assert rows.index("Alan") > max(rows.index("Ada"), rows.index("Grace"))
    rows = _rows(_page(owner, LIST, sort="name"))
    assert rows.index("Alan") < rows.index("Grace") < rows.index("Ada")  # by last name
    # A bad filter is reported, not a 500, and filters nothing.
    page = _page(owner, LIST, orders_min="-3", spent_max="lots")
    assert "Ensure this value is greater than or equal to 0" in page
    assert set(names(orders_min="-3")) == {"Ada", "Grace", "Alan"}


def test_list_costs_the_same_queries_for_3_or_40_customers(shop_a, owner):
    def make(start, n):
        for i in range(start, start + n):
            services.customer_create(email=f"c{i}@example.com", first_name=f"C{i}", tags=["t"])
            place(email=f"c{i}@example.com", lines=[(None, 1, "1.00")], shipping="0.00")

    def count(**params):
        owner.get(LIST, params, HTTP_HOST=ALPHA)  # warm caches
        with CaptureQueriesContext(connection) as ctx:
            response = owner.get(LIST, params, HTTP_HOST=ALPHA)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _in(shop_a, make, 0, 3)
    few = count(orders_min=1, sort="-spent")
    _in(shop_a, make, 3, 37)
    many = count(orders_min=1, sort="-spent")
    assert many == few, f"{few} queries for 3 customers, {many} for 40"
    assert "40 customers" in _page(owner, LIST, orders_min=1)


def test_customer_page_costs_the_same_queries_for_1_or_10_orders(shop_a, owner):
    customer = _in(shop_a, services.customer_create, email="ada@example.com", first_name="Ada")
    url = f"{LIST}{customer.pk}/"

    def count():
        owner.get(url, HTTP_HOST=ALPHA)
        with CaptureQueriesContext(connection) as ctx:
            response = owner.get(url, HTTP_HOST=ALPHA)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _in(shop_a, paid_order, email="ada@example.com")
    few = count()
    for _ in range(9):
        _in(shop_a, paid_order, email="ada@example.com")
    many = count()
    assert many == few, f"{few} queries for 1 order, {many} for 10"


def test_customer_page_shows_orders_addresses_figures_notes_tags_timeline(shop_a, owner):
    def make():
        customer = services.customer_create(
            email="ada@example.com",
            first_name="Ada",
            last_name="Lovelace",
            note="Prefers <b>tea</b>",
            tags="VIP",
            accepts_marketing=True,
        )
        order = paid_order(email="ada@example.com", name="Ada Lovelace")
        return customer, order

    customer, order = _in(shop_a, make)
    page = _page(owner, f"{LIST}{customer.pk}/")
    assert f'href="/admin/orders/{order.pk}/"' in page
    assert "#1001" in page
    assert "12 Analytical Row" in page  # the order's shipping address
    assert 'id="amount-spent">€29.00' in page
    assert "Prefers &lt;b&gt;tea&lt;/b&gt;" in page  # escaped
    assert "VIP" in page and "Subscribed to email marketing" in page
    assert "Customer record created" in page  # audit log
    assert "Placed" in page or "placed" in page  # the order's timeline


def test_create_and_edit_through_the_admin(shop_a, owner):
    response = owner.post(
        f"{LIST}add/",
        {"email": "Ada@Example.com", "first_name": "Ada", "tags": "VIP, vip, press"},
        HTTP_HOST=ALPHA,
    )
    assert response.status_code == 302
    customer = _in(shop_a, Customer.objects.get)
    assert response["Location"] == f"{LIST}{customer.pk}/"
    assert customer.email == "ada@example.com" and customer.tags == ["VIP", "press"]
    # The same e-mail in another case is refused next to the field; nothing is written.
    again = owner.post(f"{LIST}add/", {"email": "ADA@example.com"}, HTTP_HOST=ALPHA)
    assert again.status_code == 200
    assert "A customer with this email already exists." in again.content.decode()
    edit = owner.post(
        f"{LIST}{customer.pk}/edit/",
        {"email": "ada@example.com", "first_name": "Ada", "last_name": "King", "note": "Hi"},
        HTTP_HOST=ALPHA,
    )
    assert edit.status_code == 302
    customer = _in(shop_a, Customer.objects.get)
    assert customer.last_name == "King" and customer.tags == [] and customer.note == "Hi"
    entries = _in(shop_a, lambda: list(ModelLogEntry.objects.for_instance(customer).order_by("id")))
    assert [e.action for e in entries] == ["wagtail.create", "wagtail.edit"]
    assert entries[0].user_id is not None  # the staff user who acted
    assert entries[1].data["fields"] == ["last_name", "note", "tags"]
    assert "Edited: last name, note, tags" in _page(owner, f"{LIST}{customer.pk}/")


def test_csv_export_of_the_filtered_list_is_safe_for_spreadsheets(shop_a, owner):
    _people(shop_a)
    _in(
        shop_a,
        services.customer_create,
        email="eve@example.com",
        first_name='=HYPERLINK("http://evil")',
        tags="VIP",
        note="@SUM(A1)",
    )
    response = owner.get(f"{LIST}export/", {"tag": "VIP"}, HTTP_HOST=ALPHA)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Email", "First name", "Last name"]
    by_email = {r[0]: r for r in rows[1:]}
    assert set(by_email) == {"ada@example.com", "eve@example.com"}
    assert by_email["ada@example.com"][5:7] == ["2", "72.00"]
    assert by_email["eve@example.com"][1] == '\'=HYPERLINK("http://evil")'
    assert by_email["eve@example.com"][9] == "'@SUM(A1)"


def test_export_reads_in_batches(shop_a):
    from customers.exports import customers_csv_rows

    def run():
        for i in range(7):
            services.customer_create(email=f"c{i}@example.com")
        with CaptureQueriesContext(connection) as ctx:
            rows = list(customers_csv_rows(Customer.objects.with_stats(), batch_size=3))
        return rows, len(ctx.captured_queries)

    rows, queries = _in(shop_a, run)
    assert len(rows) == 8 and len({r[0] for r in rows[1:]}) == 7
    assert queries == 3  # 3 + 3 + 1


def test_segments_saved_from_the_list_show_counts(shop_a, owner):
    _people(shop_a)
    page = _page(owner, LIST, orders_min=1)
    assert 'id="save-segment"' in page
    response = owner.post(
        f"{LIST}segments/add/",
        {"name": "Buyers", "query": "orders_min=1&sort=-spent&p=2&bogus=1"},
        HTTP_HOST=ALPHA,
    )
    assert response.status_code == 302
    segment = _in(shop_a, CustomerSegment.objects.get)
    assert segment.filters == {"orders_min": "1"}
    owner.post(f"{LIST}segments/add/", {"name": "VIPs", "query": "tag=VIP"}, HTTP_HOST=ALPHA)
    owner.post(f"{LIST}segments/add/", {"name": "Quiet", "query": "orders_max=0"}, HTTP_HOST=ALPHA)
    # A duplicate name or an empty filter is refused with a message; nothing saved.
    owner.post(f"{LIST}segments/add/", {"name": "vips", "query": "tag=x"}, HTTP_HOST=ALPHA)
    owner.post(f"{LIST}segments/add/", {"name": "All", "query": "sort=name"}, HTTP_HOST=ALPHA)
    assert _in(shop_a, CustomerSegment.objects.count) == 3

    with CaptureQueriesContext(connection) as ctx:
        page = _page(owner, f"{LIST}segments/")
    segment_queries = [q for q in ctx.captured_queries if 'FROM "customers_customer"' in q["sql"]]
    assert len(segment_queries) == 1  # every count in one SELECT
    for name, count in (("Buyers", 2), ("VIPs", 1), ("Quiet", 1)):
        cell = page[page.index(f">{name}</a>") :]
        assert f'<td class="souk-num">{count}</td>' in cell[:200]
    # The segment's link opens the list with its filter.
    rows = _rows(_page(owner, LIST, orders_max="0", segment=segment.pk))
    assert "Alan" in rows and "Ada" not in rows
    delete = owner.post(f"{LIST}segments/{segment.pk}/delete/", HTTP_HOST=ALPHA)
    assert delete.status_code == 302
    assert _in(shop_a, CustomerSegment.objects.count) == 2


def test_staff_without_customer_rights_get_403(shop_a, client):
    from tests.support.shop_admin import shop_staff_account

    shop_staff_account(shop_a, "content@example.com", permissions=["content"])
    staff = login(client, ALPHA, "content@example.com")
    for url in (LIST, f"{LIST}export/", f"{LIST}add/", f"{LIST}segments/"):
        response = staff.get(url, HTTP_HOST=ALPHA)  # Wagtail turns 403 into a redirect home
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    assert MENU_LINK not in _page(staff, "/admin/")


def test_the_orders_role_opens_customers(shop_a, client):
    from tests.support.shop_admin import shop_staff_account

    shop_staff_account(shop_a, "clerk@example.com", permissions=["orders"])
    clerk = login(client, ALPHA, "clerk@example.com")
    assert clerk.get(LIST, HTTP_HOST=ALPHA).status_code == 200
    assert MENU_LINK in _page(clerk, "/admin/")


def test_by_email_opens_the_customer_page_whatever_the_case(shop_a, owner):
    customer = _in(shop_a, services.customer_create, email="ada@example.com")
    found = owner.get(f"{LIST}by-email/", {"email": "ADA@example.com "}, HTTP_HOST=ALPHA)
    assert found.status_code == 302 and found["Location"] == f"{LIST}{customer.pk}/"
    missing = owner.get(f"{LIST}by-email/", {"email": "nobody@example.com"}, HTTP_HOST=ALPHA)
    assert missing.status_code == 302
    assert missing["Location"] == f"{LIST}?q=nobody%40example.com"

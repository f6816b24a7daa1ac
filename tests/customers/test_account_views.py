"""The account page, order pages, guest status page and the address book over HTTP."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from customers.models import Address
from tests.customers.conftest import PASSWORD, make_order

pytestmark = pytest.mark.django_db

# Includes session, user, SET search_path, COUNT and the page of orders and the default
# address; the real guarantee is that 3 and 30 orders cost the same.
MAX_OVERVIEW_QUERIES = 9

HOME = {
    "name": "Ana Lima",
    "line1": "1 Rue de la Paix",
    "city": "Paris",
    "postal_code": "75002",
    "country": "FR",
}


# --- orders -----------------------------------------------------------------------------


def test_overview_without_orders(signed_in):
    html = signed_in.get("/account/").content.decode()
    assert "You have not placed any orders yet." in html
    assert 'name="robots" content="noindex' in html


def test_overview_never_cached(signed_in):
    response = signed_in.get("/account/")
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_overview_lists_only_the_customers_orders(signed_in, customer, in_a):
    with in_a():
        mine = make_order(email="ana@example.com", customer=customer)
        other = User.objects.create_user(email="bo@example.com", password=PASSWORD)
        theirs = make_order(email="bo@example.com", customer=other)
        guest = make_order(email="carl@example.com")
    html = signed_in.get("/account/").content.decode()
    assert f"#{mine.number}" in html
    assert f"#{theirs.number}" not in html and f"#{guest.number}" not in html


def _overview_queries(client, page="1") -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/account/", {"page": page}).status_code == 200
    return len(captured)


def test_order_history_costs_the_same_for_3_or_30_orders(
    signed_in, customer, in_a, django_assert_max_num_queries
):
    with in_a():
        for _ in range(3):
            make_order(email="ana@example.com", customer=customer, lines=3)
        Address.objects.create(customer=customer, is_default=True, **HOME)
    # The first request fills the shop's cached theme (one query, once per shop).
    _overview_queries(signed_in)
    few = _overview_queries(signed_in)
    with in_a():
        for _ in range(27):
            make_order(email="ana@example.com", customer=customer, lines=3)
    many = _overview_queries(signed_in)
    assert few == many
    with django_assert_max_num_queries(MAX_OVERVIEW_QUERIES):
        signed_in.get("/account/", {"page": "2"})


def test_order_history_is_paginated(signed_in, customer, in_a):
    with in_a():
        orders = [make_order(email="ana@example.com", customer=customer) for _ in range(25)]
    first = signed_in.get("/account/").content.decode()
    second = signed_in.get("/account/", {"page": "2"}).content.decode()
    assert "Page 1 of 2" in first
    oldest = orders[0]
    assert f"#{oldest.number}<" not in first and f"#{oldest.number}<" in second
    assert signed_in.get("/account/", {"page": "999"}).status_code == 200  # clamped


def test_order_detail_shows_the_customers_own_order(signed_in, customer, in_a):
    with in_a():
        order = make_order(email="ana@example.com", customer=customer, lines=2)
    html = signed_in.get(f"/account/orders/{order.number}/").content.decode()
    assert f"Order #{order.number}" in html
    assert "Mug 0" in html and "Mug 1" in html


def test_order_detail_of_someone_else_is_a_404(signed_in, in_a):
    with in_a():
        other = User.objects.create_user(email="bo@example.com", password=PASSWORD)
        theirs = make_order(email="bo@example.com", customer=other)
        guest = make_order(email="ana@example.com")  # same email, not linked
    assert signed_in.get(f"/account/orders/{theirs.number}/").status_code == 404
    assert signed_in.get(f"/account/orders/{guest.number}/").status_code == 404


def test_order_detail_needs_a_login(web):
    response = web.get("/account/orders/1001/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_guest_status_page_by_token_needs_no_login(web, in_a):
    with in_a():
        order = make_order(
            email="guest@example.com",
            shipping_address={**HOME, "line2": "", "region": "", "phone": "", "company": ""},
        )
    response = web.get(f"/orders/{order.token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Order #{order.number}" in html and "Rue de la Paix" in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_guest_status_page_with_an_unknown_or_malformed_token(web, in_a):
    with in_a():
        make_order(email="guest@example.com")
    assert web.get(f"/orders/{uuid.uuid4()}/").status_code == 404
    assert web.get("/orders/not-a-token/").status_code == 404


# --- addresses --------------------------------------------------------------------------


def test_add_an_address(signed_in, customer, in_a):
    page = signed_in.get("/account/addresses/new/").content.decode()
    assert '<label for="id_line1">' in page
    response = signed_in.post("/account/addresses/new/", HOME)
    assert response.status_code == 302
    assert response["Location"] == "/account/addresses/"
    with in_a():
        address = Address.objects.get(customer=customer)
    assert address.is_default and address.city == "Paris"
    assert "1 Rue de la Paix" in signed_in.get("/account/addresses/").content.decode()


def test_an_invalid_address_is_explained_and_keeps_the_input(signed_in, in_a):
    response = signed_in.post(
        "/account/addresses/new/", {**HOME, "country": "XX", "line1": "", "city": "Lyon"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Lyon"' in html and 'value="Ana Lima"' in html
    assert 'aria-describedby="id_country_error"' in html
    assert 'aria-describedby="id_line1_error"' in html
    assert 'id="id_line1_error"' in html
    with in_a():
        assert not Address.objects.exists()


def test_edit_an_address(signed_in, customer, in_a):
    with in_a():
        address = Address.objects.create(customer=customer, is_default=True, **HOME)
    response = signed_in.post(f"/account/addresses/{address.pk}/edit/", {**HOME, "city": "Lyon"})
    assert response.status_code == 302
    with in_a():
        address.refresh_from_db()
    assert address.city == "Lyon"


def test_one_default_through_the_pages(signed_in, customer, in_a):
    signed_in.post("/account/addresses/new/", HOME)
    signed_in.post("/account/addresses/new/", {**HOME, "city": "Lyon", "is_default": "on"})
    with in_a():
        assert list(
            Address.objects.filter(customer=customer, is_default=True).values_list(
                "city", flat=True
            )
        ) == ["Lyon"]
        paris = Address.objects.get(city="Paris")
    assert signed_in.get(f"/account/addresses/{paris.pk}/default/").status_code == 405
    signed_in.post(f"/account/addresses/{paris.pk}/default/")
    with in_a():
        assert list(
            Address.objects.filter(customer=customer, is_default=True).values_list(
                "city", flat=True
            )
        ) == ["Paris"]


def test_delete_an_address_after_confirming(signed_in, customer, in_a):
    with in_a():
        address = Address.objects.create(customer=customer, is_default=True, **HOME)
    assert signed_in.get(f"/account/addresses/{address.pk}/delete/").status_code == 200
    with in_a():
        assert Address.objects.filter(pk=address.pk).exists()
    assert signed_in.post(f"/account/addresses/{address.pk}/delete/").status_code == 302
    with in_a():
        assert not Address.objects.filter(pk=address.pk).exists()


def test_another_customers_address_is_a_404_everywhere(signed_in, in_a):
    with in_a():
        other = User.objects.create_user(email="bo@example.com", password=PASSWORD)
        theirs = Address.objects.create(customer=other, is_default=True, **HOME)
    for url in ("edit", "delete"):
        assert signed_in.get(f"/account/addresses/{theirs.pk}/{url}/").status_code == 404
    assert signed_in.post(f"/account/addresses/{theirs.pk}/delete/").status_code == 404
    assert signed_in.post(f"/account/addresses/{theirs.pk}/default/").status_code == 404
    assert signed_in.post(f"/account/addresses/{theirs.pk}/edit/", HOME).status_code == 404
    with in_a():
        assert Address.objects.filter(pk=theirs.pk, city="Paris").exists()

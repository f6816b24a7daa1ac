"""Shopper accounts of one shop are nothing on another shop's host."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from tests.customers.conftest import make_order

pytestmark = pytest.mark.django_db

A_HOST, B_HOST = "alpha.souk.test", "beta.souk.test"
SHOPPER = {"email": "shopper@alpha.test", "password": "alpha-pass-123"}  # two_shops makes it


def test_a_customer_of_a_cannot_log_in_on_b(two_shops):
    assert Client(HTTP_HOST=A_HOST).post("/account/login/", SHOPPER).status_code == 302
    on_b = Client(HTTP_HOST=B_HOST).post("/account/login/", SHOPPER)
    assert on_b.status_code == 200
    assert "That email and password do not match" in on_b.content.decode()


def test_the_session_cookie_of_a_is_anonymous_on_bs_account_pages(two_shops):
    browser = Client()
    browser.post("/account/login/", SHOPPER, HTTP_HOST=A_HOST)
    assert settings.SESSION_COOKIE_NAME in browser.cookies
    assert browser.get("/account/", HTTP_HOST=A_HOST).status_code == 200
    response = browser.get("/account/", HTTP_HOST=B_HOST)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert browser.get("/account/addresses/", HTTP_HOST=B_HOST).status_code == 302


def test_an_order_token_of_a_is_a_404_on_b(two_shops):
    with schema_context(two_shops["a"].schema_name):
        order = make_order(email="guest@alpha.test")
    browser = Client()
    assert browser.get(f"/orders/{order.token}/", HTTP_HOST=A_HOST).status_code == 200
    assert browser.get(f"/orders/{order.token}/", HTTP_HOST=B_HOST).status_code == 404


def test_registering_on_a_does_not_take_the_email_on_b(two_shops):
    """The same person may hold separate accounts in two shops."""
    new = {"email": "both@example.com", "password": "plum-orchard-47"}
    assert Client(HTTP_HOST=A_HOST).post("/account/register/", new).status_code == 302
    assert Client(HTTP_HOST=B_HOST).post("/account/register/", new).status_code == 302


def test_customer_records_and_segments_of_a_are_nothing_in_bs_admin(two_shops):
    """The merchant's customers admin: lists, pages, exports and segments per shop; the
    same e-mail is a separate record in each shop."""
    from customers.models import Customer
    from customers.services import customer_create, segment_create
    from tests.support.shop_admin import shop_admin_login

    with schema_context(two_shops["a"].schema_name):
        ada = customer_create(email="ada@alpha.test", first_name="Ada", tags="alpha-vip")
        segment_create(name="Alpha VIPs", filters={"tag": "alpha-vip"})
        order = make_order(email="ada@alpha.test")
    with schema_context(two_shops["b"].schema_name):
        same = customer_create(email="ADA@alpha.test", first_name="Other Ada")
        assert Customer.objects.count() == 1

    owner_b = shop_admin_login(Client(), host=B_HOST, email="owner-beta@example.com")
    listing = owner_b.get("/admin/customers/", HTTP_HOST=B_HOST).content.decode()
    assert "Other Ada" in listing and "alpha-vip" not in listing
    if ada.pk != same.pk:
        assert owner_b.get(f"/admin/customers/{ada.pk}/", HTTP_HOST=B_HOST).status_code == 404
    page = owner_b.get(f"/admin/customers/{same.pk}/", HTTP_HOST=B_HOST).content.decode()
    assert "Other Ada" in page and f"#{order.number}" not in page  # A's order stays in A
    export = owner_b.get("/admin/customers/export/", HTTP_HOST=B_HOST)
    body = b"".join(export.streaming_content).decode()
    assert "Other Ada" in body and "alpha-vip" not in body
    segments = owner_b.get("/admin/customers/segments/", HTTP_HOST=B_HOST).content.decode()
    assert "Alpha VIPs" not in segments
    # And A's owner cannot open B's customer by A's host.
    owner_a = shop_admin_login(Client(), host=A_HOST, email="owner-alpha@example.com")
    if ada.pk != same.pk:
        assert owner_a.get(f"/admin/customers/{same.pk}/", HTTP_HOST=A_HOST).status_code == 404
    assert "Other Ada" not in owner_a.get("/admin/customers/", HTTP_HOST=A_HOST).content.decode()

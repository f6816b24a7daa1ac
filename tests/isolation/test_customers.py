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

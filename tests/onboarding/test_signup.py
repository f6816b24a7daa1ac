"""Sign-up: account, shop and membership in one go; the owner lands in the admin."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import Membership, User
from shops.models import Shop
from tests.support.browser import Browser

pytestmark = pytest.mark.django_db
PLATFORM = "souk.test"


@pytest.fixture(autouse=True)
def _clear_throttles():
    caches["platform"].clear()


def _signup(client, **overrides):
    data = {
        "email": "newcomer@example.com",
        "password": "a-long-secret-42",
        "shop_name": "Fresh Figs",
        "subdomain": "fresh-figs",
        **overrides,
    }
    return client.post("/signup/", data, HTTP_HOST=PLATFORM, follow=True)


def test_signup_creates_account_shop_membership_and_lands_in_admin(
    django_capture_on_commit_callbacks,
):
    # A browser keeps the platform's and the shop's cookies apart (tests.support.browser):
    # the hand-off into the admin crosses both hosts.
    browser = Browser()
    data = {
        "email": "newcomer@example.com",
        "password": "a-long-secret-42",
        "shop_name": "Fresh Figs",
        "subdomain": "fresh-figs",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(f"http://{PLATFORM}/signup/", data)
    url, response = browser.follow(f"http://{PLATFORM}/signup/", response)
    assert response.status_code == 200
    assert url == "http://fresh-figs.souk.test/admin/"
    body = response.content.decode()
    assert "Set up your shop" in body and "Add a product" in body
    connection.set_schema_to_public()  # the client's last request left it in the shop
    shop = Shop.objects.get(subdomain="fresh-figs")
    account = User.objects.get(email="newcomer@example.com")
    assert shop.owner_id == account.pk
    assert Membership.objects.get(shop=shop).role == "owner"
    with schema_context(shop.schema_name):
        staff = User.objects.get(email="newcomer@example.com")
        assert staff.platform_account_id == account.pk and staff.is_superuser
    assert [m.to for m in mail.outbox] == [["newcomer@example.com"]]  # verification


def test_verification_link_confirms_the_address(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client)
    link = next(w for w in mail.outbox[0].body.split() if "/verify/" in w)
    path = link.split(PLATFORM, 1)[1]
    assert Client().get(path, HTTP_HOST=PLATFORM).status_code == 200
    assert User.objects.get(email="newcomer@example.com").email_verified_at is not None
    assert Client().get(path[:-4] + "xxx/", HTTP_HOST=PLATFORM).status_code == 400


def test_taken_subdomain_is_refused_and_nothing_is_written(client, shop_a):
    response = _signup(client, subdomain="alpha")
    assert response.status_code == 400
    assert "“alpha” is already taken." in response.content.decode()
    assert not User.objects.filter(email="newcomer@example.com").exists()
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    ("subdomain", "message"),
    [
        ("admin", "is reserved"),
        ("ab", "3 to 40 characters"),
        ("Shop", "lowercase"),
        ("bad_name", "letters a–z"),
        ("a" * 60, "3 to 40 characters"),
    ],
)
def test_bad_subdomain_gets_provisioning_message(client, subdomain, message):
    response = _signup(client, subdomain=subdomain)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Shop.objects.exists() and not User.objects.exists()


def test_existing_email_is_told_to_log_in(client, shop_a):
    response = _signup(client, email="owner-alpha@example.com")
    assert response.status_code == 400
    assert "Log in to add a shop" in response.content.decode()


def test_weak_password_is_refused(client):
    response = _signup(client, password="123")
    assert response.status_code == 400
    assert not Shop.objects.exists()


def test_html_in_shop_name_is_stored_as_text_and_escaped(client):
    name = "<script>alert(1)</script> & Co"
    response = _signup(client, shop_name=name)
    assert response.status_code == 200
    shop = Shop.objects.get()
    assert shop.name == name
    assert "<script>alert(1)</script>" not in response.content.decode()
    mine = client.get("/shops/", HTTP_HOST=PLATFORM)
    assert "&lt;script&gt;" in mine.content.decode() or mine.status_code == 302


def test_odd_unicode_is_cleaned(client):
    response = _signup(client, shop_name="Caf\u0065\u0301\u202e \u200bSouk\x07")
    assert response.status_code == 200
    assert Shop.objects.get().name == "Café Souk"


@pytest.mark.parametrize(
    ("shop_name", "email"),
    [
        ("x" * 5000, "newcomer@example.com"),
        ("\u200b\u202e", "newcomer@example.com"),
        ("Nul\x00byte", "newcomer@example.com"),
        ("Fine", "a" * 300 + "@example.com"),
        ("Fine", "not-an-email"),
    ],
)
def test_hostile_input_gets_a_message_and_writes_nothing(client, shop_name, email):
    response = _signup(client, shop_name=shop_name, email=email)
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not Shop.objects.exists() and not User.objects.exists()


def test_form_keeps_what_was_typed_on_error(client):
    response = _signup(client, subdomain="admin")
    body = response.content.decode()
    assert 'value="newcomer@example.com"' in body and 'value="Fresh Figs"' in body
    assert "a-long-secret-42" not in body


def test_signup_is_rate_limited_per_ip(client):
    from accounts.throttle import SIGNUP_PER_IP, throttle_hit

    for _ in range(SIGNUP_PER_IP.max_hits):
        throttle_hit(SIGNUP_PER_IP, "127.0.0.1")
    response = _signup(client)
    assert response.status_code == 400
    assert "Too many sign-ups from your network" in response.content.decode()
    assert not Shop.objects.exists()
    other_ip = Client(REMOTE_ADDR="10.0.0.9")
    assert _signup(other_ip).status_code == 200


def test_subdomain_check_endpoint(client, shop_a):
    url = "/signup/subdomain/"
    free = client.get(url, {"subdomain": "new-shop"}, HTTP_HOST=PLATFORM).json()
    assert free["available"] and free["address"] == "new-shop.souk.test"
    taken = client.get(url, {"subdomain": "alpha"}, HTTP_HOST=PLATFORM).json()
    assert not taken["available"] and taken["errors"] == ["“alpha” is already taken."]
    reserved = client.get(url, {"subdomain": "www"}, HTTP_HOST=PLATFORM).json()
    assert "reserved" in reserved["errors"][0]


def test_signup_page_works_without_javascript(client):
    body = client.get("/signup/", HTTP_HOST=PLATFORM).content.decode()
    assert 'action="/signup/"' in body and 'name="subdomain"' in body


def test_the_country_chosen_at_sign_up_sets_the_currency_and_the_defaults(client):
    from django_tenants.utils import schema_context

    response = client.get("/signup/", HTTP_HOST=PLATFORM, HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert '<option value="FR" selected>France</option>' in response.content.decode()
    _signup(client, country="DE")
    connection.set_schema_to_public()
    shop = Shop.objects.get(subdomain="fresh-figs")
    assert (shop.country, shop.currency) == ("DE", "EUR")
    with schema_context(shop.schema_name):
        from shipping.models import ShippingZone

        assert ShippingZone.objects.get(rest_of_world=False).countries == ["DE"]


def test_a_sign_up_without_a_country_takes_the_browsers(client):
    data = {
        "email": "newcomer@example.com",
        "password": "a-long-secret-42",
        "shop_name": "Fresh Figs",
        "subdomain": "fresh-figs",
    }
    client.post("/signup/", data, HTTP_HOST=PLATFORM, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    connection.set_schema_to_public()
    shop = Shop.objects.get(subdomain="fresh-figs")
    assert (shop.country, shop.currency) == ("GB", "GBP")

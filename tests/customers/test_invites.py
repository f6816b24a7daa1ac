"""Account invites: the merchant sends one from the customer page; the customer opens
their account through the e-mailed link (and only through it)."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.test import Client
from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from customers import services
from customers.invites import invite_token
from customers.models import Customer
from tests.customers.conftest import HOST, PASSWORD, make_order
from tests.orders.conftest import login

NEW_PASSWORD = "quince-harbour-82"


@pytest.fixture
def owner(client, shop_a):
    return login(client, HOST, "owner-alpha@example.com")


@pytest.fixture
def record(in_a):
    with in_a():
        return services.customer_create(email="maya@example.com", first_name="Maya")


def _invite(owner, record, capture):
    with capture(execute=True):
        return owner.post(f"/admin/customers/{record.pk}/invite/", HTTP_HOST=HOST, follow=True)


def _link(mail) -> str:
    url = re.search(r"https?://\S+/account/activate/\S+?/", mail.body).group(0)
    return url


def test_invite_emails_a_link_on_the_shop_domain_and_is_logged(
    owner, record, in_a, mailoutbox, django_capture_on_commit_callbacks
):
    response = _invite(owner, record, django_capture_on_commit_callbacks)
    assert "Account invite sent to maya@example.com" in response.content.decode()
    (mail,) = mailoutbox
    assert mail.to == ["maya@example.com"]
    assert "Your account at" in mail.subject
    assert _link(mail).startswith("http://alpha.souk.test/account/activate/")
    assert mail.alternatives and "Open my account" in mail.alternatives[0][0]
    with in_a():
        entry = ModelLogEntry.objects.for_instance(record).get(action="customers.customer.invite")
    assert entry.user is not None


def test_a_double_click_sends_one_invite(
    owner, record, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(owner, record, django_capture_on_commit_callbacks)
    response = _invite(owner, record, django_capture_on_commit_callbacks)
    assert "An invite was just sent" in response.content.decode()
    assert len(mailoutbox) == 1


def test_the_link_opens_the_account_logs_in_and_links_guest_orders(
    owner, record, in_a, mailoutbox, django_capture_on_commit_callbacks
):
    with in_a():
        guest = make_order(email="maya@example.com")
    _invite(owner, record, django_capture_on_commit_callbacks)
    path = _link(mailoutbox[0]).split("souk.test", 1)[1]
    shopper = Client(HTTP_HOST=HOST)
    page = shopper.get(path)
    assert page.status_code == 200
    assert "Choose a password for maya@example.com" in page.content.decode()

    weak = shopper.post(path, {"password": "123"})
    assert weak.status_code == 200
    assert "too short" in weak.content.decode()

    done = shopper.post(path, {"password": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/account/"
    overview = shopper.get("/account/")
    assert overview.status_code == 200 and "maya@example.com" in overview.content.decode()
    with in_a():
        record.refresh_from_db()
        guest.refresh_from_db()
        assert record.user.check_password(NEW_PASSWORD)
        assert not record.user.is_staff
        assert guest.customer_id == record.user_id
        assert ModelLogEntry.objects.for_instance(record).filter(
            action="customers.customer.activate"
        )

    # The link works once: afterwards it says to log in, and shows no password form.
    again = Client(HTTP_HOST=HOST).get(path)
    assert again.status_code == 410
    assert "already open" in again.content.decode()
    assert 'type="password"' not in again.content.decode()


def test_no_invite_for_a_customer_who_already_has_an_account(owner, in_a, mailoutbox):
    with in_a():
        account = services.customer_register(email="ana@example.com", password=PASSWORD)
        record = Customer.objects.get(email="ana@example.com")
        assert record.user_id == account.pk
    response = owner.post(f"/admin/customers/{record.pk}/invite/", HTTP_HOST=HOST, follow=True)
    assert "already has an account" in response.content.decode()
    assert "Send account invite" not in response.content.decode()
    assert mailoutbox == []


def test_an_account_without_password_gets_one_through_the_invite(in_a):
    """An account made without a password (an import, an older flow) is the one that
    opens: no second account for the e-mail."""
    from accounts.models import User

    with in_a():
        account = User.objects.create_user(email="lee@example.com", password=None)
        record = services.customer_create(email="lee@example.com")
        record.refresh_from_db()
        assert record.user_id == account.pk
        opened = services.customer_account_activate(customer=record, password=NEW_PASSWORD)
        assert opened.pk == account.pk
        assert User.objects.filter(email__iexact="lee@example.com").count() == 1


@pytest.mark.parametrize("how", ["forged", "tampered", "email_changed", "expired"])
def test_a_bad_link_shows_why_and_no_password_form(how, record, in_a, monkeypatch):
    with in_a():
        token = invite_token(customer=record)
        if how == "email_changed":
            services.customer_update(customer=record, email="maya.new@example.com")
    if how == "forged":
        token = signing.TimestampSigner(salt="other").sign(f"{record.pk}:maya@example.com")
    elif how == "tampered":
        token = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    elif how == "expired":
        monkeypatch.setattr("customers.invites.MAX_AGE", -1)
    response = Client(HTTP_HOST=HOST).get(f"/account/activate/{token}/")
    assert response.status_code == 410
    assert "expire after 30 days" in response.content.decode()
    assert 'type="password"' not in response.content.decode()
    post = Client(HTTP_HOST=HOST).post(f"/account/activate/{token}/", {"password": NEW_PASSWORD})
    assert post.status_code == 410
    with in_a():
        record.refresh_from_db()
        assert record.user_id is None


def test_a_link_from_shop_a_is_nothing_on_shop_b(record, in_a, shop_b):
    """Shop B has a customer with the same id and e-mail: A's link still opens nothing."""
    with in_a():
        token = invite_token(customer=record)
    with schema_context(shop_b.schema_name):
        twin = Customer.objects.create(pk=record.pk, email="maya@example.com")
    response = Client(HTTP_HOST="beta.souk.test").get(f"/account/activate/{token}/")
    assert response.status_code == 410
    with schema_context(shop_b.schema_name):
        twin.refresh_from_db()
        assert twin.user_id is None


def test_staff_without_change_permission_cannot_invite(client, shop_a, record, mailoutbox):
    """A signed-out visitor (and a shopper) is sent to log in; nothing is sent."""
    response = client.post(f"/admin/customers/{record.pk}/invite/", HTTP_HOST=HOST)
    assert response.status_code in (302, 403)
    assert mailoutbox == []

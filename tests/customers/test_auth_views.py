"""Register, log in, log out, reset a password: each page and each bad input."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User
from tests.customers.conftest import HOST, PASSWORD

pytestmark = pytest.mark.django_db


def _errors_tied_to_fields(html: str, field: str) -> None:
    """The input names its error in aria-describedby, and the error has that id."""
    input_tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in input_tag
    assert f"id_{field}_error" in input_tag
    assert f'id="id_{field}_error"' in html


# --- register -------------------------------------------------------------------------


def test_register_page_has_labelled_fields(web):
    html = web.get("/account/register/").content.decode()
    for field in ("first_name", "last_name", "email", "password"):
        assert f'<label for="id_{field}">' in html


def test_register_logs_the_new_shopper_in(web, in_a):
    response = web.post(
        "/account/register/",
        {"email": "new@example.com", "password": PASSWORD, "first_name": "Nia"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    page = web.get("/account/")
    assert page.status_code == 200
    assert "new@example.com" in page.content.decode()
    with in_a():
        assert not User.objects.get(email="new@example.com").is_staff


def test_register_with_a_taken_email_keeps_what_was_typed(web, customer):
    response = web.post(
        "/account/register/",
        {"email": "ana@example.com", "password": PASSWORD, "first_name": "Other"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "An account with this email already exists" in html
    assert 'value="Other"' in html and 'value="ana@example.com"' in html
    _errors_tied_to_fields(html, "email")


def test_register_with_a_weak_password_says_why(web, in_a):
    response = web.post("/account/register/", {"email": "weak@example.com", "password": "1234"})
    html = response.content.decode()
    assert "too short" in html
    _errors_tied_to_fields(html, "password")
    with in_a():
        assert not User.objects.filter(email="weak@example.com").exists()


def test_register_with_nothing_filled_in(web):
    html = web.post("/account/register/", {}).content.decode()
    assert 'role="alert"' in html
    _errors_tied_to_fields(html, "email")


# --- log in / log out --------------------------------------------------------------------


def test_login_with_the_right_password_goes_to_the_account(web, customer):
    response = web.post("/account/login/", {"email": "ANA@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert web.get("/account/").status_code == 200


def test_login_with_a_wrong_password_keeps_the_email(web, customer):
    response = web.post("/account/login/", {"email": "ana@example.com", "password": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "That email and password do not match" in html
    assert 'value="ana@example.com"' in html
    assert web.get("/account/").status_code == 302


def test_login_for_an_unknown_email_says_the_same(web):
    response = web.post("/account/login/", {"email": "ghost@example.com", "password": "nope"})
    assert "That email and password do not match" in response.content.decode()


def test_login_with_a_malformed_email_is_explained(web):
    html = web.post("/account/login/", {"email": "ana", "password": "x"}).content.decode()
    _errors_tied_to_fields(html, "email")


def test_failed_logins_are_limited_per_ip_and_email(web, customer):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT_IP):
        web.post("/account/login/", {"email": "ana@example.com", "password": "wrong"})
    blocked = web.post("/account/login/", {"email": "ana@example.com", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.content.decode()
    assert web.get("/account/").status_code == 302  # the right password did not get in

    # The same shopper from another address is not locked out by it.
    elsewhere = Client(HTTP_HOST=HOST, REMOTE_ADDR="203.0.113.9")
    response = elsewhere.post("/account/login/", {"email": "ana@example.com", "password": PASSWORD})
    assert response.status_code == 302


def test_the_limit_does_not_lock_out_other_emails_from_the_same_ip(web, customer, in_a):
    with in_a():
        User.objects.create_user(email="bo@example.com", password=PASSWORD)
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT_IP):
        web.post("/account/login/", {"email": "ana@example.com", "password": "wrong"})
    response = web.post("/account/login/", {"email": "bo@example.com", "password": PASSWORD})
    assert response.status_code == 302


def test_a_successful_login_resets_the_count(web, customer):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT_IP - 1):
        web.post("/account/login/", {"email": "ana@example.com", "password": "wrong"})
    assert (
        web.post("/account/login/", {"email": "ana@example.com", "password": PASSWORD}).status_code
        == 302
    )
    web.post("/account/logout/")
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT_IP - 1):
        web.post("/account/login/", {"email": "ana@example.com", "password": "wrong"})
    assert (
        web.post("/account/login/", {"email": "ana@example.com", "password": PASSWORD}).status_code
        == 302
    )


def test_login_follows_a_next_on_the_same_host(web, customer):
    response = web.post(
        "/account/login/?next=/account/addresses/",
        {"email": "ana@example.com", "password": PASSWORD},
    )
    assert response["Location"] == "/account/addresses/"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/phish",
        "//evil.example/",
        "http://beta.souk.test/account/",
        "javascript:alert(1)",
    ],
)
def test_login_refuses_a_next_to_another_host(web, customer, next_url):
    page = web.get("/account/login/", {"next": next_url}).content.decode()
    assert "evil.example" not in page and "beta.souk.test" not in page
    response = web.post(
        "/account/login/", {"email": "ana@example.com", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/"


def test_account_pages_send_anonymous_shoppers_to_login_with_next(web):
    response = web.get("/account/addresses/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/account/addresses/"


def test_a_staff_login_through_the_shopper_form_grants_no_admin(web, shop_a, in_a):
    """The owner (staff) may log in as a shopper; the shopper form adds no rights."""
    owner_email = f"owner-{shop_a.subdomain}@example.com"
    with in_a():
        before = User.objects.get(email=owner_email)
    web.post("/account/login/", {"email": owner_email, "password": "correct-horse-9"})
    with in_a():
        after = User.objects.get(email=owner_email)
    assert (after.is_staff, after.is_superuser) == (before.is_staff, before.is_superuser)


def test_a_shopper_cannot_reach_the_shop_admin(signed_in):
    response = signed_in.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_logout_is_a_post(signed_in):
    page = signed_in.get("/account/logout/")
    assert page.status_code == 200
    assert signed_in.get("/account/").status_code == 200  # a GET logged nobody out
    response = signed_in.post("/account/logout/")
    assert response.status_code == 302
    assert signed_in.get("/account/").status_code == 302


def test_login_rotates_the_session_key(web, customer):
    web.get("/account/login/")
    web.cookies.load({settings.SESSION_COOKIE_NAME: "attacker-chosen-key"})
    web.post("/account/login/", {"email": "ana@example.com", "password": PASSWORD})
    assert web.cookies[settings.SESSION_COOKIE_NAME].value != "attacker-chosen-key"


# --- password reset ----------------------------------------------------------------------


def _reset_link(mail) -> str:
    match = re.search(r"http://alpha\.souk\.test(/account/reset/[^/\s]+/[^/\s]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_password_reset_end_to_end(web, customer, mailoutbox):
    response = web.post("/account/password-reset/", {"email": "ana@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/account/password-reset/sent/"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ana@example.com"]
    assert "Alpha Goods" in mail.subject

    form_page = web.get(_reset_link(mail), follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    weak = web.post(set_url, {"new_password1": "123", "new_password2": "123"})
    assert "too short" in weak.content.decode()  # the link still works after a bad try

    done = web.post(set_url, {"new_password1": "new-orchard-88", "new_password2": "new-orchard-88"})
    assert done.status_code == 302
    assert done["Location"] == "/account/reset/done/"
    assert web.get(done["Location"]).status_code == 200

    assert (
        web.post("/account/login/", {"email": "ana@example.com", "password": PASSWORD}).status_code
        == 200
    )
    ok = web.post("/account/login/", {"email": "ana@example.com", "password": "new-orchard-88"})
    assert ok.status_code == 302

    # The link works once.
    again = web.get(_reset_link(mail), follow=True)
    assert "This link no longer works" in again.content.decode()


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(web, mailoutbox):
    response = web.post("/account/password-reset/", {"email": "ghost@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/account/password-reset/sent/"
    assert mailoutbox == []


def test_password_reset_is_not_offered_to_staff(web, shop_a, mailoutbox):
    web.post("/account/password-reset/", {"email": f"owner-{shop_a.subdomain}@example.com"})
    assert mailoutbox == []


def test_password_reset_with_a_malformed_email(web, mailoutbox):
    response = web.post("/account/password-reset/", {"email": "nope"})
    assert response.status_code == 200
    _errors_tied_to_fields(response.content.decode(), "email")
    assert mailoutbox == []


# --- the guest cart follows the shopper in -----------------------------------------------


def test_login_hands_the_guest_cart_to_the_cart_app(web, customer, monkeypatch):
    calls = []

    def fake_cart_after_login(request, user):
        calls.append(user.email)
        return ["One item was no longer available and was removed."]

    monkeypatch.setattr("customers.sign_in.cart_after_login", fake_cart_after_login)
    response = web.post(
        "/account/login/", {"email": "ana@example.com", "password": PASSWORD}, follow=True
    )
    assert calls == ["ana@example.com"]
    assert "One item was no longer available" in response.content.decode()


def test_the_guest_cart_becomes_the_customers_at_login(web, customer, in_a):
    from cart.models import Cart
    from cart.services import cart_create

    with in_a():
        guest_cart = cart_create()
        session = web.session
        session["cart_token"] = str(guest_cart.token)
        session.save()
    web.post("/account/login/", {"email": "ana@example.com", "password": PASSWORD})
    with in_a():
        guest_cart.refresh_from_db()
        assert guest_cart.customer_id == customer.pk
        assert Cart.objects.filter(customer=customer).count() == 1

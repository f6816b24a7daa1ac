"""A shopper changes their password; registrations are throttled per IP."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from customers import sign_in
from tests.customers.conftest import HOST, PASSWORD
from tests.customers.test_auth_views import _errors_tied_to_fields

NEW = "walnut-harbour-83"
URL = "/account/password/"


def change(web, current=PASSWORD, new=NEW, again=None):
    data = {"current_password": current, "new_password": new, "new_password_again": again or new}
    return web.post(URL, data)


def test_anonymous_is_sent_to_log_in(web):
    response = web.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_change_keeps_this_session_and_ends_the_others(signed_in, in_a):
    other = Client(HTTP_HOST=HOST)
    other.post("/account/login/", {"email": "ana@example.com", "password": PASSWORD})
    assert other.get("/account/").status_code == 200
    assert "Change your password" in signed_in.get("/account/").content.decode()
    assert 'name="current_password"' in signed_in.get(URL).content.decode()

    response = change(signed_in)

    assert response.status_code == 302 and response["Location"] == "/account/"
    assert "Your password was changed." in signed_in.get("/account/").content.decode()
    assert other.get("/account/").status_code == 302  # the other session is over
    with in_a():
        assert get_user_model().objects.get(email="ana@example.com").check_password(NEW)


def test_wrong_current_password_changes_nothing(signed_in, in_a):
    html = change(signed_in, current="not-it").content.decode()
    assert "That is not your current password." in html
    _errors_tied_to_fields(html, "current_password")
    with in_a():
        assert get_user_model().objects.get(email="ana@example.com").check_password(PASSWORD)


def test_new_passwords_must_match_and_pass_the_validators(signed_in, in_a):
    assert "The two new passwords differ." in (
        change(signed_in, again="something-else-91").content.decode()
    )
    weak = change(signed_in, new="12345678").content.decode()
    assert "This password is entirely numeric." in weak
    same = change(signed_in, new=PASSWORD).content.decode()
    assert "different from the current one" in same
    with in_a():
        assert get_user_model().objects.get(email="ana@example.com").check_password(PASSWORD)


def test_guessing_the_current_password_is_limited(signed_in, in_a):
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT_IP):
        change(signed_in, current="guess")
    blocked = change(signed_in)
    assert blocked.status_code == 429
    assert "Too many failed attempts. Try again in 15 minutes." in blocked.content.decode()
    with in_a():
        assert get_user_model().objects.get(email="ana@example.com").check_password(PASSWORD)


def test_staff_cannot_change_their_password_here(web, in_a):
    """A staff member who entered by sign-on has no shop password to change."""
    from tests.support.shop_admin import shop_admin_login

    shop_admin_login(web)
    html = change(web).content.decode()
    assert "Staff have no password in a shop" in html
    with in_a():
        assert not get_user_model().objects.get(is_superuser=True).has_usable_password()


def test_a_staff_user_logging_in_as_a_shopper_is_signed_out(web, in_a):
    """A staff user with a password (made before sign-on was the only way in) gets no
    session from the shopper login: a staff session needs a platform account."""
    with in_a():
        get_user_model().objects.create_user(
            email="staff@example.com", password=PASSWORD, is_staff=True
        )
    web.post("/account/login/", {"email": "staff@example.com", "password": PASSWORD})
    response = change(web)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    with in_a():
        assert get_user_model().objects.get(email="staff@example.com").check_password(PASSWORD)


def test_a_session_of_shop_a_cannot_change_a_password_on_shop_b(signed_in, shop_b):
    response = signed_in.post(
        URL,
        {"current_password": PASSWORD, "new_password": NEW, "new_password_again": NEW},
        HTTP_HOST="beta.souk.test",
    )
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def register(client, n):
    return client.post(
        "/account/register/", {"email": f"new{n}@example.com", "password": "hazel-morning-52"}
    )


def test_registrations_are_throttled_per_ip(web, in_a):
    for n in range(sign_in.MAX_REGISTRATIONS):
        assert register(Client(HTTP_HOST=HOST), n).status_code == 302
    blocked = register(web, 99)
    assert blocked.status_code == 429
    assert "Too many accounts were created from your network" in blocked.content.decode()
    assert 'value="new99@example.com"' in blocked.content.decode()  # nothing typed is lost
    with in_a():
        assert not get_user_model().objects.filter(email="new99@example.com").exists()
    # Another address may still register.
    elsewhere = Client(HTTP_HOST=HOST, REMOTE_ADDR="203.0.113.9")
    assert register(elsewhere, 100).status_code == 302


def test_a_refused_registration_counts_too(web):
    for _ in range(sign_in.MAX_REGISTRATIONS):
        web.post("/account/register/", {"email": "same@example.com", "password": "12345678"})
    assert register(web, 1).status_code == 429


def test_an_invalid_form_does_not_count(web):
    for _ in range(sign_in.MAX_REGISTRATIONS + 2):
        web.post("/account/register/", {"email": "not-an-email", "password": "x"})
    assert register(web, 1).status_code == 302

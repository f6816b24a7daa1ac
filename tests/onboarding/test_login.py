"""Log-in, log-out and password reset on the platform domain."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import Client

from accounts.models import User

pytestmark = pytest.mark.django_db
PLATFORM = "souk.test"


@pytest.fixture(autouse=True)
def _clear_throttles():
    """Reset mails count in the platform cache, failed logins in the default one."""
    caches["platform"].clear()
    caches["default"].clear()


@pytest.fixture
def account(db):
    return User.objects.create_user(email="merchant@example.com", password="correct-horse-9")


def _login(client, email="merchant@example.com", password="correct-horse-9"):
    return client.post("/login/", {"email": email, "password": password}, HTTP_HOST=PLATFORM)


def test_login_then_my_shops_then_logout(client, account):
    response = _login(client)
    assert response.status_code == 302 and response["Location"] == "/shops/"
    assert client.get("/shops/", HTTP_HOST=PLATFORM).status_code == 200
    client.post("/logout/", HTTP_HOST=PLATFORM)
    assert client.get("/shops/", HTTP_HOST=PLATFORM).status_code == 302


def test_wrong_password_gets_one_message(client, account):
    response = _login(client, password="nope")
    assert response.status_code == 400
    assert "do not match" in response.content.decode()


def test_next_cannot_leave_the_site(client, account):
    response = client.post(
        "/login/",
        {
            "email": "merchant@example.com",
            "password": "correct-horse-9",
            "next": "https://evil.example/",
        },
        HTTP_HOST=PLATFORM,
    )
    assert response["Location"] == "/shops/"


def test_failed_logins_lock_the_guessing_address_not_the_account(account):
    """The policy in full is tests/security/test_login_limits.py."""
    for _ in range(5):
        _login(Client(REMOTE_ADDR="10.0.0.1"), password="wrong")
    # Right password, same IP: refused until the cool-off ends.
    response = _login(Client(REMOTE_ADDR="10.0.0.1"))
    assert response.status_code == 429
    assert "Too many failed attempts. Try again in 15 minutes." in response.content.decode()
    # Right password, other IP: the owner is not locked out by a stranger's guesses.
    assert _login(Client(REMOTE_ADDR="10.0.0.2")).status_code == 302
    # Another account from the first IP is not blocked by it.
    User.objects.create_user(email="other@example.com", password="correct-horse-9")
    assert _login(Client(REMOTE_ADDR="10.0.0.1"), email="other@example.com").status_code == 302


def test_login_is_throttled_per_ip(account):
    client = Client(REMOTE_ADDR="10.0.0.3")
    for n in range(30):
        _login(client, email=f"guess{n}@example.com", password="wrong")
    assert _login(client).status_code == 429


def test_password_reset_by_email(client, account):
    response = client.post(
        "/password-reset/", {"email": "merchant@example.com"}, HTTP_HOST=PLATFORM
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(w for w in mail.outbox[0].body.split() if "/password-reset/" in w)
    path = link.split(PLATFORM, 1)[1]
    form = client.get(path, HTTP_HOST=PLATFORM, follow=True)
    set_url = form.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "brand-new-secret-7", "new_password2": "brand-new-secret-7"},
        HTTP_HOST=PLATFORM,
    )
    assert done.status_code == 302
    account.refresh_from_db()
    assert account.check_password("brand-new-secret-7")


def test_password_reset_for_unknown_address_says_the_same(client):
    response = client.post("/password-reset/", {"email": "nobody@example.com"}, HTTP_HOST=PLATFORM)
    assert response.status_code == 302 and mail.outbox == []

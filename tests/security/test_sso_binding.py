"""Single sign-on is bound to the browser that asked for it.

A hand-off started in one browser cannot be finished in another (login CSRF: an
attacker's ticket opened in a victim's browser would log the victim in as the
attacker); a browser already signed in as someone else is asked before it is
switched; a suspended shop still lets its owner and support in.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from accounts.models import Membership, Role, User
from shops.services import shop_suspend
from tests.support.browser import Browser, is_ticket_redemption, open_admin, shop_url

pytestmark = pytest.mark.django_db


def _owner(shop):
    owner = User.objects.get(pk=shop.owner_id)
    Membership.objects.get_or_create(account=owner, shop=shop, defaults={"role": Role.OWNER})
    return owner


def _member(shop, email, role=Role.ADMIN):
    connection.set_schema_to_public()  # a request to a shop leaves its schema set
    account = User.objects.create_user(email=email, password="correct-horse-9")
    Membership.objects.create(account=account, shop=shop, role=role)
    return account


def _shop_user(browser, shop):
    """Who the browser is signed in as on the shop's host (``None``: nobody)."""
    session = browser.client(f"{shop.subdomain}.souk.test").session
    user_id = session.get("_auth_user_id")
    if user_id is None:
        return None
    with schema_context(shop.schema_name):
        return User.objects.get(pk=user_id).platform_account_id


def test_a_ticket_opened_in_another_browser_logs_nobody_in(shop_a):
    attacker = _member(shop_a, "attacker@example.com")
    victim = _member(shop_a, "victim@example.com")
    attacker_browser = Browser().log_in(attacker)
    # The attacker stops the hand-off just before the ticket is redeemed...
    url, _ = open_admin(attacker_browser, shop_a, stop=is_ticket_redemption)
    assert is_ticket_redemption(url)

    # ...and sends the link to the victim, who is signed in to the shop as herself.
    victim_browser = Browser().log_in(victim)
    open_admin(victim_browser, shop_a)
    assert _shop_user(victim_browser, shop_a) == victim.pk
    response = victim_browser.get(url)
    assert response.status_code == 403
    assert "another browser" in response.content.decode()
    # Nothing changed in the victim's browser: still herself, session kept.
    assert _shop_user(victim_browser, shop_a) == victim.pk
    assert victim_browser.get(shop_url(shop_a, "/admin/")).status_code == 200

    # A browser with no shop session at all gets nothing either.
    fresh = Browser()
    assert fresh.get(url).status_code == 403
    assert _shop_user(fresh, shop_a) is None


def test_a_ticket_needs_the_cookie_of_its_own_start(shop_a):
    """Two hand-offs in two browsers: neither ticket works with the other's cookie."""
    one, two = _member(shop_a, "one@example.com"), _member(shop_a, "two@example.com")
    browser_one, browser_two = Browser().log_in(one), Browser().log_in(two)
    url_one, _ = open_admin(browser_one, shop_a, stop=is_ticket_redemption)
    url_two, _ = open_admin(browser_two, shop_a, stop=is_ticket_redemption)
    assert browser_one.get(url_two).status_code == 403
    assert browser_two.get(url_one).status_code == 403
    # Each still works in its own browser (a refused attempt does not use it up).
    assert browser_one.get(url_one).status_code == 302
    assert _shop_user(browser_one, shop_a) == one.pk


def test_browser_proof_cookie_is_host_only_short_lived_and_http_only(shop_a):
    browser = Browser().log_in(_owner(shop_a))
    open_admin(browser, shop_a, stop=is_ticket_redemption)
    shop_client = browser.client("alpha.souk.test")
    cookie = next((c for name, c in shop_client.cookies.items() if "sso" in name and c.value), None)
    assert cookie is not None
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["domain"]  # host-only
    assert 0 < int(cookie["max-age"]) <= 300


def test_over_https_the_cookie_has_the_host_prefix(shop_a, settings):
    from accounts.sso import sso_start_url

    owner = _owner(shop_a)
    browser = Browser().log_in(owner)
    settings.PLATFORM_SCHEME = "https"
    url = sso_start_url(account=owner, shop=shop_a)
    assert url.startswith("https://alpha.souk.test/_sso/start/")
    host_client = browser.client("alpha.souk.test")
    response = host_client.get(url.split("alpha.souk.test", 1)[1], secure=True)
    assert response.status_code == 302
    cookie = response.cookies["__Host-souk_sso"]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"]


def test_signed_in_browser_is_asked_before_switching(shop_a):
    first = _member(shop_a, "first@example.com")
    second = _member(shop_a, "second@example.com")
    browser = Browser().log_in(first)
    open_admin(browser, shop_a)
    assert _shop_user(browser, shop_a) == first.pk
    session_key = browser.client("alpha.souk.test").session.session_key

    # Someone else signs in on the platform in the same browser and opens the admin.
    browser.log_in(second)
    _, response = open_admin(browser, shop_a)
    page = response.content.decode()
    assert response.status_code == 200
    assert "second@example.com" in page and "first@example.com" in page
    # Not switched, and the session it had is still there.
    shop_client = browser.client("alpha.souk.test")
    assert _shop_user(browser, shop_a) == first.pk
    assert shop_client.session.session_key == session_key

    # "Stay as first": nothing changes.
    assert browser.get(shop_url(shop_a, "/admin/")).status_code == 200
    assert _shop_user(browser, shop_a) == first.pk

    # "Continue as second": the confirmation form posts the hand-off back.
    token = response.context["token"]
    confirmed = shop_client.post("/_sso/", {"token": token}, HTTP_HOST="alpha.souk.test")
    assert confirmed.status_code == 302
    assert _shop_user(browser, shop_a) == second.pk


def test_the_same_person_re_entering_is_not_asked(shop_a):
    owner = _owner(shop_a)
    browser = Browser().log_in(owner)
    open_admin(browser, shop_a)
    url, response = open_admin(browser, shop_a)
    assert url.endswith("/admin/") and response.status_code == 200


def test_a_suspended_shop_lets_its_owner_in_and_stays_closed_to_shoppers(shop_a):
    owner = _owner(shop_a)
    shop_suspend(shop=shop_a, reason="test")
    browser = Browser().log_in(owner)
    url, response = open_admin(browser, shop_a)
    assert url == shop_url(shop_a, "/admin/"), (url, response.status_code)
    assert response.status_code == 200
    assert _shop_user(browser, shop_a) == owner.pk
    assert Browser().get(shop_url(shop_a, "/")).status_code == 503


def test_a_suspended_shop_lets_support_in(shop_a):
    admin = User.objects.create_superuser(email="support@souk.test", password="correct-horse-9")
    shop_suspend(shop=shop_a, reason="test")
    browser = Browser().log_in(admin)
    url, response = open_admin(browser, shop_a, support=True)
    assert url == shop_url(shop_a, "/admin/"), (url, response.status_code)
    assert response.status_code == 200

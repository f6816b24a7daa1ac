"""Shop staff have no password inside a shop: they enter only from their platform
account. No password hash is copied into a shop, Wagtail's password login, reset and
password management are off, and a staff session whose user has no platform link
is refused whatever way it was opened."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import Membership, Role, User
from onboarding.services import account_signup, shop_create_for_account
from shops.models import Shop
from tests.support.browser import Browser, open_admin, shop_url

pytestmark = pytest.mark.django_db

HOST = "alpha.souk.test"


def _staff_passwords(shop) -> list[str]:
    with schema_context(shop.schema_name):
        return list(User.objects.filter(is_staff=True).values_list("password", flat=True)) + list(
            User.objects.filter(is_superuser=True).values_list("password", flat=True)
        )


def _no_usable_staff_password(shop, platform_hash: str) -> None:
    with schema_context(shop.schema_name):
        staff = list(User.objects.filter(is_staff=True))
        assert staff, "the owner's staff user exists"
        for user in staff:
            assert not user.has_usable_password(), user.email
            assert user.password != platform_hash
            assert user.platform_account_id is not None


def test_sign_up_copies_no_password_into_the_shop():
    account, shop = account_signup(
        email="nadia@example.com", password="figs-and-honey-77", shop_name="Fig", subdomain="fig"
    )
    _no_usable_staff_password(shop, account.password)
    # The platform password is the platform's.
    assert User.objects.get(email="nadia@example.com").check_password("figs-and-honey-77")


def test_another_shop_for_an_account_has_no_password_either():
    account, _ = account_signup(
        email="nadia@example.com", password="figs-and-honey-77", shop_name="Fig", subdomain="fig"
    )
    shop = shop_create_for_account(account=account, shop_name="Olive", subdomain="olive")
    _no_usable_staff_password(shop, account.password)


def test_create_shop_owner_enters_from_the_platform_only(client):
    call_command(
        "create_shop",
        name="Corner",
        subdomain="corner",
        owner_email="me@example.com",
        owner_password="s3cret-pass-1",
    )
    shop = Shop.objects.get(subdomain="corner")
    account = User.objects.get(email="me@example.com")
    _no_usable_staff_password(shop, account.password)
    # The password is the platform login's ...
    assert User.objects.get(email="me@example.com").check_password("s3cret-pass-1")
    # ... which opens "My shops", where the shop is.
    browser = Browser().log_in(account)
    url, response = open_admin(browser, shop)
    assert url == shop_url(shop, "/admin/") and response.status_code == 200


def test_seed_demo_owners_have_no_shop_password(capsys):
    from django.core.cache import cache

    cache.clear()
    call_command("seed_demo")
    out = capsys.readouterr().out
    for subdomain in ("harbour", "atlas"):
        shop = Shop.objects.get(subdomain=subdomain)
        owner = User.objects.get(pk=shop.owner_id)
        _no_usable_staff_password(shop, owner.password)
    # The printed logins are platform logins that open "My shops".
    assert "http://souk.test/login/" in out
    assert "owner@harbour.example / harbour-demo" in out
    assert "harbour.souk.test/admin/   owner@harbour.example" not in out


def test_shop_login_page_offers_no_password_form(shop_a):
    response = Client().get("/admin/login/", HTTP_HOST=HOST)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' not in page and 'name="password"' not in page
    assert "http://souk.test/shops/" in page  # "My shops", where staff enter from


def test_a_password_posted_to_the_shop_login_opens_nothing(shop_a):
    """Even a staff user that still has a usable password (made before this change)."""
    with schema_context(shop_a.schema_name):
        user = User.objects.get(is_superuser=True)
        user.set_password("old-shop-password-1")
        user.save()
    client = Client()
    client.post(
        "/admin/login/",
        {"username": user.email, "password": "old-shop-password-1"},
        HTTP_HOST=HOST,
    )
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/", HTTP_HOST=HOST).status_code == 302


def test_wagtail_password_reset_is_off(shop_a):
    client = Client()
    assert client.get("/admin/password_reset/", HTTP_HOST=HOST).status_code == 404
    client.post("/admin/password_reset/", {"email": "owner-alpha@example.com"}, HTTP_HOST=HOST)
    from django.core import mail

    assert not mail.outbox


def test_wagtail_password_management_is_off_for_staff(shop_a):
    owner = User.objects.get(pk=shop_a.owner_id)
    Membership.objects.create(account=owner, shop=shop_a, role=Role.OWNER)
    browser = Browser().log_in(owner)
    open_admin(browser, shop_a)
    page = browser.get(shop_url(shop_a, "/admin/account/")).content.decode()
    assert "old_password" not in page and "new_password1" not in page
    assert browser.get(shop_url(shop_a, "/admin/account/change_password/")).status_code in (
        302,
        404,
    )


def test_adding_a_user_in_the_shop_admin_sends_to_the_team_page(shop_a):
    owner = User.objects.get(pk=shop_a.owner_id)
    Membership.objects.create(account=owner, shop=shop_a, role=Role.OWNER)
    browser = Browser().log_in(owner)
    open_admin(browser, shop_a)
    response = browser.get(shop_url(shop_a, "/admin/users/add/"))
    assert response.status_code == 302
    assert response["Location"] == f"http://souk.test/shops/{shop_a.pk}/team/"
    browser.post(
        shop_url(shop_a, "/admin/users/add/"),
        {
            "email": "backdoor@example.com",
            "password1": "back-door-pass-1",
            "password2": "back-door-pass-1",
            "is_superuser": "on",
            "is_active": "on",
        },
    )
    with schema_context(shop_a.schema_name):
        assert not User.objects.filter(email="backdoor@example.com").exists()


def _session_for(shop, user) -> Client:
    """A shop session for ``user`` however it was opened (an old password login,
    the shopper login, a session row that outlived a change)."""
    engine = import_module(settings.SESSION_ENGINE)
    with schema_context(shop.schema_name):
        session = engine.SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.mark.parametrize("superuser", [True, False])
def test_an_unlinked_staff_user_is_refused_even_with_a_valid_session(shop_a, superuser):
    with schema_context(shop_a.schema_name):
        user = User.objects.create_user(
            email="backdoor@example.com",
            password="back-door-pass-1",
            is_staff=True,
            is_superuser=superuser,
        )
        if not superuser:
            user.groups.add(Group.objects.get_or_create(name="Editors")[0])
            Group.objects.get(name="Editors").permissions.add(
                Permission.objects.get(codename="access_admin")
            )
    client = _session_for(shop_a, user)
    response = client.get("/admin/", HTTP_HOST=HOST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # Logged out, not just turned away once.
    assert "_auth_user_id" not in client.session


def test_a_shopper_given_admin_rights_is_kept_out_of_the_admin(shop_a):
    with schema_context(shop_a.schema_name):
        shopper = User.objects.create_user(email="shopper@example.com", password="x-y-z-123456")
        group = Group.objects.create(name="Sneaky")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        shopper.groups.add(group)
    client = _session_for(shop_a, shopper)
    response = client.get("/admin/", HTTP_HOST=HOST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # Still a shopper on the storefront: the shopper session is not ended.
    assert client.get("/account/", HTTP_HOST=HOST).status_code == 200


def test_shoppers_keep_their_own_passwords(shop_a):
    client = Client()
    response = client.post(
        "/account/register/",
        {"email": "shopper@example.com", "password": "shop-pass-12345", "first_name": "S"},
        HTTP_HOST=HOST,
    )
    assert response.status_code in (200, 302)
    with schema_context(shop_a.schema_name):
        shopper = User.objects.get(email="shopper@example.com")
        assert shopper.has_usable_password() and not shopper.is_staff
    fresh = Client()
    fresh.post(
        "/account/login/",
        {"email": "shopper@example.com", "password": "shop-pass-12345"},
        HTTP_HOST=HOST,
    )
    assert fresh.get("/account/", HTTP_HOST=HOST).status_code == 200


def test_the_migration_removes_passwords_left_on_shop_staff(shop_a):
    """Shops provisioned before: the owner's staff user held the platform password."""
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    migration = import_module("accounts.migrations.0004_staff_sign_on")
    with schema_context(shop_a.schema_name):
        owner = User.objects.get(is_superuser=True)
        owner.set_password("copied-platform-pass-1")
        owner.save()
        shopper = User.objects.create_user(email="shopper@example.com", password="shop-pass-123")

        class Editor:
            pass

        editor = Editor()
        editor.connection = connection
        migration.staff_passwords_unusable(apps, editor)
        owner.refresh_from_db()
        shopper.refresh_from_db()
        assert not owner.has_usable_password()
        assert shopper.check_password("shop-pass-123")

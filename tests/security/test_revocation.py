"""Revocation revokes everything, at the next request.

Removing a member, withdrawing a collaborator and changing a role end that access's
sessions in the shop; a platform password reset or change and "log out everywhere"
end every session of the account, on the platform and in every shop. While nothing
changes, checking costs no query.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django_tenants.utils import schema_context

from accounts import agencies, services
from accounts.models import Membership, Role, User
from tests.support.browser import Browser, open_admin, platform, shop_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what a real commit would run after the block (``db`` tests never commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _account(email, password="correct-horse-9"):
    connection.set_schema_to_public()  # a request to a shop leaves its schema set
    return User.objects.create_user(email=email, password=password)


def _owner(shop):
    owner = User.objects.get(pk=shop.owner_id)
    Membership.objects.get_or_create(account=owner, shop=shop, defaults={"role": Role.OWNER})
    return owner


def _in_shop(browser, shop) -> bool:
    return browser.get(shop_url(shop, "/admin/")).status_code == 200


def _on_platform(browser) -> bool:
    return browser.get(platform("/shops/")).status_code == 200


def _entered(account, *shops) -> Browser:
    browser = Browser().log_in(account)
    for shop in shops:
        url, response = open_admin(browser, shop)
        assert response.status_code == 200, url
    return browser


def test_removing_a_member_ends_their_shop_sessions_in_every_browser(shop_a, commit):
    owner = _owner(shop_a)
    member = _account("member@example.com")
    Membership.objects.create(account=member, shop=shop_a, role=Role.ADMIN)
    laptop, phone = _entered(member, shop_a), _entered(member, shop_a)
    with commit():
        services.membership_remove(membership=Membership.objects.get(account=member), by=owner)
    assert not _in_shop(laptop, shop_a) and not _in_shop(phone, shop_a)


def test_a_role_change_ends_the_session_and_re_entry_applies_it(shop_a, commit):
    owner = _owner(shop_a)
    member = _account("member@example.com")
    Membership.objects.create(account=member, shop=shop_a, role=Role.ADMIN)
    browser = _entered(member, shop_a)
    with commit():
        services.membership_update(
            membership=Membership.objects.get(account=member),
            by=owner,
            role=Role.STAFF,
            permissions=["orders"],
        )
    assert not _in_shop(browser, shop_a)
    open_admin(browser, shop_a)
    with schema_context(shop_a.schema_name):
        assert not User.objects.get(platform_account_id=member.pk).is_superuser


def test_withdrawing_a_collaborator_ends_the_agency_members_sessions(shop_a, commit):
    from accounts.models import CollaboratorAccess

    owner = _owner(shop_a)
    dev = _account("dev@studio.example")
    agency = agencies.agency_create(name="Studio", by=dev)
    access = CollaboratorAccess.objects.create(
        agency=agency,
        shop=shop_a,
        status=CollaboratorAccess.Status.APPROVED,
        permissions=["products"],
        requested_by=dev,
        decided_by=owner,
    )
    browser = Browser().log_in(dev)
    url, response = open_admin(browser, shop_a)
    assert response.status_code == 200, url
    with commit():
        agencies.collaborator_withdraw(access=access, by=owner)
    assert not _in_shop(browser, shop_a)


def test_a_removed_admins_back_door_user_is_refused(shop_a, commit):
    """The admin made a Wagtail user with a password while still in the team."""
    owner = _owner(shop_a)
    admin = _account("admin@example.com")
    Membership.objects.create(account=admin, shop=shop_a, role=Role.ADMIN)
    browser = _entered(admin, shop_a)
    with schema_context(shop_a.schema_name):
        User.objects.create_user(
            email="spare@example.com", password="spare-key-123", is_staff=True, is_superuser=True
        )
    with commit():
        services.membership_remove(membership=Membership.objects.get(account=admin), by=owner)
    assert not _in_shop(browser, shop_a)
    # Coming back through the spare user: by Wagtail's login form ...
    back = Browser()
    back.post(
        shop_url(shop_a, "/admin/login/"),
        {"username": "spare@example.com", "password": "spare-key-123"},
    )
    assert not _in_shop(back, shop_a)
    # ... or by the shopper login, which takes any user of the shop.
    back.post(
        shop_url(shop_a, "/account/login/"),
        {"email": "spare@example.com", "password": "spare-key-123"},
    )
    assert not _in_shop(back, shop_a)


def test_a_platform_password_reset_ends_every_session_everywhere(shop_a, shop_b, commit):
    owner = _owner(shop_a)
    Membership.objects.create(account=owner, shop=shop_b, role=Role.ADMIN)
    other_device = _entered(owner, shop_a, shop_b)
    stranger = Browser()
    with commit():
        stranger.post(platform("/password-reset/"), {"email": owner.email})
        link = next(w for w in mail.outbox[-1].body.split() if "/password-reset/" in w)
        url, _ = stranger.follow(link, stranger.get(link))
        done = stranger.post(
            url, {"new_password1": "brand-new-secret-7", "new_password2": "brand-new-secret-7"}
        )
    assert done.status_code == 302
    assert not _in_shop(other_device, shop_a)
    assert not _in_shop(other_device, shop_b)
    assert not _on_platform(other_device)
    # The old password opens nothing: not the platform, not a shop.
    old = Browser()
    old.post(
        shop_url(shop_a, "/admin/login/"), {"username": owner.email, "password": "correct-horse-9"}
    )
    assert not _in_shop(old, shop_a)


def test_a_platform_password_change_ends_the_other_sessions(shop_a, commit):
    owner = _owner(shop_a)
    here, elsewhere = _entered(owner, shop_a), _entered(owner, shop_a)
    with commit():
        response = here.post(
            platform("/account/password/"),
            {
                "old_password": "correct-horse-9",
                "new_password1": "brand-new-secret-7",
                "new_password2": "brand-new-secret-7",
            },
        )
    assert response.status_code == 302
    assert not _in_shop(elsewhere, shop_a) and not _on_platform(elsewhere)
    assert not _in_shop(here, shop_a)  # shop sessions everywhere, this browser's too
    assert _on_platform(here)  # the platform session that changed it stays


def test_log_out_everywhere_ends_every_session_of_the_account(shop_a, shop_b, commit):
    owner = _owner(shop_a)
    Membership.objects.create(account=owner, shop=shop_b, role=Role.ADMIN)
    here, elsewhere = _entered(owner, shop_a, shop_b), _entered(owner, shop_a, shop_b)
    colleague = _account("colleague@example.com")
    Membership.objects.create(account=colleague, shop=shop_a, role=Role.ADMIN)
    theirs = _entered(colleague, shop_a)

    page = here.get(platform("/account/")).content.decode()
    assert "Log out everywhere" in page
    with commit():
        response = here.post(platform("/account/logout-everywhere/"))
    assert response.status_code == 302
    for shop in (shop_a, shop_b):
        assert not _in_shop(elsewhere, shop) and not _in_shop(here, shop)
    assert not _on_platform(elsewhere)
    assert _on_platform(here)
    # Another account's sessions are untouched.
    assert _in_shop(theirs, shop_a)
    # Entering again works.
    url, response = open_admin(elsewhere.log_in(owner), shop_a)
    assert response.status_code == 200, url


def test_checking_a_staff_session_costs_no_query_while_nothing_changes(
    shop_a, django_assert_num_queries
):
    from accounts.middleware import ShopAccessMiddleware

    owner = _owner(shop_a)
    browser = _entered(owner, shop_a)
    assert _in_shop(browser, shop_a)  # warms the cache
    shop_client = browser.client("alpha.souk.test")
    request = RequestFactory().get("/admin/", HTTP_HOST="alpha.souk.test")
    request.shop = shop_a
    with schema_context(shop_a.schema_name):
        request.user = User.objects.get(platform_account_id=owner.pk)
        request.session = shop_client.session
        assert request.session.get("souk_access")  # loaded, as the session middleware does
        passed = []
        with django_assert_num_queries(0):
            ShopAccessMiddleware(lambda r: passed.append(r) or "ok")(request)
    assert passed, "the session was refused"

"""Single sign-on into a shop admin: signed, single use, short-lived, bound to one
shop and host; the staff user and its groups follow the membership."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import SSOTicket, User
from shops.models import ShopEvent
from tests.accounts.conftest import bound_client, issue, shop_host, sso_path
from tests.support.two_factor import confirmed_device

pytestmark = pytest.mark.django_db


def test_owner_enters_admin_as_linked_staff_user(shop_a, owner_of, enter):
    owner = owner_of(shop_a)
    client = enter(owner, shop_a)
    assert client.get("/admin/", HTTP_HOST=shop_host(shop_a)).status_code == 200
    with schema_context(shop_a.schema_name):
        staff = User.objects.get(platform_account_id=owner.pk)
        # Provisioning's owner user is adopted (owner account + its e-mail), not duplicated.
        assert staff.email == owner.email and staff.is_superuser
        assert User.objects.filter(email=owner.email).count() == 1


def test_staff_member_gets_groups_from_permissions(shop_a, member_of, enter):
    account = member_of(shop_a, permissions=["products", "orders"])
    client = enter(account, shop_a)
    with schema_context(shop_a.schema_name):
        staff = User.objects.get(platform_account_id=account.pk)
        assert not staff.is_superuser
        assert sorted(staff.groups.values_list("name", flat=True)) == ["Orders", "Products"]
        assert staff.has_perm("catalog.add_product")
        assert not staff.has_perm("shipping.change_shippingzone")
    assert client.get("/admin/", HTTP_HOST=shop_host(shop_a)).status_code == 200


def test_token_is_single_use(shop_a, owner_of):
    host, path = sso_path(issue(account=owner_of(shop_a), shop=shop_a))
    assert bound_client().get(path, HTTP_HOST=host).status_code == 302
    replay = bound_client().get(path, HTTP_HOST=host)
    assert replay.status_code == 403
    assert "already used" in replay.content.decode()


def test_expired_token_is_refused(shop_a, owner_of):
    host, path = sso_path(issue(account=owner_of(shop_a), shop=shop_a))
    SSOTicket.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = bound_client().get(path, HTTP_HOST=host)
    assert response.status_code == 403
    assert "_auth_user_id" not in Client().session


def test_old_signature_is_refused_even_if_row_is_fresh(shop_a, owner_of, monkeypatch):
    url = issue(account=owner_of(shop_a), shop=shop_a)
    host, path = sso_path(url)
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 120)
    response = bound_client().get(path, HTTP_HOST=host)
    assert response.status_code == 403
    assert "expired" in response.content.decode()


def test_token_for_a_is_refused_by_b(shop_a, shop_b, owner_of):
    owner_of(shop_b)
    host, path = sso_path(issue(account=owner_of(shop_a), shop=shop_a))
    client = bound_client()
    response = client.get(path, HTTP_HOST=shop_host(shop_b))
    assert response.status_code == 403
    assert client.get("/admin/", HTTP_HOST=shop_host(shop_b)).status_code == 302
    # Refused by B, the token is still unused and still works on A only.
    assert SSOTicket.objects.get().consumed_at is None
    assert client.get(path, HTTP_HOST=host).status_code == 302


def test_tampered_or_garbage_token_is_refused(shop_a, owner_of):
    host, path = sso_path(issue(account=owner_of(shop_a), shop=shop_a))
    for bad in [path[:-3] + "abc", "/_sso/?token=", "/_sso/?token=%00%ff<script>", "/_sso/"]:
        assert bound_client().get(bad, HTTP_HOST=host).status_code == 403


def test_token_signed_for_a_but_naming_a_b_ticket_is_refused(shop_a, shop_b, owner_of):
    """Even a validly signed token (salt of A) cannot redeem a ticket of shop B."""
    issue(account=owner_of(shop_b), shop=shop_b)
    b_ticket = SSOTicket.objects.get()
    forged = signing.dumps(
        {"t": str(b_ticket.pk)}, salt=f"souk.sso:{shop_a.schema_name}:{shop_host(shop_a)}"
    )
    response = bound_client().get(f"/_sso/?token={forged}", HTTP_HOST=shop_host(shop_a))
    assert response.status_code == 403


def test_non_member_cannot_get_a_ticket(shop_a, account_factory):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        issue(account=account_factory(), shop=shop_a)


def test_membership_revoked_between_issue_and_redeem(shop_a, member_of):
    from accounts.models import Membership

    account = member_of(shop_a)
    host, path = sso_path(issue(account=account, shop=shop_a))
    Membership.objects.filter(account=account).delete()
    assert bound_client().get(path, HTTP_HOST=host).status_code == 403


def test_shopper_with_same_email_is_not_taken_over(shop_a, member_of, enter):
    account = member_of(shop_a)
    with schema_context(shop_a.schema_name):
        shopper = User.objects.create_user(email=account.email, password="x-y-z-123456")
    enter(account, shop_a)
    with schema_context(shop_a.schema_name):
        shopper.refresh_from_db()
        assert shopper.platform_account_id is None and not shopper.is_staff
        staff = User.objects.get(platform_account_id=account.pk)
        assert staff.pk != shopper.pk


def test_support_view_is_read_only_time_limited_and_audited(shop_a, account_factory, enter):
    admin = account_factory(is_superuser=True, is_staff=True)
    admin.otp_device = confirmed_device(admin)  # as OTPMiddleware marks a verified session
    client = enter(admin, shop_a, support=True)
    host = shop_host(shop_a)
    assert client.get("/admin/", HTTP_HOST=host).status_code == 200
    response = client.post("/admin/pages/add/", {"title": "x"}, HTTP_HOST=host)
    assert response.status_code == 403
    event = ShopEvent.objects.get(shop=shop_a, action="support_entered")
    assert (event.actor_id, event.actor_name) == (admin.pk, admin.email)
    session = client.session
    session["souk_support_until"] = 0
    session.save()
    assert client.get("/admin/", HTTP_HOST=host)["Location"] == "/admin/login/"


def test_support_needs_platform_admin(shop_a, account_factory):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        issue(account=account_factory(), shop=shop_a, support=True)

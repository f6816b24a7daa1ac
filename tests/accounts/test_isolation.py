"""A member of shop A cannot enter shop B's admin by any URL, token or cookie."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from accounts.models import SSOTicket
from tests.accounts.conftest import bound_client, issue, shop_host, sso_path

pytestmark = pytest.mark.django_db
PLATFORM = "souk.test"


def test_enter_url_for_b_is_404_for_a_member(shop_a, shop_b, owner_of, client):
    owner_of(shop_b)
    owner_a = owner_of(shop_a)
    client.force_login(owner_a)
    assert client.post(f"/shops/{shop_b.pk}/enter/", HTTP_HOST=PLATFORM).status_code == 404
    assert (
        client.post(f"/shops/{shop_b.pk}/enter/", {"support": "1"}, HTTP_HOST=PLATFORM).status_code
        == 404
    )
    assert not SSOTicket.objects.filter(shop=shop_b).exists()


def test_enter_is_post_only(shop_a, owner_of, client):
    client.force_login(owner_of(shop_a))
    assert client.get(f"/shops/{shop_a.pk}/enter/", HTTP_HOST=PLATFORM).status_code == 405


def test_service_refuses_ticket_for_foreign_shop(shop_a, shop_b, owner_of):
    owner_of(shop_b)
    with pytest.raises(PermissionDenied):
        issue(account=owner_of(shop_a), shop=shop_b)


def test_a_ticket_with_b_host_is_refused(shop_a, shop_b, owner_of):
    """A ticket issued for A's schema but presented with B's host fails on both."""
    owner_of(shop_b)
    url = issue(account=owner_of(shop_a), shop=shop_a, host=shop_host(shop_b))
    _, path = sso_path(url)
    assert bound_client().get(path, HTTP_HOST=shop_host(shop_b)).status_code == 403
    assert bound_client().get(path, HTTP_HOST=shop_host(shop_a)).status_code == 403


def test_session_cookie_of_a_is_nothing_in_b(shop_a, shop_b, owner_of, enter):
    owner_of(shop_b)
    client = enter(owner_of(shop_a), shop_a)
    cookie = client.cookies["sessionid"].value
    stranger = Client()
    stranger.cookies["sessionid"] = cookie
    assert stranger.get("/admin/", HTTP_HOST=shop_host(shop_b)).status_code == 302
    stranger.cookies["sessionid"] = cookie  # B dropped the cookie it did not know
    assert stranger.get("/admin/", HTTP_HOST=shop_host(shop_a)).status_code == 200


def test_platform_session_is_nothing_in_a_shop(shop_a, owner_of, client):
    client.force_login(owner_of(shop_a))
    assert client.get("/admin/", HTTP_HOST=shop_host(shop_a)).status_code == 302


def test_sso_on_platform_host_is_404(shop_a, owner_of):
    _, path = sso_path(issue(account=owner_of(shop_a), shop=shop_a))
    assert bound_client().get(path, HTTP_HOST=PLATFORM).status_code == 404
    assert SSOTicket.objects.get().consumed_at is None

"""Log a test client into a shop's admin the only way there is: single sign-on.

Shop staff have no password inside a shop. ``shop_admin_login`` mints a ticket for
the platform account (the shop's owner unless told otherwise) bound to a nonce it
puts in the client's cookie — what ``/_sso/start/`` does in a browser — and redeems
it on the shop's host through the real ``/_sso/`` view. The whole three-leg
hand-off, as a browser follows it, is tested in tests/security/test_sso_binding.py
(``tests.support.browser``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import connection
from django.test import Client

from accounts.models import Membership, Role, User
from accounts.sso import browser_hash, nonce_cookie_name, sso_ticket_issue
from shops.models import Domain

TEST_NONCE = "test-browser-nonce"


def shop_admin_sign_on(client: Client, *, host: str, email: str | None = None):
    """Sign-on as ``email`` (the shop's owner if ``None``) on ``host``: the
    response of ``/_sso/`` (302 into the admin, or 403), or a 403 when the account
    may not enter that shop at all. The owner gets its owner membership if it has
    none (fixtures provision shops without sign-up)."""
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponseForbidden

    connection.set_schema_to_public()  # a request to a shop leaves its schema set
    shop = Domain.objects.select_related("tenant").get(domain=host).tenant
    account = User.objects.get(email__iexact=email) if email else User.objects.get(pk=shop.owner_id)
    if account.pk == shop.owner_id:
        Membership.objects.get_or_create(account=account, shop=shop, defaults={"role": Role.OWNER})
    client.cookies[nonce_cookie_name(secure=False)] = TEST_NONCE
    try:
        url = sso_ticket_issue(
            account=account, shop=shop, browser=browser_hash(TEST_NONCE), host=host
        )
    except PermissionDenied:
        return HttpResponseForbidden()
    url = urlsplit(url)
    return client.get(f"{url.path}?{url.query}", HTTP_HOST=host)


def shop_admin_login(
    client: Client | None = None, *, host: str | None = None, email: str | None = None
) -> Client:
    """``client`` (a new one if ``None``) signed in to the admin on ``host`` (the
    client's default host if ``None``) as the platform account ``email`` (the
    shop's owner if ``None``), which must have access."""
    client = client or Client()
    host = host or client.defaults["HTTP_HOST"]
    response = shop_admin_sign_on(client, host=host, email=email)
    assert response.status_code == 302, response.content[:500]
    return client


def shop_staff_account(shop, email: str, *, permissions=(), role: str = Role.STAFF) -> User:
    """A platform account with a membership of ``shop``: how someone joins a team."""
    connection.set_schema_to_public()
    account = User.objects.create_user(email=email, password="correct-horse-9")
    Membership.objects.create(account=account, shop=shop, role=role, permissions=list(permissions))
    return account


def linked_staff_user(shop, account) -> User:
    """The shop's staff user that sign-on made for ``account`` (in the shop's schema)."""
    from django_tenants.utils import schema_context

    with schema_context(shop.schema_name):
        return User.objects.get(platform_account_id=account.pk)

"""Helpers for identity tests: platform accounts, memberships, entering a shop."""

from __future__ import annotations

import itertools
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client

from accounts.models import Membership, Role, User
from accounts.sso import browser_hash, nonce_cookie_name, sso_ticket_issue
from tests.support.browser import Browser, open_admin
from tests.support.shop_admin import TEST_NONCE

_n = itertools.count(1)


@pytest.fixture
def account_factory(db):
    def make(email=None, password="correct-horse-9", **extra):
        connection.set_schema_to_public()  # a client request may have left a shop's
        return User.objects.create_user(
            email=email or f"person{next(_n)}@example.com", password=password, **extra
        )

    return make


@pytest.fixture
def owner_of():
    """The shop's owner account, with its owner membership (fixtures provision
    shops directly, without sign-up)."""

    def get(shop):
        connection.set_schema_to_public()
        owner = User.objects.get(pk=shop.owner_id)
        Membership.objects.get_or_create(account=owner, shop=shop, defaults={"role": Role.OWNER})
        return owner

    return get


@pytest.fixture
def member_of(account_factory):
    def make(shop, role=Role.STAFF, permissions=(), account=None):
        account = account or account_factory()
        connection.set_schema_to_public()
        Membership.objects.create(
            account=account, shop=shop, role=role, permissions=list(permissions)
        )
        return account

    return make


def shop_host(shop) -> str:
    return f"{shop.subdomain}.souk.test"


def sso_path(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.hostname, f"{parts.path}?{parts.query}"


def issue(*, account, shop, support=False, host=None) -> str:
    """A ticket URL bound to ``bound_client()``'s browser proof (leg 2 alone)."""
    return sso_ticket_issue(
        account=account, shop=shop, support=support, host=host, browser=browser_hash(TEST_NONCE)
    )


def bound_client() -> Client:
    """A client holding the nonce cookie ``issue`` binds its tickets to."""
    client = Client()
    client.cookies[nonce_cookie_name(secure=False)] = TEST_NONCE
    return client


@pytest.fixture
def enter():
    """``enter(account, shop)`` -> a Client logged into the shop's admin by SSO:
    "Open admin" on the platform, followed through the shop host's start, the
    platform's ticket and the shop host's redemption, as a browser does."""

    def go(account, shop, *, support=False):
        browser = Browser().log_in(account)
        admin = f"http://{shop_host(shop)}/admin/"
        url, _ = open_admin(browser, shop, support=support, stop=lambda u: u == admin)
        assert url == admin, url
        client = browser.client(shop_host(shop))
        client.defaults.pop("HTTP_HOST", None)  # callers pass the host they mean
        return client

    return go

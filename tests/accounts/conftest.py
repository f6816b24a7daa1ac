"""Helpers for identity tests: platform accounts, memberships, entering a shop."""

from __future__ import annotations

import itertools
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client

from accounts.identity import Membership, Role
from accounts.models import User
from accounts.sso import sso_ticket_issue

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


@pytest.fixture
def enter():
    """``enter(account, shop)`` -> a Client logged into the shop's admin by SSO."""

    def go(account, shop, *, support=False, client=None):
        client = client or Client()
        host, path = sso_path(sso_ticket_issue(account=account, shop=shop, support=support))
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 302, response.content[:500]
        assert response["Location"].endswith(f"{shop.subdomain}.souk.test/admin/")
        return client

    return go

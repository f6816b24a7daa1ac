"""Console fixtures: a platform admin, a support person holding only the console
permission, and a signed-in account that holds nothing.

The console opens only for a session that passed a second factor: ``console`` is
signed in OTP-verified (tests.support.two_factor); tests/security/test_two_factor.py
covers the challenge itself."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.models import User
from tests.support.two_factor import force_login_verified

PLATFORM = "souk.test"


class PlatformClient(Client):
    """A test client whose requests go to the platform domain."""

    def __init__(self, **kwargs):
        super().__init__(HTTP_HOST=PLATFORM, **kwargs)


@pytest.fixture
def platform_admin(db):
    return User.objects.create_superuser(email="admin@souk.test", password="correct-horse-9")


@pytest.fixture
def support_person(db):
    user = User.objects.create_user(email="support@souk.test", password="correct-horse-9")
    user.user_permissions.add(Permission.objects.get(codename="access_console"))
    return user


@pytest.fixture
def nobody(db):
    return User.objects.create_user(email="nobody@example.com", password="correct-horse-9")


@pytest.fixture
def console(platform_admin):
    client = PlatformClient()
    force_login_verified(client, platform_admin)
    return client


@pytest.fixture
def anonymous():
    return PlatformClient()

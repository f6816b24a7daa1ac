"""What a person sees when the login limit refuses them: the platform's and a shop's
login forms say why and how long to wait. The policy itself is tested in
tests/security/test_login_limits.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django_tenants.utils import schema_context

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARTIFACTS = Path(os.environ.get("SOUK_E2E_ARTIFACTS", "/tmp/souk-e2e"))
LOCKED = "Too many failed attempts. Try again in 15 minutes."


def _shots(page, name: str) -> None:
    """At phone and desktop widths: always to the artifacts folder, to docs/ only
    with SOUK_SCREENSHOTS=1."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        if os.environ.get("SOUK_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def _guess_until_refused(page, url: str, email: str) -> None:
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT_IP):
        page.goto(url)
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", "wrong-guess")
        page.click("form button[type=submit]")
        page.wait_for_load_state()


@pytest.fixture(autouse=True)
def _fresh_counters():
    for name in ("default", "platform"):
        caches[name].clear()
    yield
    for name in ("default", "platform"):
        caches[name].clear()


def test_the_platform_login_says_how_long_to_wait(page, live_server, transactional_db):
    from accounts.models import User

    port = live_server.url.rsplit(":", 1)[1]
    url = f"http://souk.test:{port}/login/"
    User.objects.create_user(email="merchant@example.com", password="correct-horse-9")

    _guess_until_refused(page, url, "merchant@example.com")

    assert LOCKED in page.content()
    _shots(page, "login-limit-platform")


def test_a_shop_login_says_how_long_to_wait(page, committed_shop_factory, shop_url):
    from accounts.models import User

    shop = committed_shop_factory("limits", name="Limits & Co")
    with schema_context(shop.schema_name):
        User.objects.create_user(email="ana@example.com", password="plum-orchard-47")

    _guess_until_refused(page, shop_url(shop, "/account/login/"), "ana@example.com")

    assert LOCKED in page.content()
    _shots(page, "login-limit-shopper")

"""A Content-Security-Policy on the four surfaces: storefront, shop admin, platform, console.

Storefront, platform and console: scripts and style elements from our origin or with
the response's nonce, never ``'unsafe-inline'``. A shop's Wagtail admin: a looser
policy (Wagtail's own inline scripts), still no script from another origin. Every
inline script or style in our templates carries the nonce; the page cache hands each
hit a fresh one. The browser test opens the storefront and the shop admin with the
policy on, fails on any CSP violation the browser reports, and takes screenshots.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from storefront.page_cache import STATUS_HEADER

ROOT = Path(settings.ROOT_DIR)
HOST = "alpha.souk.test"
NONCE_ATTR = 'nonce="{{ request.csp_nonce }}"'


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def _nonce(policy) -> str:
    (nonce,) = [s[len("'nonce-") : -1] for s in policy["script-src"] if s.startswith("'nonce-")]
    return nonce


def _strict(policy) -> None:
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


@pytest.fixture
def owner_client(shop_a):
    from accounts.models import User

    with schema_context(shop_a.schema_name):
        owner = User.objects.get(email=f"owner-{shop_a.subdomain}@example.com")
        client = Client()
        client.force_login(owner)
    return client


@pytest.mark.django_db
def test_storefront_has_a_strict_policy_with_a_nonce(shop_a):
    response = Client().get("/", HTTP_HOST=HOST)
    policy = _policy(response)
    _strict(policy)
    assert any(s.startswith("'nonce-") for s in policy["script-src"])
    assert "js.stripe.com" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_shop_admin_has_its_own_policy(owner_client, shop_a):
    response = owner_client.get("/admin/", HTTP_HOST=HOST)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    login = Client().get("/admin/login/", HTTP_HOST=HOST)
    assert "Content-Security-Policy" in login


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/login/", "/signup/", "/pricing/", "/console/"])
def test_the_platform_and_console_have_the_strict_policy(path):
    response = Client().get(path, HTTP_HOST="souk.test", follow=True)
    assert response.status_code == 200, path
    _strict(_policy(response))


@pytest.mark.django_db
def test_the_console_style_element_carries_the_nonce(django_user_model):
    staff = django_user_model.objects.create_user(
        email="ops@souk.test", password="x-pass-12345", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(staff)
    response = client.get("/console/", HTTP_HOST="souk.test")
    assert response.status_code == 200
    html = response.content.decode()
    nonce = _nonce(_policy(response))
    assert f'<style nonce="{nonce}">' in html


@pytest.mark.django_db
def test_the_payment_step_allows_stripe_js_only_there(shop_a):
    from tests.cart.builders import variant
    from tests.checkout.conftest import ADDRESS, shop_setup

    with schema_context(shop_a.schema_name):
        setup = shop_setup()
        item = variant(title="Blue mug", price="10.00", stock=5)
    client = Client(HTTP_HOST=HOST)
    client.post("/cart/add/", {"variant_id": item.pk, "quantity": "1"})
    client.get("/checkout/")
    client.post("/checkout/contact/", {"email": "ana@example.com"})
    client.post("/checkout/address/", ADDRESS)
    client.post("/checkout/shipping/", {"rate_id": setup["rate_id"]})
    response = client.get("/checkout/payment/")
    assert response.status_code == 200
    policy = _policy(response)
    _strict(policy)
    assert "https://js.stripe.com" in policy["script-src"]
    assert "https://js.stripe.com" in policy["frame-src"]
    assert "js.stripe.com" not in client.get("/cart/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_page_cache_hit_gets_a_fresh_nonce(shop_a, settings):
    """The theme's settings are an inline <style>: its nonce must match each response's."""
    settings.STOREFRONT_PAGE_CACHE = True
    first = Client().get("/collections/all/", HTTP_HOST=HOST)
    second = Client().get("/collections/all/", HTTP_HOST=HOST)
    assert (first[STATUS_HEADER], second[STATUS_HEADER]) == ("miss", "hit")
    nonces = []
    for response in (first, second):
        nonce = _nonce(_policy(response))
        assert f'<style id="theme-settings" nonce="{nonce}">' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def _templates():
    folders = [ROOT / "themes", ROOT / "cms"]
    folders += sorted((ROOT / "platform").glob("*/templates"))
    folders += sorted((ROOT / "tenants").glob("*/templates"))
    for folder in folders:
        yield from sorted(folder.rglob("*.html"))


def test_every_inline_script_and_style_in_our_templates_carries_the_nonce():
    missing, handlers = [], []
    for path in _templates():
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" in tag or re.search(r'type="application/(ld\+)?json"', tag):
                continue
            if NONCE_ATTR not in tag:
                missing.append((str(path.relative_to(ROOT)), tag))
        for tag in re.findall(r"<style\b[^>]*>", text):
            if NONCE_ATTR not in tag:
                missing.append((str(path.relative_to(ROOT)), tag))
        # Inline event handlers cannot carry a nonce; only the admin's policy runs them.
        if "/admin/" not in str(path) and re.search(r"<[^>]+\son[a-z]+=", text):
            handlers.append(str(path.relative_to(ROOT)))
    assert list(_templates()), "the walk found templates"
    assert not missing, missing
    assert not handlers, handlers


# --- in a real browser ------------------------------------------------------------------
import tests.e2e.conftest as e2e  # noqa: E402

# The e2e suite's fixtures: its browser reports CSP violations to csp_violations.
browser, shop_url, csp_violations = e2e.browser, e2e.shop_url, e2e.csp_violations

SHOTS = ROOT / "docs" / "screenshots"


@pytest.mark.browser
def test_storefront_and_shop_admin_work_in_a_browser_with_the_policy_on(
    committed_shop_factory, browser, shop_url, csp_violations
):
    from accounts.models import User
    from catalog.demo.catalogs import CATALOGS
    from catalog.demo.seed import catalog_seed
    from cms.demo import seed_content

    shop = committed_shop_factory("csp", name="Policy Goods")
    demo = {"name": shop.name, "catalog": "harbour", "intro": "Small-batch coffee."}
    with schema_context(shop.schema_name):
        catalog_seed(catalog=CATALOGS["harbour"])
        seed_content(shop=shop, demo=demo, stdout=io.StringIO())
        owner = User.objects.get(email="owner-csp@example.com")
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(shop_url(shop))
        assert page.locator("h1").first.is_visible()
        page.screenshot(path=str(SHOTS / f"csp-storefront-{width}.png"), full_page=False)
        page.goto(shop_url(shop, "/admin/login/"))
        page.fill("input[name=username]", owner.email)
        page.fill("input[name=password]", "correct-horse-9")
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        page.goto(shop_url(shop, "/admin/pages/"))
        page.locator("a[title='Edit this page']").first.click()
        page.wait_for_selector("form#page-edit-form")
        page.screenshot(path=str(SHOTS / f"csp-shop-admin-{width}.png"), full_page=False)
        context.close()
    assert not csp_violations, csp_violations

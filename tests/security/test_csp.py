"""A Content-Security-Policy on the four surfaces: storefront, shop admin, platform, console.

Storefront, platform and console: scripts and style elements from our origin or with
the response's nonce, never ``'unsafe-inline'``. A shop's Wagtail admin: a looser
policy (Wagtail's own inline scripts), still no script from another origin. Every
inline script or style in our templates carries the nonce; the page cache hands each
hit a fresh one. The browser test opens the storefront and the shop admin with the
policy on, fails on any CSP violation the browser reports, and takes screenshots.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from storefront.page_cache import STATUS_HEADER
from tests.support.two_factor import force_login_verified

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
    from tests.support.shop_admin import shop_admin_login

    return shop_admin_login(Client(), host=HOST)


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
    force_login_verified(client, staff)
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


@pytest.mark.parametrize("with_nonce", [True, False])
@pytest.mark.parametrize("admin", [True, False])
def test_the_prebuilt_header_is_the_one_django_csp_builds(rf, settings, admin, with_nonce):
    """The middleware's cached headers say exactly what django-csp would write."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    from shops.csp import ContentSecurityPolicyMiddleware

    def headers(middleware_class) -> str:
        request = rf.get("/admin/pages/" if admin else "/products/")
        request.shop = object()
        middleware = middleware_class(lambda r: HttpResponse("ok"))
        middleware.process_request(request)
        if with_nonce:
            str(request.csp_nonce)
            request._csp_nonce = "fixed+nonce/value=="
        return middleware.process_response(request, HttpResponse("ok"))["Content-Security-Policy"]

    ours = headers(ContentSecurityPolicyMiddleware)
    if admin:
        settings.CONTENT_SECURITY_POLICY = settings.CONTENT_SECURITY_POLICY_SHOP_ADMIN
    assert ours == headers(CSPMiddleware)
    assert ("'nonce-fixed+nonce/value=='" in ours) is (with_nonce and not admin)


def test_a_changed_policy_is_not_served_from_the_prebuilt_header(rf, settings):
    from django.http import HttpResponse

    from shops.csp import ContentSecurityPolicyMiddleware

    middleware = ContentSecurityPolicyMiddleware(lambda r: HttpResponse("ok"))
    request = rf.get("/")
    middleware.process_request(request)
    before = middleware.process_response(request, HttpResponse())["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    request = rf.get("/")
    middleware.process_request(request)
    after = middleware.process_response(request, HttpResponse())["Content-Security-Policy"]
    assert after == "default-src 'none'" != before

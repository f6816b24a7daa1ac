"""The "Domains" page of the shop admin, and CSRF origins that follow the Domain table."""

import pytest
from django.test import Client

from domains.services import domain_add, domain_set_primary
from shops.domain_checks import domain_verify
from shops.models import Domain
from shops.routing import directory
from tests.shops.conftest import publish
from tests.support.shop_admin import shop_admin_login, shop_staff_account

ALPHA = "alpha.souk.test"
BETA = "beta.souk.test"


def _login(host, email):
    return shop_admin_login(Client(HTTP_HOST=host), email=email)


@pytest.fixture
def alpha_admin(shop_a):
    return _login(ALPHA, "owner-alpha@example.com")


@pytest.fixture
def beta_admin(shop_b):
    return _login(BETA, "owner-beta@example.com")


def test_owner_adds_a_domain_and_sees_the_dns_records(alpha_admin, shop_a):
    response = alpha_admin.post("/admin/domains/add/", {"domain": "Shop.Alpha-Goods.com"})
    assert response.status_code == 302
    row = Domain.objects.get(tenant=shop_a, domain="shop.alpha-goods.com")
    page = alpha_admin.get("/admin/domains/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "_souk-verify.shop.alpha-goods.com" in body
    assert row.verification_token in body
    assert "shops.souk.test" in body  # CNAME target
    assert "Waiting for DNS" in body


def test_bad_input_gets_a_message_and_keeps_what_was_typed(alpha_admin, shop_a):
    response = alpha_admin.post("/admin/domains/add/", {"domain": "http://bad domain"}, follow=True)
    body = response.content.decode()
    assert "without http://" in body
    assert 'value="http://bad domain"' in body
    assert not Domain.objects.filter(tenant=shop_a).custom().exists()


def test_the_page_lists_only_this_shops_domains(alpha_admin, beta_admin, shop_a, shop_b):
    domain_add(shop=shop_a, domain="www.alpha-goods.com")
    domain_add(shop=shop_b, domain="www.beta-things.com")
    alpha_page = alpha_admin.get("/admin/domains/").content.decode()
    beta_page = beta_admin.get("/admin/domains/").content.decode()
    assert "www.alpha-goods.com" in alpha_page and "www.beta-things.com" not in alpha_page
    assert "www.beta-things.com" in beta_page and "www.alpha-goods.com" not in beta_page


def test_another_shops_staff_cannot_change_its_domains(beta_admin, shop_a, dns_zone):
    row = domain_add(shop=shop_a, domain="www.alpha-goods.com")
    publish(dns_zone, row)
    domain_verify(domain_id=row.pk)
    for action in ("remove", "primary", "check"):
        response = beta_admin.post(f"/admin/domains/{row.pk}/{action}/", follow=True)
        assert response.status_code == 200
    row.refresh_from_db()
    assert row.is_verified and not row.is_primary
    assert Domain.objects.filter(pk=row.pk, tenant=shop_a).exists()


def test_alpha_cookie_is_nothing_on_betas_admin(alpha_admin, shop_b):
    response = alpha_admin.get("/admin/domains/", HTTP_HOST=BETA)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_the_settings_permission_cannot_manage_domains(shop_a):
    from django_tenants.utils import schema_context

    from accounts.models import User

    account = shop_staff_account(shop_a, "clerk@example.com")
    client = _login(ALPHA, "clerk@example.com")
    with schema_context(shop_a.schema_name):
        from django.contrib.auth.models import Permission

        clerk = User.objects.get(platform_account_id=account.pk)
        clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert client.get("/admin/domains/").status_code in (302, 403)
    client.post("/admin/domains/add/", {"domain": "www.alpha-goods.com"})
    assert not Domain.objects.filter(domain="www.alpha-goods.com").exists()


def test_check_now_make_primary_and_remove(alpha_admin, shop_a, dns_zone):
    alpha_admin.post("/admin/domains/add/", {"domain": "www.alpha-goods.com"})
    row = Domain.objects.get(tenant=shop_a, domain="www.alpha-goods.com")
    response = alpha_admin.post(f"/admin/domains/{row.pk}/check/", follow=True)
    assert "not verified yet" in response.content.decode()
    publish(dns_zone, row)
    response = alpha_admin.post(f"/admin/domains/{row.pk}/check/", follow=True)
    assert "is verified" in response.content.decode()
    alpha_admin.post(f"/admin/domains/{row.pk}/primary/")
    row.refresh_from_db()
    assert row.is_primary
    alpha_admin.post(f"/admin/domains/{row.pk}/remove/")
    assert not Domain.objects.filter(pk=row.pk).exists()
    assert Domain.objects.get(tenant=shop_a, is_primary=True).domain == ALPHA


def _csrf_post(shop_host, origin, *, with_token=True):
    """POST to the admin's sign-in page on ``shop_host`` as a browser on ``origin``
    would, with the CSRF cookie a page of the shop set (200: processed; 403: refused)."""
    from django.conf import settings
    from django.utils.crypto import get_random_string

    client = Client(enforce_csrf_checks=True, HTTP_HOST=shop_host)
    secret = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    token = secret if with_token else "x" * 32
    return client.post("/admin/login/", {"csrfmiddlewaretoken": token}, HTTP_ORIGIN=origin)


def test_csrf_trusts_the_same_shops_verified_domains_only(shop_a, shop_b, dns_zone):
    alpha_row = domain_add(shop=shop_a, domain="www.alpha-goods.com")
    beta_row = domain_add(shop=shop_b, domain="www.beta-things.com")
    pending = domain_add(shop=shop_a, domain="pending.alpha-goods.com")
    for row in (alpha_row, beta_row):
        publish(dns_zone, row)
        domain_verify(domain_id=row.pk)
    domain_set_primary(shop=shop_a, domain_id=alpha_row.pk)
    directory.invalidate()
    assert pending.verified_at is None
    # Same origin and the same shop's verified domain: the form is processed (200).
    assert _csrf_post(ALPHA, "http://alpha.souk.test").status_code == 200
    assert _csrf_post(ALPHA, "http://www.alpha-goods.com").status_code == 200
    # A trusted origin does not replace the token check.
    assert _csrf_post(ALPHA, "http://www.alpha-goods.com", with_token=False).status_code == 403
    # Another shop's domain, an unverified one, or a stranger: refused.
    assert _csrf_post(ALPHA, "http://www.beta-things.com").status_code == 403
    assert _csrf_post(ALPHA, "http://pending.alpha-goods.com").status_code == 403
    assert _csrf_post(ALPHA, "http://evil.example").status_code == 403
    assert _csrf_post(ALPHA, "https://www.alpha-goods.com").status_code == 403  # scheme differs

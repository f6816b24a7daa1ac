"""Roles in the shop admin follow the platform's memberships: billing is the owner's
(an admin is a superuser in the shop but may not cancel or change the plan), and
the Settings role manages domains, as the docs say."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from accounts.models import Role
from billing.models import Plan, Subscription
from billing.trials import subscription_trial_start
from shops.models import Domain
from tests.accounts.conftest import shop_host

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_platform_cache():
    caches["platform"].clear()


@pytest.fixture
def billed(shop_a):
    subscription_trial_start(shop=shop_a)
    return shop_a


def _refused(response) -> bool:
    """Wagtail answers a refused admin page with a redirect to the dashboard (and a
    message), or 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def _cancelled(shop) -> bool:
    return Subscription.objects.get(shop=shop).cancel_at_period_end


def test_billing_is_the_owners_not_an_admins(billed, owner_of, member_of, enter):
    owner = owner_of(billed)
    admin = member_of(billed, role=Role.ADMIN)
    client = enter(admin, billed)
    host = shop_host(billed)
    dashboard = client.get("/admin/", HTTP_HOST=host)
    assert dashboard.status_code == 200  # a full admin of the shop...
    assert "/admin/billing/" not in dashboard.content.decode()  # ...without billing
    assert _refused(client.get("/admin/billing/", HTTP_HOST=host))
    assert _refused(client.post("/admin/billing/cancel/", HTTP_HOST=host))
    assert not _cancelled(billed)
    growth = Plan.objects.get(code="growth")
    response = client.post(
        "/admin/billing/plan/", {"plan": growth.pk, "interval": "month"}, HTTP_HOST=host
    )
    assert _refused(response)
    assert Subscription.objects.get(shop=billed).plan.code == "starter"
    assert _refused(client.post("/admin/billing/card/", HTTP_HOST=host))

    client = enter(owner, billed)
    assert "/admin/billing/" in client.get("/admin/", HTTP_HOST=host).content.decode()
    assert client.get("/admin/billing/", HTTP_HOST=host).status_code == 200
    response = client.post("/admin/billing/cancel/", HTTP_HOST=host)
    assert (response.status_code, response["Location"]) == (302, "/admin/billing/")
    assert _cancelled(billed)


def test_the_settings_role_manages_domains_other_staff_do_not(shop_a, owner_of, member_of, enter):
    owner_of(shop_a)
    host = shop_host(shop_a)
    clerk = member_of(shop_a, role=Role.STAFF, permissions=["products", "orders", "content"])
    client = enter(clerk, shop_a)
    assert "/admin/domains/" not in client.get("/admin/", HTTP_HOST=host).content.decode()
    assert _refused(client.get("/admin/domains/", HTTP_HOST=host))
    client.post("/admin/domains/add/", {"domain": "shop.alpha.example"}, HTTP_HOST=host)
    assert not Domain.objects.filter(domain="shop.alpha.example").exists()

    settings_staff = member_of(shop_a, role=Role.STAFF, permissions=["settings"])
    client = enter(settings_staff, shop_a)
    assert "/admin/domains/" in client.get("/admin/", HTTP_HOST=host).content.decode()
    assert client.get("/admin/domains/", HTTP_HOST=host).status_code == 200
    response = client.post("/admin/domains/add/", {"domain": "shop.alpha.example"}, HTTP_HOST=host)
    assert (response.status_code, response["Location"]) == (302, "/admin/domains/")
    row = Domain.objects.get(tenant=shop_a, domain="shop.alpha.example")
    client.post(f"/admin/domains/{row.pk}/remove/", HTTP_HOST=host)
    assert not Domain.objects.filter(pk=row.pk).exists()
    # Settings is not the owner's billing.
    assert _refused(client.get("/admin/billing/", HTTP_HOST=host))

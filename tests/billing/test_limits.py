"""Plan limits where things are created, usage, and downgrades that would break them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from billing.limits import LimitReached, limit_check, usage
from billing.models import Plan, Subscription
from billing.services import subscription_change_plan
from billing.trials import subscription_trial_start
from catalog.models import Product, Variant
from catalog.services import product_create
from shops.models import Domain
from tests.catalog.conftest import login
from tests.support.admin_forms import ALPHA, form_data


@pytest.fixture
def starter_with(db):
    """Starter with some limits lowered, so a test reaches them quickly."""

    def lower(**limits):
        Plan.objects.filter(code="starter").update(**limits)
        return Plan.objects.get(code="starter")

    return lower


def _products(shop, n, prefix="P"):
    with schema_context(shop.schema_name):
        for i in range(n):
            product_create(title=f"{prefix} {i}", variants=[{"sku": f"{prefix}-{i}", "price": 5}])


def test_product_limit_in_the_service_names_the_limit_and_the_upgrade(shop_a, starter_with):
    starter_with(max_products=2)
    subscription_trial_start(shop=shop_a)
    _products(shop_a, 2)
    with schema_context(shop_a.schema_name):
        with pytest.raises(LimitReached) as caught:
            product_create(title="One too many", variants=[{"sku": "X-1", "price": 5}])
        assert Product.objects.count() == 2
        assert not Variant.objects.filter(sku="X-1").exists()
    message = caught.value.messages[0]
    assert "Starter plan allows 2 products" in message
    assert "/admin/billing/" in message and "Upgrade" in message


def test_product_limit_in_the_admin_shows_the_message_and_creates_nothing(
    shop_a, starter_with, client
):
    starter_with(max_products=1)
    subscription_trial_start(shop=shop_a)
    _products(shop_a, 1)
    login(client, ALPHA, "owner-alpha@example.com")
    form = client.get("/admin/catalog/products/add/", HTTP_HOST=ALPHA).context["form"]
    data = form_data(form)
    data.update(
        {
            "title": "Blocked lamp",
            "status": "active",
            "variants-TOTAL_FORMS": "1",
            "variants-0-price": "3",
            "variants-0-sku": "BLOCKED-1",
            "variants-0-inventory_policy": "deny",
            "variants-0-weight_grams": "0",
            "variants-0-ORDER": "1",
        }
    )
    response = client.post("/admin/catalog/products/add/", data, HTTP_HOST=ALPHA)
    assert response.status_code == 200
    assert "Starter plan allows 1 products" in response.content.decode()
    with schema_context(shop_a.schema_name):
        assert not Product.objects.filter(title="Blocked lamp").exists()
        assert not Variant.objects.filter(sku="BLOCKED-1").exists()


def test_other_shops_products_do_not_count(shop_a, shop_b, starter_with):
    starter_with(max_products=2)
    subscription_trial_start(shop=shop_a)
    _products(shop_b, 3, prefix="B")  # B has no subscription: unlimited
    _products(shop_a, 2, prefix="A")
    with schema_context(shop_a.schema_name), pytest.raises(LimitReached):
        product_create(title="A third", variants=[{"sku": "A-3", "price": 5}])


def test_a_shop_without_subscription_has_no_limits(shop_a, starter_with):
    starter_with(max_products=0)
    _products(shop_a, 2)
    with schema_context(shop_a.schema_name):
        assert Product.objects.count() == 2


def test_custom_domain_staff_and_storage_limits(shop_a, starter_with):
    starter_with(max_custom_domains=1, max_staff=1, max_storage_bytes=1000)
    subscription_trial_start(shop=shop_a)
    limit_check(shop=shop_a, resource="custom_domains")  # none yet
    Domain.objects.create(domain="shop.example.com", tenant=shop_a, verified_at=timezone.now())
    with pytest.raises(LimitReached, match="1 custom domains"):
        limit_check(shop=shop_a, resource="custom_domains")
    with pytest.raises(LimitReached, match="1 staff accounts"):
        limit_check(shop=shop_a, resource="staff")  # the owner is the one
    limit_check(shop=shop_a, resource="storage_bytes", adding=1000)
    with pytest.raises(LimitReached, match="media storage"):
        limit_check(shop=shop_a, resource="storage_bytes", adding=1001)
    with pytest.raises(ValueError):
        limit_check(shop=shop_a, resource="widgets")


def test_usage_counts_each_resource(shop_a, shop_b):
    subscription_trial_start(shop=shop_a)
    _products(shop_a, 3)
    _products(shop_b, 1, prefix="B")
    Domain.objects.create(domain="alpha.example.com", tenant=shop_a, verified_at=timezone.now())
    used = {u.resource: (u.used, u.limit) for u in usage(shop=shop_a)}
    starter = Plan.objects.get(code="starter")
    assert used == {
        "products": (3, starter.max_products),
        "staff": (1, starter.max_staff),
        "custom_domains": (1, starter.max_custom_domains),
        "storage_bytes": (0, starter.max_storage_bytes),
        "apps": (0, starter.max_apps),
    }


def test_a_downgrade_that_breaks_a_limit_is_refused_with_the_reason(shop_a, starter_with):
    starter_with(max_products=2)
    subscription_trial_start(shop=shop_a, plan=Plan.objects.get(code="growth"))
    _products(shop_a, 3)
    with pytest.raises(ValidationError) as caught:
        subscription_change_plan(
            shop=shop_a, plan=Plan.objects.get(code="starter"), interval="month"
        )
    assert "Starter allows 2 products; your shop has 3." in caught.value.messages
    assert Subscription.objects.get(shop=shop_a).plan.code == "growth"
    # Within the limits, the downgrade goes through.
    with schema_context(shop_a.schema_name):
        Product.objects.filter(title="P 2").delete()
    sub = subscription_change_plan(
        shop=shop_a, plan=Plan.objects.get(code="starter"), interval="year"
    )
    assert (sub.plan.code, sub.interval) == ("starter", "year")


def test_a_bad_interval_is_refused(shop_a):
    subscription_trial_start(shop=shop_a)
    with pytest.raises(ValidationError, match="monthly or yearly"):
        subscription_change_plan(shop=shop_a, plan=Plan.objects.get(code="pro"), interval="weekly")
    assert Subscription.objects.get(shop=shop_a).plan.code == "starter"


def test_domain_add_and_invitation_respect_the_plan(shop_a, starter_with):
    """The places that create domains and staff seats call the plan limit."""
    from accounts.models import Invitation, Membership, Role, User
    from domains.services import domain_add
    from provisioning.seats import invitation_create

    starter_with(max_custom_domains=0, max_staff=2)
    subscription_trial_start(shop=shop_a)
    with pytest.raises(ValidationError, match="0 custom domains"):
        domain_add(shop=shop_a, domain="shop.example.com")
    assert not Domain.objects.filter(domain="shop.example.com").exists()

    owner = User.objects.get(email="owner-alpha@example.com")
    Membership.objects.get_or_create(account=owner, shop=shop_a, defaults={"role": Role.OWNER})
    invitation_create(by=owner, shop=shop_a, email="clerk@example.com")
    with pytest.raises(ValidationError, match="2 staff accounts"):
        invitation_create(by=owner, shop=shop_a, email="other@example.com")
    assert list(Invitation.objects.filter(shop=shop_a).values_list("email", flat=True)) == [
        "clerk@example.com"
    ]

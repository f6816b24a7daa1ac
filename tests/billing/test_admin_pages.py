"""The billing page in the shop admin, and what one shop's merchant can reach."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from django_tenants.utils import schema_context

from billing.models import Invoice, Plan, Subscription
from billing.trials import subscription_trial_start
from tests.billing.conftest import login_owner
from tests.catalog.conftest import ALPHA, BETA, login
from tests.support.shop_admin import shop_staff_account

PAGE = "/admin/billing/"


def _invoices(shop, n, prefix):
    for i in range(n):
        Invoice.objects.create(
            shop=shop,
            stripe_invoice_id=f"in_{prefix}{i}",
            number=f"{prefix}-{i:04d}",
            status="paid",
            amount_due=Decimal("19.00"),
            amount_paid=Decimal("19.00"),
            currency="USD",
            invoice_pdf=f"https://pay.stripe.com/invoice/{prefix}{i}/pdf",
            created=timezone.now(),
        )


@pytest.fixture
def owner_a(client, shop_a, shop_b):
    subscription_trial_start(shop=shop_a)
    subscription_trial_start(shop=shop_b, plan=Plan.objects.get(code="pro"))
    return login_owner(client, shop_a)


def test_the_owner_sees_plan_usage_and_invoices(owner_a, shop_a):
    _invoices(shop_a, 2, "A")
    page = owner_a.get(PAGE, HTTP_HOST=ALPHA)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Starter" in html and "Trial" in html
    assert 'data-resource="products"' in html and 'data-resource="storage_bytes"' in html
    assert "A-0001" in html and "https://pay.stripe.com/invoice/A1/pdf" in html


def test_a_merchant_of_a_cannot_see_bs_plan_or_invoices(owner_a, shop_a, shop_b):
    _invoices(shop_a, 1, "A")
    _invoices(shop_b, 1, "B")
    html = owner_a.get(PAGE, HTTP_HOST=ALPHA).content.decode()
    assert "A-0000" in html and "B-0000" not in html
    assert "<strong>Pro</strong>" not in html
    # A's session means nothing on B's host: the login page, not B's billing.
    response = owner_a.get(PAGE, HTTP_HOST=BETA)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = owner_a.post(
        PAGE + "plan/",
        {"plan": Plan.objects.get(code="starter").pk, "interval": "month"},
        HTTP_HOST=BETA,
    )
    assert response.status_code in (302, 403)
    assert Subscription.objects.get(shop=shop_b).plan.code == "pro"


def test_changing_the_plan_in_the_admin_changes_only_this_shop(owner_a, shop_a, shop_b):
    growth = Plan.objects.get(code="growth")
    response = owner_a.post(
        PAGE + "plan/", {"plan": growth.pk, "interval": "year"}, HTTP_HOST=ALPHA, follow=True
    )
    assert "now on the Growth plan" in response.content.decode()
    assert (
        Subscription.objects.get(shop=shop_a).plan,
        Subscription.objects.get(shop=shop_a).interval,
    ) == (growth, "year")
    assert Subscription.objects.get(shop=shop_b).plan.code == "pro"


def test_a_refused_downgrade_shows_the_reason(owner_a, shop_a):
    Plan.objects.filter(code="starter").update(max_staff=0)
    Subscription.objects.filter(shop=shop_a).update(plan=Plan.objects.get(code="growth"))
    response = owner_a.post(
        PAGE + "plan/",
        {"plan": Plan.objects.get(code="starter").pk, "interval": "month"},
        HTTP_HOST=ALPHA,
        follow=True,
    )
    html = response.content.decode()
    assert "You cannot switch to Starter yet" in html
    assert "Starter allows 0 staff accounts; your shop has 1." in html
    assert Subscription.objects.get(shop=shop_a).plan.code == "growth"


def test_a_bad_plan_or_interval_is_refused(owner_a, shop_a):
    for bad in ("x", "999999", ""):
        response = owner_a.post(PAGE + "plan/", {"plan": bad}, HTTP_HOST=ALPHA, follow=True)
        assert "Choose one of the plans." in response.content.decode()
    response = owner_a.post(
        PAGE + "plan/",
        {"plan": Plan.objects.get(code="pro").pk, "interval": "daily"},
        HTTP_HOST=ALPHA,
        follow=True,
    )
    assert "Choose monthly or yearly billing." in response.content.decode()
    assert Subscription.objects.get(shop=shop_a).plan.code == "starter"


def test_cancel_and_take_it_back(owner_a, shop_a):
    owner_a.post(PAGE + "cancel/", HTTP_HOST=ALPHA)
    assert Subscription.objects.get(shop=shop_a).cancel_at_period_end
    owner_a.post(PAGE + "cancel/", {"undo": "1"}, HTTP_HOST=ALPHA)
    assert not Subscription.objects.get(shop=shop_a).cancel_at_period_end


def test_staff_who_are_not_the_owner_cannot_open_billing(client, shop_a):
    subscription_trial_start(shop=shop_a)
    from accounts.models import User

    account = shop_staff_account(shop_a, "clerk@example.com")
    login(client, ALPHA, "clerk@example.com")
    with schema_context(shop_a.schema_name):
        clerk = User.objects.get(platform_account_id=account.pk)
        clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    # Wagtail answers a PermissionDenied with a redirect to the dashboard.
    for response in (
        client.get(PAGE, HTTP_HOST=ALPHA),
        client.post(PAGE + "cancel/", HTTP_HOST=ALPHA),
    ):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not Subscription.objects.get(shop=shop_a).cancel_at_period_end


def test_the_page_costs_the_same_queries_for_2_or_20_invoices(
    owner_a, shop_a, django_assert_max_num_queries
):
    _invoices(shop_a, 2, "A")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        owner_a.get(PAGE, HTTP_HOST=ALPHA)
    _invoices(shop_a, 18, "X")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = owner_a.get(PAGE, HTTP_HOST=ALPHA).content.decode()
    assert "X-0017" in html


def test_the_dashboard_warns_a_past_due_shop(owner_a, shop_a):
    Subscription.objects.filter(shop=shop_a).update(
        status="past_due", grace_deadline=timezone.now() + timezone.timedelta(days=3)
    )
    html = owner_a.get("/admin/", HTTP_HOST=ALPHA).content.decode()
    assert "Your last payment failed" in html and PAGE in html

"""The public pricing page and the console's billing figures."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from billing import metrics
from billing.models import Plan, Subscription
from billing.trials import subscription_trial_start


def test_pricing_lists_the_public_plans(client, db, django_assert_max_num_queries):
    Plan.objects.filter(code="pro").update(is_public=False)
    with django_assert_max_num_queries(2):
        response = client.get("/pricing/", HTTP_HOST="souk.test")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Starter" in html and "$19.00" in html and "Growth" in html
    assert "Pro" not in html
    assert "14-day free trial" in html and "2% transaction fee" in html


def test_pricing_is_on_the_platform_domain_only(client, shop_a):
    assert client.get("/pricing/", HTTP_HOST="alpha.souk.test").status_code == 404


def test_metrics(shop_factory):
    shops = [shop_factory() for _ in range(5)]
    plans = {p.code: p for p in Plan.objects.all()}
    states = [
        ("starter", "month", "active"),
        ("growth", "year", "active"),
        ("growth", "month", "past_due"),
        ("pro", "month", "trialing"),
        ("starter", "month", "canceled"),
    ]
    now = timezone.now()
    for shop, (code, interval, status) in zip(shops, states, strict=True):
        sub = subscription_trial_start(shop=shop, plan=plans[code])
        Subscription.objects.filter(pk=sub.pk).update(
            interval=interval,
            status=status,
            grace_deadline=now + timedelta(days=5) if status == "past_due" else None,
            past_due_since=now if status == "past_due" else None,
            canceled_at=now - timedelta(days=3) if status == "canceled" else None,
        )
    # Starter 19 + Growth 490/12 (40.83) + Growth 49 (past due still owes); no trial.
    assert metrics.mrr() == {"USD": Decimal("19.00") + Decimal("40.83") + Decimal("49.00")}
    by_plan = {row["plan"]: row for row in metrics.subscriptions_by_plan()}
    assert (by_plan["growth"]["active"], by_plan["growth"]["past_due"]) == (1, 1)
    assert by_plan["pro"]["trialing"] == 1
    (late,) = metrics.past_due_shops()
    assert late["subdomain"] == shops[2].subdomain and not late["suspended"]
    churn = metrics.churn(days=30)
    assert (churn["ended"], churn["base"], churn["rate"]) == (1, 4, Decimal("0.2500"))
    chart = metrics.bar_chart(metrics.subscriptions_by_plan())
    svg = render_to_string("billing/chart_by_plan.html", {"chart": chart})
    assert svg.count("<rect") == 4 and "Growth" in svg

"""Time-driven billing, with the clock moved by time-machine: trial reminders,
the grace period before suspension, reopening on payment, closing at period end and
deleting after retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection

from billing import dunning
from billing.models import Subscription
from billing.services import subscription_sync
from billing.tasks import billing_hourly
from billing.trials import subscription_trial_start
from shops.models import Shop
from shops.services import shop_suspend
from tests.billing.conftest import login_owner
from tests.catalog.conftest import ALPHA

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _remote(sub, status, **extra) -> dict:
    """A Stripe subscription object as Stripe returns it (API 2025-03-31 shape)."""
    return {
        "id": sub.stripe_subscription_id,
        "object": "subscription",
        "customer": sub.stripe_customer_id,
        "status": status,
        "cancel_at_period_end": extra.get("cancel_at_period_end", False),
        "trial_end": None,
        "ended_at": extra.get("ended_at"),
        "items": {
            "data": [
                {
                    "id": "si_1",
                    "price": {"id": sub.plan.stripe_price_monthly or "price_starter_m"},
                    "current_period_end": extra.get(
                        "period_end", int((T0 + timedelta(days=30)).timestamp())
                    ),
                }
            ]
        },
    }


@pytest.fixture
def billed(db):
    def make(shop, code):
        sub = subscription_trial_start(shop=shop)
        Subscription.objects.filter(pk=sub.pk).update(
            stripe_customer_id=f"cus_{code}", stripe_subscription_id=f"sub_{code}"
        )
        sub.refresh_from_db()
        return sub

    return make


def _shop(shop):
    return Shop.objects.get(pk=shop.pk)


def test_trial_reminders_go_3_days_and_1_day_before_the_end_once_each(
    shop_a, shop_b, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False) as clock:
        subscription_trial_start(shop=shop_a)  # trial ends T0 + 14 days
        steps = [(10, 0), (10.99, 0), (11, 1), (11.5, 0), (12.99, 0), (13, 1), (13.5, 0), (14.5, 0)]
        for days, expected in steps:
            clock.move_to(T0 + timedelta(days=days))
            with django_capture_on_commit_callbacks(execute=True):  # sent on commit
                assert dunning.trial_reminders_send() == expected, days
    assert [m.subject for m in mail.outbox] == [
        "Your Alpha Goods trial ends in 3 days",
        "Your Alpha Goods trial ends tomorrow",
    ]
    assert all(m.to == ["owner-alpha@example.com"] for m in mail.outbox)
    assert "http://alpha.souk.test/admin/billing/" in mail.outbox[0].body


def test_a_past_due_shop_is_suspended_after_the_grace_period_not_before(
    shop_a, shop_b, billed, client, settings, django_capture_on_commit_callbacks
):
    settings.BILLING_GRACE_DAYS = 14
    sub = billed(shop_a, "A")
    billed(shop_b, "B")
    with time_machine.travel(T0, tick=False) as clock:
        subscription_sync(remote=_remote(sub, "past_due"))
        clock.move_to(T0 + timedelta(days=13, hours=23))
        assert dunning.past_due_suspend() == 0
        assert _shop(shop_a).status == Shop.Status.ACTIVE
        assert client.get("/", HTTP_HOST=ALPHA).status_code == 200
        clock.move_to(T0 + timedelta(days=14, minutes=1))
        with django_capture_on_commit_callbacks(execute=True):
            assert dunning.past_due_suspend() == 1
            assert dunning.past_due_suspend() == 0  # once
    (notice,) = mail.outbox
    assert "closed until the bill is paid" in notice.subject
    assert _shop(shop_a).status == Shop.Status.SUSPENDED
    assert _shop(shop_b).status == Shop.Status.ACTIVE
    assert Subscription.objects.get(pk=sub.pk).suspended_for_billing
    # Storefront closed; in the admin only billing works.
    closed = client.get("/", HTTP_HOST=ALPHA)
    assert closed.status_code == 503
    login_owner(client, shop_a)
    response = client.get("/admin/catalog/products/", HTTP_HOST=ALPHA)
    assert response.status_code == 302 and response["Location"] == "/admin/billing/"
    page = client.get("/admin/billing/", HTTP_HOST=ALPHA)
    assert page.status_code == 200
    assert "Past due" in page.content.decode()
    assert client.get("/", HTTP_HOST="beta.souk.test").status_code == 200


def test_payment_reopens_the_shop_at_once(
    shop_a, billed, client, django_capture_on_commit_callbacks
):
    sub = billed(shop_a, "A")
    with time_machine.travel(T0, tick=False) as clock:
        subscription_sync(remote=_remote(sub, "past_due"))
        clock.move_to(T0 + timedelta(days=15))
        with django_capture_on_commit_callbacks(execute=True):  # routing sees it on commit
            assert dunning.past_due_suspend() == 1
        assert client.get("/", HTTP_HOST=ALPHA).status_code == 503
        clock.move_to(T0 + timedelta(days=15, minutes=5))
        with django_capture_on_commit_callbacks(execute=True):
            subscription_sync(remote=_remote(sub, "active"))
        # No periodic task needed: reopened by the payment itself.
        assert _shop(shop_a).status == Shop.Status.ACTIVE
        assert client.get("/", HTTP_HOST=ALPHA).status_code == 200
    sub.refresh_from_db()
    assert (sub.grace_deadline, sub.past_due_since, sub.suspended_for_billing) == (
        None,
        None,
        False,
    )


def test_payment_does_not_lift_an_operators_suspension(shop_a, billed):
    sub = billed(shop_a, "A")
    subscription_sync(remote=_remote(sub, "past_due"))
    shop_suspend(shop=shop_a, reason="abuse report", actor_name="ops")
    subscription_sync(remote=_remote(sub, "active"))
    assert _shop(shop_a).status == Shop.Status.SUSPENDED


def test_a_second_failure_keeps_the_first_deadline(shop_a, billed):
    sub = billed(shop_a, "A")
    with time_machine.travel(T0, tick=False) as clock:
        subscription_sync(remote=_remote(sub, "past_due"))
        first = Subscription.objects.get(pk=sub.pk).grace_deadline
        clock.move_to(T0 + timedelta(days=5))
        subscription_sync(remote=_remote(sub, "past_due"))
    assert Subscription.objects.get(pk=sub.pk).grace_deadline == first == T0 + timedelta(days=14)


def test_cancelled_shop_closes_at_period_end_and_is_deleted_after_retention(
    shop_a, shop_b, billed, settings
):
    settings.BILLING_RETENTION_DAYS = 30
    sub = billed(shop_a, "A")
    period_end = T0 + timedelta(days=10)
    with time_machine.travel(T0, tick=False) as clock:
        subscription_sync(
            remote=_remote(
                sub, "active", cancel_at_period_end=True, period_end=int(period_end.timestamp())
            )
        )
        clock.move_to(period_end - timedelta(hours=1))
        assert dunning.ended_subscriptions_close() == 0
        assert _shop(shop_a).status == Shop.Status.ACTIVE
        clock.move_to(period_end + timedelta(hours=1))
        assert dunning.ended_subscriptions_close() == 1
        assert _shop(shop_a).status == Shop.Status.SUSPENDED
        sub.refresh_from_db()
        assert sub.status == Subscription.Status.CANCELED
        assert sub.delete_after == period_end + timedelta(days=30)
        clock.move_to(period_end + timedelta(days=29))
        assert dunning.retention_expired_delete() == 0
        with connection.cursor() as cursor:  # data kept (and exportable) meanwhile
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [shop_a.schema_name])
            assert cursor.fetchone()
        clock.move_to(period_end + timedelta(days=30, hours=1))
        result = billing_hourly()
    assert result["deleted"] == 1
    assert not Shop.objects.filter(pk=shop_a.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [shop_a.schema_name])
        assert cursor.fetchone() is None
    assert Shop.objects.filter(pk=shop_b.pk).exists()
